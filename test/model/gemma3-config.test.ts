/**
 * Gemma 3's config readers and HF names: llama.cpp's fixed choices on the GGUF path (5 sliding
 * layers to 1 global, local RoPE base 10,000, the 27B's query scale), config.json's own on the HF
 * path (query_pre_attn_scalar, layer_types, a Gemma3ForConditionalGeneration text_config with
 * transformers' defaults), and the multimodal checkpoint's names mapped onto the text table.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { architectureFor, architectureForHf } from "../../src/model/registry.ts";
import { gemma3ConfigFromGguf, gemma3ConfigFromHf } from "../../src/model/gemma3/config.ts";
import { gemma3HfName, gemma3Tensors } from "../../src/model/gemma3/tensors.ts";
import { InvalidModelConfigError } from "../../src/model/errors.ts";

function gguf(extra: Record<string, unknown> = {}) {
  const md: Record<string, unknown> = {
    "gemma3.embedding_length": 2560, "gemma3.block_count": 34, "gemma3.feed_forward_length": 10240,
    "gemma3.attention.head_count": 8, "gemma3.attention.head_count_kv": 4, "gemma3.attention.key_length": 256,
    "gemma3.attention.value_length": 256, "gemma3.attention.layer_norm_rms_epsilon": 1e-6, "gemma3.attention.sliding_window": 1024,
    "gemma3.rope.freq_base": 1e6, "gemma3.rope.scaling.type": "linear", "gemma3.rope.scaling.factor": 8, "gemma3.context_length": 131072,
    ...extra,
  };
  return (k: string) => md[k];
}

test("GGUF: MedGemma-4B's metadata gives llama.cpp's pattern, RoPE bases and query scale", () => {
  const c = gemma3ConfigFromGguf(gguf(), { vocabSize: 262208, hasOutput: false });
  assert.equal(architectureFor("gemma3").name, "gemma3");
  assert.equal(c.headDim, 256, "key_length, not hidden / heads (320)");
  assert.deepEqual(c.windows.slice(0, 12), [1024, 1024, 1024, 1024, 1024, 0, 1024, 1024, 1024, 1024, 1024, 0]);
  assert.equal(c.windows.length, 34);
  assert.equal(c.ropeThetaLocal, 10000);
  assert.equal(c.ropeTheta, 1e6);
  assert.equal(c.ropeFreqScale, Math.fround(1 / 8));
  assert.equal(c.attnScale, Math.fround(1 / 16));
  assert.equal(c.tiedEmbeddings, true);
  // The 62-layer (27B) model: 1/√(hidden / heads) = 1/√168, as llama.cpp's LLM_TYPE_27B rule.
  const big = gemma3ConfigFromGguf(gguf({ "gemma3.block_count": 62, "gemma3.embedding_length": 5376, "gemma3.attention.head_count": 32, "gemma3.attention.head_count_kv": 16, "gemma3.attention.key_length": 128, "gemma3.attention.value_length": 128 }), { vocabSize: 262208, hasOutput: false });
  assert.equal(big.attnScale, Math.fround(1 / Math.sqrt(168)));
  assert.throws(() => gemma3ConfigFromGguf(gguf({ "gemma3.attention.sliding_window": undefined }), { vocabSize: 262208, hasOutput: false }), InvalidModelConfigError);
});

const TEXT = {
  model_type: "gemma3_text", hidden_size: 5376, intermediate_size: 21504, num_hidden_layers: 62, num_attention_heads: 32, num_key_value_heads: 16,
  head_dim: 128, query_pre_attn_scalar: 168, rope_theta: 1e6, rope_local_base_freq: 10000, rope_scaling: { rope_type: "linear", factor: 8 },
  sliding_window: 1024, rms_norm_eps: 1e-6, vocab_size: 262208, max_position_embeddings: 131072, final_logit_softcapping: null,
};

test("HF: gemma3_text reads query_pre_attn_scalar, sliding_window_pattern or layer_types", () => {
  const c = gemma3ConfigFromHf(TEXT);
  assert.equal(architectureForHf("gemma3_text").name, "gemma3");
  assert.equal(c.attnScale, Math.fround(1 / Math.sqrt(168)));
  assert.equal(c.windows.filter((w) => w === 0).length, 10, "62 layers: every sixth global");
  assert.equal(c.windows[5], 0);
  const types = Array.from({ length: 62 }, (_, i) => (i % 2 ? "full_attention" : "sliding_attention"));
  assert.deepEqual(gemma3ConfigFromHf({ ...TEXT, layer_types: types }).windows.slice(0, 4), [1024, 0, 1024, 0]);
  assert.throws(() => gemma3ConfigFromHf({ ...TEXT, layer_types: ["sliding_attention"] }), InvalidModelConfigError);
  assert.throws(() => gemma3ConfigFromHf({ ...TEXT, final_logit_softcapping: 30 }), /final_logit_softcapping/);
  // transformers 5 writes RoPE per layer type.
  const { rope_theta: _t, rope_scaling: _s, rope_local_base_freq: _l, ...v5 } = TEXT;
  const c5 = gemma3ConfigFromHf({ ...v5, rope_parameters: { full_attention: { rope_type: "linear", factor: 8, rope_theta: 1e6 }, sliding_attention: { rope_type: "default", rope_theta: 10000 } } });
  assert.deepEqual([c5.ropeTheta, c5.ropeFreqScale, c5.ropeThetaLocal], [c.ropeTheta, c.ropeFreqScale, c.ropeThetaLocal]);
});

test("HF: a Gemma3ForConditionalGeneration folder's text_config, with transformers' defaults for what it omits", () => {
  // MedGemma-4B's config.json states only what differs from Gemma3TextConfig's defaults.
  const c = gemma3ConfigFromHf({
    model_type: "gemma3", architectures: ["Gemma3ForConditionalGeneration"],
    text_config: { model_type: "gemma3_text", hidden_size: 2560, intermediate_size: 10240, num_hidden_layers: 34, rope_scaling: { rope_type: "linear", factor: 8 }, sliding_window: 1024 },
    vision_config: { model_type: "siglip_vision_model" },
  });
  assert.equal(architectureForHf("gemma3").name, "gemma3");
  assert.equal(c.heads, 8);
  assert.equal(c.kvHeads, 4);
  assert.equal(c.headDim, 256);
  assert.equal(c.vocabSize, 262208);
  assert.equal(c.attnScale, Math.fround(1 / 16));
  assert.equal(c.windows[5], 0);
  assert.equal(c.windows[0], 1024);
  assert.throws(() => gemma3ConfigFromHf({ model_type: "gemma3" }), /text_config/);
});

test("HF names: the multimodal checkpoint's language model maps onto the text table; the vision tower is skipped", () => {
  const c = gemma3ConfigFromHf({ ...TEXT, num_hidden_layers: 2 });
  const byHf = new Map(gemma3Tensors(c).map((d) => [d.hf, d]));
  for (const name of ["language_model.model.layers.1.self_attn.q_norm.weight", "model.language_model.layers.1.self_attn.q_norm.weight"]) {
    assert.equal(byHf.get(gemma3HfName(name)!)?.name, "blk.1.attn_q_norm.weight");
  }
  assert.equal(byHf.get(gemma3HfName("model.language_model.embed_tokens.weight")!)?.name, "token_embd.weight");
  assert.equal(byHf.get(gemma3HfName("model.layers.0.pre_feedforward_layernorm.weight")!)?.name, "blk.0.ffn_norm.weight");
  assert.equal(gemma3HfName("vision_tower.vision_model.encoder.layers.0.mlp.fc1.weight"), null);
  assert.equal(gemma3HfName("model.multi_modal_projector.mm_input_projection_weight"), null);
  // Every norm is (1 + w): added on the HF path only.
  assert.ok(gemma3Tensors(c).filter((d) => d.kind === "vector").every((d) => d.hfShift === 1));
  assert.ok(gemma3Tensors(c).filter((d) => d.kind === "matrix").every((d) => d.hfShift === undefined));
});
