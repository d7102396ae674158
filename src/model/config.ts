/**
 * What every architecture's config says, whatever else it holds: the engine's shape (layers,
 * KV heads, head dim, vocabulary, sliding windows) plus what `info` reports. Each architecture
 * (src/model/<arch>/config.ts) extends it with its own hyperparameters, read from GGUF metadata
 * or a Hugging Face config.json with the helpers below and validated once, so its forward pass
 * can trust them.
 */
import type { ModelShape } from "../engine/shape.ts";
import { InvalidModelConfigError } from "./errors.ts";

export interface ModelConfig extends ModelShape {
  /** GGUF `general.architecture`: the registry key. */
  architecture: string;
  /** d: hidden size. */
  hidden: number;
  /** h: query heads. */
  heads: number;
  /** f: FFN inner size. */
  ffn: number;
  /** The trained maximum context. */
  trainedContext: number;
  /** True when the output head reuses the token embedding (no output.weight). */
  tiedEmbeddings: boolean;
}

/** A metadata lookup: GGUF key or config.json field → value. */
export type Lookup = (key: string) => unknown;

/** Facts a GGUF config reader takes from the file beyond its metadata. */
export interface GgufFacts {
  /** Entries of tokenizer.ggml.tokens (the vocabulary when `{arch}.vocab_size` is absent). */
  vocabSize: number;
  /** Whether the file has `output.weight` (else the embedding is tied). */
  hasOutput: boolean;
}

/** Upper bounds that keep a hostile file from making us allocate absurd buffers. */
export const LIMITS = { layers: 512, hidden: 65536, ffn: 262144, heads: 1024, headDim: 1024, vocab: 4_000_000, context: 16_777_216 };

export function num(get: Lookup, key: string, fallback?: number): number {
  const raw = get(key);
  const v = typeof raw === "bigint" ? Number(raw) : raw;
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new InvalidModelConfigError(`missing "${key}"`, { expected: `a number for "${key}"`, found: "nothing" });
  }
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvalidModelConfigError(`"${key}" is not a number`, { expected: "a finite number", found: JSON.stringify(v) });
  }
  return v;
}

export function positiveInt(name: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 1 || v > max) {
    throw new InvalidModelConfigError(`"${name}" is out of range`, { expected: `an integer in 1..${max}`, found: String(v) });
  }
  return v;
}

/** The transformer dimensions every architecture has, checked against each other. */
export function validateDimensions(c: ModelConfig): void {
  positiveInt("layers", c.layers, LIMITS.layers);
  positiveInt("hidden", c.hidden, LIMITS.hidden);
  positiveInt("ffn", c.ffn, LIMITS.ffn);
  positiveInt("heads", c.heads, LIMITS.heads);
  positiveInt("kvHeads", c.kvHeads, LIMITS.heads);
  positiveInt("headDim", c.headDim, LIMITS.headDim);
  positiveInt("vocabSize", c.vocabSize, LIMITS.vocab);
  positiveInt("trainedContext", c.trainedContext, LIMITS.context);
  if (c.heads % c.kvHeads !== 0) {
    throw new InvalidModelConfigError("query heads must be a multiple of key/value heads", {
      expected: `head_count divisible by head_count_kv (${c.kvHeads})`,
      found: `${c.heads}`,
    });
  }
  if (c.windows) {
    if (c.windows.length !== c.layers || c.windows.some((w) => !Number.isInteger(w) || w < 0 || w > LIMITS.context)) {
      throw new InvalidModelConfigError("sliding windows out of range", { expected: `${c.layers} non-negative integers`, found: JSON.stringify(c.windows.slice(0, 8)) });
    }
  }
}

/** RoPE and RMSNorm settings in range (theta > 0, 0 < eps ≤ 1, even rope dims ≤ head dim). */
export function validateRopeNorm(ropeDim: number, headDim: number, thetas: readonly number[], rmsEps: number): void {
  if (ropeDim < 2 || ropeDim > headDim || ropeDim % 2 !== 0) {
    throw new InvalidModelConfigError("rope dimension out of range", { expected: `an even number in 2..${headDim}`, found: String(ropeDim) });
  }
  if (thetas.some((t) => !(t > 0)) || !(rmsEps > 0) || rmsEps > 1) {
    throw new InvalidModelConfigError("rope theta or RMS epsilon out of range", { expected: "theta > 0 and 0 < eps ≤ 1", found: `theta ${thetas.join("/")}, eps ${rmsEps}` });
  }
}

/** Head size from GGUF (`{arch}.attention.key_length`, else hidden / heads), with value_length equal to it. */
export function ggufHeadDim(get: Lookup, arch: string, hidden: number, heads: number): number {
  const headDim = num(get, `${arch}.attention.key_length`, Math.floor(hidden / Math.max(1, heads)));
  const valueLength = num(get, `${arch}.attention.value_length`, headDim);
  if (valueLength !== headDim) {
    throw new InvalidModelConfigError("key and value head sizes differ", { expected: `value_length == key_length (${headDim})`, found: String(valueLength) });
  }
  return headDim;
}

/** GGUF linear RoPE scaling: 1 / `{arch}.rope.scaling.factor` when its type is linear (or unset), else refused. */
export function ggufRopeFreqScale(get: Lookup, arch: string): number {
  const type = get(`${arch}.rope.scaling.type`);
  const factor = num(get, `${arch}.rope.scaling.factor`, 0);
  if (type !== undefined && type !== "none" && type !== "linear") {
    throw new InvalidModelConfigError(`rope scaling "${String(type)}" is not supported`, { expected: "none or linear", found: String(type) });
  }
  if (type === "none" || factor === 0) return 1;
  if (!(factor > 0)) throw new InvalidModelConfigError("rope scaling factor out of range", { expected: "> 0", found: String(factor) });
  return Math.fround(1 / factor);
}

/** HF `rope_scaling` (null, or linear with a factor) → the freqScale RoPE uses. */
export function hfRopeFreqScale(scaling: unknown): number {
  if (scaling === undefined || scaling === null) return 1;
  const s = scaling as { rope_type?: unknown; type?: unknown; factor?: unknown };
  const type = s.rope_type ?? s.type;
  if (type === "default") return 1;
  if (type !== "linear" || typeof s.factor !== "number" || !(s.factor > 0)) {
    throw new InvalidModelConfigError("rope scaling is not supported", {
      expected: 'rope_scaling null or { "rope_type": "linear", "factor": N }',
      found: JSON.stringify(scaling),
    });
  }
  return Math.fround(1 / s.factor);
}

/** A Llama-style decoder's settings beyond the shape: RoPE (NeoX layout) and RMSNorm. */
export interface DecoderConfig extends ModelConfig {
  /** Rotary dimensions per head (≤ e, even). */
  ropeDim: number;
  /** RoPE base (of the global layers, where some slide). */
  ropeTheta: number;
  /** Linear RoPE scaling: 1 / factor (1: none). */
  ropeFreqScale: number;
  rmsEps: number;
}

/** What a GGUF file's `{arch}.*` keys say of a decoder, as llama.cpp reads them (unvalidated). */
export type DecoderFields = Omit<DecoderConfig, "architecture" | "windows">;

/**
 * A decoder's fields from GGUF metadata. Defaults mirror llama.cpp's loader: key_length =
 * hidden / heads, rope dims = key_length, theta 10000, KV heads = heads.
 */
export function ggufDecoderFields(arch: string, get: Lookup, facts: GgufFacts): DecoderFields {
  const k = (s: string) => `${arch}.${s}`;
  const hidden = num(get, k("embedding_length"));
  const heads = num(get, k("attention.head_count"));
  const headDim = ggufHeadDim(get, arch, hidden, heads);
  return {
    layers: num(get, k("block_count")),
    hidden,
    ffn: num(get, k("feed_forward_length")),
    heads,
    kvHeads: num(get, k("attention.head_count_kv"), heads),
    headDim,
    ropeDim: num(get, k("rope.dimension_count"), headDim),
    ropeTheta: num(get, k("rope.freq_base"), 10000),
    ropeFreqScale: ggufRopeFreqScale(get, arch),
    rmsEps: num(get, k("attention.layer_norm_rms_epsilon")),
    vocabSize: num(get, k("vocab_size"), facts.vocabSize),
    trainedContext: num(get, k("context_length")),
    tiedEmbeddings: !facts.hasOutput,
  };
}

/**
 * A decoder's dimensions from a Hugging Face config.json (head_dim defaults to hidden / heads,
 * RoPE over the whole head, rms_norm_eps to 1e-6); RoPE base and scaling and the tied head are
 * each architecture's own (their defaults and spellings differ).
 */
export function hfDecoderFields(get: Lookup): Omit<DecoderFields, "ropeTheta" | "ropeFreqScale" | "tiedEmbeddings"> {
  const hidden = num(get, "hidden_size");
  const heads = num(get, "num_attention_heads");
  const headDim = num(get, "head_dim", Math.floor(hidden / Math.max(1, heads)));
  return {
    layers: num(get, "num_hidden_layers"),
    hidden,
    ffn: num(get, "intermediate_size"),
    heads,
    kvHeads: num(get, "num_key_value_heads", heads),
    headDim,
    ropeDim: headDim,
    rmsEps: num(get, "rms_norm_eps", 1e-6),
    vocabSize: num(get, "vocab_size"),
    trainedContext: num(get, "max_position_embeddings"),
  };
}
