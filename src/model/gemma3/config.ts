/**
 * Gemma 3 text hyperparameters (MedGemma), read from GGUF metadata or a Hugging Face config.json
 * (Gemma3ForCausalLM, or a Gemma3ForConditionalGeneration folder's text_config) and validated
 * once so the forward pass can trust them.
 *
 * What llama.cpp fixes rather than reads (llama-model.cpp, LLM_ARCH_GEMMA3), mirrored here for the
 * GGUF path: every sixth layer attends globally and the other five over a sliding window; local
 * layers use RoPE base 10,000 without scaling, global ones the file's base and linear scaling;
 * queries are scaled by 1/√head_dim, except on the 62-layer (27B) model, by 1/√(hidden / heads)
 * — Gemma's query_pre_attn_scalar, which the HF path reads from config.json.
 */
import { InvalidModelConfigError, UnsupportedArchitectureError } from "../errors.ts";
import {
  ggufDecoderFields, hfDecoderFields, hfRopeFreqScale, num, positiveInt, validateDimensions, validateRopeNorm, LIMITS,
  type DecoderConfig, type GgufFacts, type Lookup,
} from "../config.ts";

/** ropeTheta and ropeFreqScale (DecoderConfig) are the global (full-attention) layers'. */
export interface Gemma3Config extends DecoderConfig {
  architecture: "gemma3";
  /** RoPE base of the sliding-window layers (no scaling there). */
  ropeThetaLocal: number;
  /** f32 multiplier of the queries before attention (query_pre_attn_scalar^−½). */
  attnScale: number;
  /** Per layer: its sliding window, or 0 for a global layer. */
  windows: readonly number[];
}

/** llama.cpp's set_swa_pattern(6): layer l slides unless l % 6 == 5. */
const SWA_PATTERN = 6;
const LOCAL_ROPE_THETA = 10000;

function slidingPattern(layers: number, window: number, pattern: number): number[] {
  return Array.from({ length: layers }, (_, l) => (l % pattern < pattern - 1 ? window : 0));
}

export function validateGemma3Config(c: Gemma3Config): Gemma3Config {
  validateDimensions(c);
  validateRopeNorm(c.ropeDim, c.headDim, [c.ropeTheta, c.ropeThetaLocal], c.rmsEps);
  if (!(c.attnScale > 0) || !Number.isFinite(c.attnScale)) {
    throw new InvalidModelConfigError("attention scale out of range", { expected: "a positive finite number", found: String(c.attnScale) });
  }
  return c;
}

/** From GGUF metadata (`gemma3.*` keys), as llama.cpp reads them. */
export function gemma3ConfigFromGguf(get: Lookup, facts: GgufFacts): Gemma3Config {
  const f = ggufDecoderFields("gemma3", get, facts);
  const window = positiveInt("gemma3.attention.sliding_window", num(get, "gemma3.attention.sliding_window"), LIMITS.context);
  // llama.cpp's LLM_TYPE_27B rule (62 layers): integer hidden / heads, as its C division.
  const scalar = f.layers === 62 ? Math.floor(f.hidden / Math.max(1, f.heads)) : f.headDim;
  return validateGemma3Config({
    architecture: "gemma3",
    ...f,
    ropeThetaLocal: LOCAL_ROPE_THETA,
    attnScale: Math.fround(1 / Math.sqrt(scalar)),
    windows: slidingPattern(f.layers, window, SWA_PATTERN),
  });
}

/**
 * Gemma3TextConfig's defaults (transformers), which a Gemma3ForConditionalGeneration folder's
 * text_config relies on: it states only what differs from them.
 */
const HF_DEFAULTS: Record<string, unknown> = {
  vocab_size: 262_208, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8,
  num_key_value_heads: 4, head_dim: 256, max_position_embeddings: 131_072, rms_norm_eps: 1e-6, rope_theta: 1_000_000,
  rope_local_base_freq: 10_000, query_pre_attn_scalar: 256, sliding_window: 4096, sliding_window_pattern: 6,
};

/**
 * From a Hugging Face config.json: `gemma3_text` (Gemma3ForCausalLM, the text-only checkpoints)
 * or `gemma3` (Gemma3ForConditionalGeneration), whose text model is described by text_config.
 */
export function gemma3ConfigFromHf(json: Record<string, unknown>): Gemma3Config {
  let text = json;
  if (json.model_type === "gemma3") {
    const tc = json.text_config;
    if (typeof tc !== "object" || tc === null) {
      throw new InvalidModelConfigError("a gemma3 config.json without text_config", { expected: "text_config: { … } (Gemma3ForConditionalGeneration)", found: String(tc) });
    }
    text = { ...HF_DEFAULTS, ...(tc as Record<string, unknown>) };
  } else if (json.model_type !== "gemma3_text") {
    throw new UnsupportedArchitectureError(String(json.model_type ?? "unknown"), ["gemma3_text", "gemma3"]);
  }
  const get: Lookup = (key) => text[key];
  for (const key of ["final_logit_softcapping", "attn_logit_softcapping"]) {
    if (text[key] !== undefined && text[key] !== null) {
      throw new InvalidModelConfigError(`${key} is not supported for gemma3`, { expected: `${key} null (as Gemma 3 ships)`, found: JSON.stringify(text[key]) });
    }
  }
  const f = hfDecoderFields(get);
  const window = positiveInt("sliding_window", num(get, "sliding_window"), LIMITS.context);
  return validateGemma3Config({
    architecture: "gemma3",
    ...f,
    ...hfRope(text, get),
    attnScale: Math.fround(1 / Math.sqrt(num(get, "query_pre_attn_scalar", f.headDim))),
    // Gemma ties its output head to the embedding unless the config says otherwise.
    tiedEmbeddings: (json.tie_word_embeddings ?? text.tie_word_embeddings) !== false,
    windows: hfWindows(text, f.layers, window),
  });
}

/**
 * RoPE of the global and the local layers: rope_theta + rope_scaling and rope_local_base_freq, or
 * (configs saved by transformers 5) rope_parameters keyed by layer type, each with its rope_theta.
 */
function hfRope(text: Record<string, unknown>, get: Lookup): Pick<Gemma3Config, "ropeTheta" | "ropeFreqScale" | "ropeThetaLocal"> {
  const params = text.rope_parameters as Record<string, Record<string, unknown> | undefined> | undefined;
  if (params && typeof params === "object" && (params.full_attention || params.sliding_attention)) {
    const full = params.full_attention ?? {}, local = params.sliding_attention ?? {};
    return {
      ropeTheta: num((k) => full[k], "rope_theta", 1_000_000),
      ropeFreqScale: hfRopeFreqScale(full.rope_type === undefined ? null : full),
      ropeThetaLocal: num((k) => local[k], "rope_theta", LOCAL_ROPE_THETA),
    };
  }
  return {
    ropeTheta: num(get, "rope_theta", 1_000_000),
    ropeFreqScale: hfRopeFreqScale(text.rope_scaling),
    ropeThetaLocal: num(get, "rope_local_base_freq", LOCAL_ROPE_THETA),
  };
}

/** `layer_types` (newer configs) or `sliding_window_pattern` (default 6) → per-layer windows. */
function hfWindows(text: Record<string, unknown>, layers: number, window: number): number[] {
  const types = text.layer_types;
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types) || types.length !== layers || types.some((t) => t !== "sliding_attention" && t !== "full_attention")) {
      throw new InvalidModelConfigError("layer_types does not fit the model", {
        expected: `${layers} entries, each "sliding_attention" or "full_attention"`,
        found: JSON.stringify(Array.isArray(types) ? types.slice(0, 8) : types),
      });
    }
    return types.map((t) => (t === "sliding_attention" ? window : 0));
  }
  const pattern = positiveInt("sliding_window_pattern", num((key) => text[key], "sliding_window_pattern", SWA_PATTERN), LIMITS.layers);
  return slidingPattern(layers, window, pattern);
}
