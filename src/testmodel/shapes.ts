/**
 * Model shapes for generated test models, per architecture. Qwen3: `1.7b` and `4b` are the exact
 * MedPsy shapes (from the model card / Qwen3 configs); `tiny`, `small` and `odd` keep tests fast,
 * and `odd` has unusual dimensions on purpose: 6 query heads (not a power of two), query width
 * 384 ≠ hidden, rows of 384 that K-quants cannot hold (llama.cpp falls back to Q5_0/Q8_0), an
 * untied output head; `deep` has the 4B's depth (36 layers), 4 query heads per KV head and
 * untied head on tiny widths, so llama.cpp's per-layer quantization rules (n/8, n/16,
 * use_more_bits) all apply. MedPsy-4B's output head is untied (its BF16 file, 8.83 GB, is larger
 * than the tied Qwen3-4B's 8.05 GB by one vocab × hidden matrix), unlike Qwen3-4B and MedPsy-1.7B.
 * Qwen2: `32b` is CompassJudger-2-32B's (Qwen2.5-32B-Instruct). Gemma 3: `4b` is MedGemma-1.5-4B's
 * text model, `27b` MedGemma-27B-text's (Gemma 3 configs); the small ones keep the
 * 5-local-to-1-global pattern with a window short enough for tests to cross it.
 */
export type TestArch = "qwen3" | "qwen2" | "gemma3";
export const TEST_ARCHS: readonly TestArch[] = ["qwen3", "qwen2", "gemma3"];

export interface TestShape {
  layers: number;
  hidden: number;
  ffn: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
  context: number;
  ropeTheta: number;
  rmsEps: number;
  tied: boolean;
  /** Gemma 3: sliding window of the local layers, and every `swaPattern`-th layer global. */
  window?: number;
  swaPattern?: number;
  /** Gemma 3: RoPE base of the local layers, and the global layers' linear scaling factor. */
  ropeThetaLocal?: number;
  ropeScaling?: number;
  /** Gemma 3: queries are scaled by 1/√(this) (HF query_pre_attn_scalar). */
  queryPreAttnScalar?: number;
}

const QWEN3_VOCAB = 151_936;
const QWEN2_VOCAB = 152_064;
const GEMMA3_VOCAB = 262_208;

export const SHAPES = {
  tiny: { layers: 2, hidden: 256, ffn: 512, heads: 4, kvHeads: 2, headDim: 64, vocab: QWEN3_VOCAB, context: 4096, ropeTheta: 5e6, rmsEps: 1e-6, tied: true },
  small: { layers: 4, hidden: 512, ffn: 1536, heads: 8, kvHeads: 2, headDim: 128, vocab: QWEN3_VOCAB, context: 8192, ropeTheta: 5e6, rmsEps: 1e-6, tied: true },
  odd: { layers: 3, hidden: 384, ffn: 768, heads: 6, kvHeads: 2, headDim: 64, vocab: QWEN3_VOCAB, context: 2048, ropeTheta: 1e6, rmsEps: 1e-6, tied: false },
  "1.7b": { layers: 28, hidden: 2048, ffn: 6144, heads: 16, kvHeads: 8, headDim: 128, vocab: QWEN3_VOCAB, context: 40_960, ropeTheta: 1e6, rmsEps: 1e-6, tied: true },
  "4b": { layers: 36, hidden: 2560, ffn: 9728, heads: 32, kvHeads: 8, headDim: 128, vocab: QWEN3_VOCAB, context: 262_144, ropeTheta: 5e6, rmsEps: 1e-6, tied: false },
  deep: { layers: 36, hidden: 256, ffn: 512, heads: 4, kvHeads: 1, headDim: 64, vocab: QWEN3_VOCAB, context: 4096, ropeTheta: 5e6, rmsEps: 1e-6, tied: false },
} as const satisfies Record<string, TestShape>;

const QWEN2_SHAPES = {
  tiny: { layers: 2, hidden: 256, ffn: 512, heads: 4, kvHeads: 2, headDim: 64, vocab: QWEN2_VOCAB, context: 4096, ropeTheta: 1e6, rmsEps: 1e-6, tied: true },
  small: { layers: 4, hidden: 512, ffn: 1536, heads: 8, kvHeads: 2, headDim: 64, vocab: QWEN2_VOCAB, context: 8192, ropeTheta: 1e6, rmsEps: 1e-6, tied: false },
  "32b": { layers: 64, hidden: 5120, ffn: 27648, heads: 40, kvHeads: 8, headDim: 128, vocab: QWEN2_VOCAB, context: 32_768, ropeTheta: 1e6, rmsEps: 1e-6, tied: false },
} as const satisfies Record<string, TestShape>;

const GEMMA3 = { vocab: GEMMA3_VOCAB, ropeTheta: 1e6, ropeThetaLocal: 1e4, rmsEps: 1e-6, tied: true, swaPattern: 6 } as const;
const GEMMA3_SHAPES = {
  tiny: { ...GEMMA3, layers: 7, hidden: 256, ffn: 512, heads: 4, kvHeads: 2, headDim: 64, context: 4096, window: 16, queryPreAttnScalar: 64 },
  small: { ...GEMMA3, layers: 6, hidden: 512, ffn: 1024, heads: 8, kvHeads: 4, headDim: 128, context: 8192, window: 32, ropeScaling: 8, queryPreAttnScalar: 128 },
  "4b": { ...GEMMA3, layers: 34, hidden: 2560, ffn: 10240, heads: 8, kvHeads: 4, headDim: 256, context: 131_072, window: 1024, ropeScaling: 8, queryPreAttnScalar: 256 },
  "27b": { ...GEMMA3, layers: 62, hidden: 5376, ffn: 21504, heads: 32, kvHeads: 16, headDim: 128, context: 131_072, window: 1024, ropeScaling: 8, queryPreAttnScalar: 168 },
} as const satisfies Record<string, TestShape>;

export const SHAPES_BY_ARCH: Record<TestArch, Record<string, TestShape>> = { qwen3: SHAPES, qwen2: QWEN2_SHAPES, gemma3: GEMMA3_SHAPES };

export type ShapeName = keyof typeof SHAPES | keyof typeof QWEN2_SHAPES | keyof typeof GEMMA3_SHAPES;
/** Qwen3's shape names (the default architecture). */
export const SHAPE_NAMES = Object.keys(SHAPES) as ShapeName[];
