/**
 * Qwen3 (and Qwen2) hyperparameters, read from GGUF metadata or a Hugging Face config.json and
 * validated once so the forward pass can trust them.
 */
import { InvalidModelConfigError, UnsupportedArchitectureError } from "../errors.ts";
import {
  ggufDecoderFields, hfDecoderFields, hfRopeFreqScale, num, validateDimensions, validateRopeNorm,
  type DecoderConfig, type GgufFacts, type Lookup,
} from "../config.ts";

/** The Qwen family's block: Llama's, with q/k norm (Qwen3) or q/k/v biases (Qwen2). */
export interface QwenConfig extends DecoderConfig {
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

/** From GGUF metadata (`{arch}.*` keys), with llama.cpp's defaults (config.ts). */
export function qwenConfigFromGguf(arch: string, get: Lookup, facts: GgufFacts, block: Pick<QwenConfig, "qkNorm" | "qkvBias">): QwenConfig {
  return validateQwenConfig({ architecture: arch, ...ggufDecoderFields(arch, get, facts), ...block });
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
  return validateQwenConfig({
    architecture: arch,
    ...hfDecoderFields(get),
    ropeTheta: num(get, "rope_theta", 10000),
    ropeFreqScale: hfRopeFreqScale(json.rope_scaling),
    tiedEmbeddings: json.tie_word_embeddings !== false,
    ...block,
  });
}
