/**
 * Model shapes for generated test models. `1.7b` and `4b` are the exact MedPsy shapes (from the
 * model card / Qwen3 configs); `tiny`, `small` and `odd` keep tests fast, and `odd` has unusual
 * dimensions on purpose: 6 query heads (not a power of two), query width 384 ≠ hidden, rows of
 * 384 that K-quants cannot hold (llama.cpp falls back to Q5_0/Q8_0), an untied output head;
 * `deep` has the 4B's depth (36 layers), 4 query heads per KV head and untied head on tiny
 * widths, so llama.cpp's per-layer quantization rules (n/8, n/16, use_more_bits) all apply.
 * MedPsy-4B's output head is untied (its BF16 file, 8.83 GB, is larger than the tied
 * Qwen3-4B's 8.05 GB by one vocab × hidden matrix), unlike Qwen3-4B and MedPsy-1.7B.
 */
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
}

const QWEN3_VOCAB = 151_936;

export const SHAPES = {
  tiny: { layers: 2, hidden: 256, ffn: 512, heads: 4, kvHeads: 2, headDim: 64, vocab: QWEN3_VOCAB, context: 4096, ropeTheta: 5e6, rmsEps: 1e-6, tied: true },
  small: { layers: 4, hidden: 512, ffn: 1536, heads: 8, kvHeads: 2, headDim: 128, vocab: QWEN3_VOCAB, context: 8192, ropeTheta: 5e6, rmsEps: 1e-6, tied: true },
  odd: { layers: 3, hidden: 384, ffn: 768, heads: 6, kvHeads: 2, headDim: 64, vocab: QWEN3_VOCAB, context: 2048, ropeTheta: 1e6, rmsEps: 1e-6, tied: false },
  "1.7b": { layers: 28, hidden: 2048, ffn: 6144, heads: 16, kvHeads: 8, headDim: 128, vocab: QWEN3_VOCAB, context: 40_960, ropeTheta: 1e6, rmsEps: 1e-6, tied: true },
  "4b": { layers: 36, hidden: 2560, ffn: 9728, heads: 32, kvHeads: 8, headDim: 128, vocab: QWEN3_VOCAB, context: 262_144, ropeTheta: 5e6, rmsEps: 1e-6, tied: false },
  deep: { layers: 36, hidden: 256, ffn: 512, heads: 4, kvHeads: 1, headDim: 64, vocab: QWEN3_VOCAB, context: 4096, ropeTheta: 5e6, rmsEps: 1e-6, tied: false },
} as const satisfies Record<string, TestShape>;

export type ShapeName = keyof typeof SHAPES;
export const SHAPE_NAMES = Object.keys(SHAPES) as ShapeName[];
