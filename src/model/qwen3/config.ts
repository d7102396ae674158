/**
 * Qwen3 hyperparameters, read from GGUF metadata or a Hugging Face config.json, validated once
 * so the forward pass can trust them.
 */
import { InvalidModelConfigError, UnsupportedArchitectureError } from "../errors.ts";

export interface Qwen3Config {
  architecture: "qwen3";
  /** Transformer blocks. */
  layers: number;
  /** d: hidden size. */
  hidden: number;
  /** f: FFN inner size. */
  ffn: number;
  /** h: query heads. */
  heads: number;
  /** g: key/value heads (grouped-query attention; h % g == 0). */
  kvHeads: number;
  /** e: head dimension (keys and values). */
  headDim: number;
  /** Rotary dimensions per head (≤ e, even). */
  ropeDim: number;
  ropeTheta: number;
  rmsEps: number;
  vocabSize: number;
  /** The trained maximum context. */
  trainedContext: number;
  /** True when the output head reuses the token embedding (no output.weight). */
  tiedEmbeddings: boolean;
}

export const SUPPORTED_ARCHITECTURES = ["qwen3"] as const;

/** Upper bounds that keep a hostile file from making us allocate absurd buffers. */
const LIMITS = { layers: 512, hidden: 65536, ffn: 262144, heads: 1024, headDim: 1024, vocab: 4_000_000, context: 16_777_216 };

type Lookup = (key: string) => unknown;

function num(get: Lookup, key: string, fallback?: number): number {
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

function positiveInt(name: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 1 || v > max) {
    throw new InvalidModelConfigError(`"${name}" is out of range`, { expected: `an integer in 1..${max}`, found: String(v) });
  }
  return v;
}

/** Checks relations between fields; returns the config for chaining. */
export function validateConfig(c: Qwen3Config): Qwen3Config {
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
  if (c.ropeDim < 2 || c.ropeDim > c.headDim || c.ropeDim % 2 !== 0) {
    throw new InvalidModelConfigError("rope dimension out of range", {
      expected: `an even number in 2..${c.headDim}`,
      found: String(c.ropeDim),
    });
  }
  if (!(c.ropeTheta > 0) || !(c.rmsEps > 0) || c.rmsEps > 1) {
    throw new InvalidModelConfigError("rope theta or RMS epsilon out of range", {
      expected: "theta > 0 and 0 < eps ≤ 1",
      found: `theta ${c.ropeTheta}, eps ${c.rmsEps}`,
    });
  }
  return c;
}

/**
 * From GGUF metadata (`general.architecture`, `{arch}.*` keys). Defaults mirror llama.cpp's
 * loader: key_length = hidden / heads, rope dims = key_length, theta 10000.
 */
export function configFromGguf(get: Lookup, vocabSize: number, hasOutputTensor: boolean): Qwen3Config {
  const arch = get("general.architecture");
  if (typeof arch !== "string") {
    throw new InvalidModelConfigError('missing "general.architecture"', { expected: "a string", found: String(arch) });
  }
  if (!(SUPPORTED_ARCHITECTURES as readonly string[]).includes(arch)) {
    throw new UnsupportedArchitectureError(arch, SUPPORTED_ARCHITECTURES);
  }
  const k = (s: string) => `${arch}.${s}`;
  const hidden = num(get, k("embedding_length"));
  const heads = num(get, k("attention.head_count"));
  const headDim = num(get, k("attention.key_length"), Math.floor(hidden / Math.max(1, heads)));
  const valueLength = num(get, k("attention.value_length"), headDim);
  if (valueLength !== headDim) {
    throw new InvalidModelConfigError("key and value head sizes differ", {
      expected: `value_length == key_length (${headDim})`,
      found: String(valueLength),
    });
  }
  return validateConfig({
    architecture: "qwen3",
    layers: num(get, k("block_count")),
    hidden,
    ffn: num(get, k("feed_forward_length")),
    heads,
    kvHeads: num(get, k("attention.head_count_kv"), heads),
    headDim,
    ropeDim: num(get, k("rope.dimension_count"), headDim),
    ropeTheta: num(get, k("rope.freq_base"), 10000),
    rmsEps: num(get, k("attention.layer_norm_rms_epsilon")),
    vocabSize: num(get, k("vocab_size"), vocabSize),
    trainedContext: num(get, k("context_length")),
    tiedEmbeddings: !hasOutputTensor,
  });
}

/** From a Hugging Face config.json object (Qwen3ForCausalLM). */
export function configFromHf(json: Record<string, unknown>): Qwen3Config {
  const modelType = json.model_type;
  if (modelType !== "qwen3") {
    const archs = Array.isArray(json.architectures) ? json.architectures.join(",") : "";
    throw new UnsupportedArchitectureError(String(modelType ?? archs ?? "unknown"), SUPPORTED_ARCHITECTURES);
  }
  const get: Lookup = (key) => json[key];
  if (json.rope_scaling !== undefined && json.rope_scaling !== null) {
    throw new InvalidModelConfigError("rope scaling is not supported", {
      expected: "rope_scaling null",
      found: JSON.stringify(json.rope_scaling),
      hint: "load the model without a rope_scaling entry (the published MedPsy config has none)",
    });
  }
  if (json.attention_bias === true) {
    throw new InvalidModelConfigError("attention biases are not part of Qwen3", { expected: "attention_bias false", found: "true" });
  }
  const hidden = num(get, "hidden_size");
  const heads = num(get, "num_attention_heads");
  const headDim = num(get, "head_dim", Math.floor(hidden / Math.max(1, heads)));
  return validateConfig({
    architecture: "qwen3",
    layers: num(get, "num_hidden_layers"),
    hidden,
    ffn: num(get, "intermediate_size"),
    heads,
    kvHeads: num(get, "num_key_value_heads", heads),
    headDim,
    ropeDim: headDim,
    ropeTheta: num(get, "rope_theta", 10000),
    rmsEps: num(get, "rms_norm_eps", 1e-6),
    vocabSize: num(get, "vocab_size"),
    trainedContext: num(get, "max_position_embeddings"),
    tiedEmbeddings: json.tie_word_embeddings !== false,
  });
}
