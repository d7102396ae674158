/**
 * Qwen3 (and Qwen2) hyperparameters, read from GGUF metadata or a Hugging Face config.json and
 * validated once so the forward pass can trust them.
 */
import { InvalidModelConfigError, UnsupportedArchitectureError } from "../errors.ts";
import {
  ggufHeadDim, ggufRopeFreqScale, hfRopeFreqScale, num, validateDimensions, validateRopeNorm,
  type GgufFacts, type Lookup, type ModelConfig,
} from "../config.ts";

/** The Qwen family's block: Llama's, with q/k norm (Qwen3) or q/k/v biases (Qwen2). */
export interface QwenConfig extends ModelConfig {
  /** f: FFN inner size. */
  ffn: number;
  /** Rotary dimensions per head (≤ e, even). */
  ropeDim: number;
  ropeTheta: number;
  /** Linear RoPE scaling: 1 / factor (1: none). */
  ropeFreqScale: number;
  rmsEps: number;
  /** Per-head RMSNorm of q and k before RoPE (Qwen3). */
  qkNorm: boolean;
  /** Biases on the q, k and v projections (Qwen2). */
  qkvBias: boolean;
}

export type Qwen3Config = QwenConfig & { architecture: "qwen3" };

export function validateQwenConfig<C extends QwenConfig>(c: C): C {
  validateDimensions(c);
  validateRopeNorm(c.ropeDim, c.headDim, [c.ropeTheta], c.rmsEps);
  return c;
}

/**
 * From GGUF metadata (`{arch}.*` keys). Defaults mirror llama.cpp's loader: key_length =
 * hidden / heads, rope dims = key_length, theta 10000.
 */
export function qwenConfigFromGguf(arch: string, get: Lookup, facts: GgufFacts, block: Pick<QwenConfig, "qkNorm" | "qkvBias">): QwenConfig {
  const k = (s: string) => `${arch}.${s}`;
  const hidden = num(get, k("embedding_length"));
  const heads = num(get, k("attention.head_count"));
  const headDim = ggufHeadDim(get, arch, hidden, heads);
  return validateQwenConfig({
    architecture: arch,
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
    ...block,
  });
}

/** From a Hugging Face config.json (Qwen3ForCausalLM / Qwen2ForCausalLM). */
export function qwenConfigFromHf(arch: string, json: Record<string, unknown>, block: Pick<QwenConfig, "qkNorm" | "qkvBias">): QwenConfig {
  if (json.model_type !== arch) throw new UnsupportedArchitectureError(String(json.model_type ?? "unknown"), [arch]);
  const get: Lookup = (key) => json[key];
  const bias = block.qkvBias ? json.attention_bias !== false : json.attention_bias === true;
  if (bias !== block.qkvBias) {
    throw new InvalidModelConfigError(`attention_bias ${String(json.attention_bias)} does not fit ${arch}`, { expected: `attention_bias ${block.qkvBias}`, found: String(json.attention_bias) });
  }
  if (json.use_sliding_window === true) {
    throw new InvalidModelConfigError("sliding-window attention is not supported for this architecture", { expected: "use_sliding_window false", found: "true" });
  }
  const hidden = num(get, "hidden_size");
  const heads = num(get, "num_attention_heads");
  const headDim = num(get, "head_dim", Math.floor(hidden / Math.max(1, heads)));
  return validateQwenConfig({
    architecture: arch,
    layers: num(get, "num_hidden_layers"),
    hidden,
    ffn: num(get, "intermediate_size"),
    heads,
    kvHeads: num(get, "num_key_value_heads", heads),
    headDim,
    ropeDim: headDim,
    ropeTheta: num(get, "rope_theta", 10000),
    ropeFreqScale: hfRopeFreqScale(json.rope_scaling),
    rmsEps: num(get, "rms_norm_eps", 1e-6),
    vocabSize: num(get, "vocab_size"),
    trainedContext: num(get, "max_position_embeddings"),
    tiedEmbeddings: json.tie_word_embeddings !== false,
    ...block,
  });
}
