/**
 * The Qwen family's tensor table (llama.cpp's LLM_ARCH_QWEN3 / QWEN2 create_tensor lists, with
 * the Hugging Face names convert_hf_to_gguf maps from). Letters as in forward.ts.
 */
import type { WeightHandle } from "../../kernels/types.ts";
import type { TensorDef } from "../tensor-table.ts";
import type { QwenConfig } from "./config.ts";

/** `A`: the kernels' F32 buffer type, which holds norms and biases. */
export interface QwenLayer<A> {
  attnNorm: A; // (d)
  wq: WeightHandle; // (h·e, d)
  wk: WeightHandle; // (g·e, d)
  wv: WeightHandle; // (g·e, d)
  bq?: A; // (h·e) Qwen2
  bk?: A; // (g·e) Qwen2
  bv?: A; // (g·e) Qwen2
  qNorm?: A; // (e) Qwen3
  kNorm?: A; // (e) Qwen3
  wo: WeightHandle; // (d, h·e)
  ffnNorm: A; // (d)
  wGate: WeightHandle; // (f, d)
  wUp: WeightHandle; // (f, d)
  wDown: WeightHandle; // (d, f)
}

export interface QwenWeights<A> {
  tokenEmbd: WeightHandle; // (V, d)
  outputNorm: A; // (d)
  output?: WeightHandle; // (V, d); absent when tied to the embedding
}

export function qwenTensors(c: QwenConfig): TensorDef[] {
  const q = c.heads * c.headDim, kv = c.kvHeads * c.headDim, d = c.hidden;
  const t: TensorDef[] = [{ name: "token_embd.weight", key: "tokenEmbd", layer: -1, dims: [d, c.vocabSize], kind: "matrix", hf: "model.embed_tokens.weight" }];
  for (let i = 0; i < c.layers; i++) {
    const at = (gguf: string, key: string, hf: string, dims: number[], kind: TensorDef["kind"] = "matrix"): void => {
      t.push({ name: `blk.${i}.${gguf}`, key, layer: i, dims, kind, hf: `model.layers.${i}.${hf}` });
    };
    at("attn_norm.weight", "attnNorm", "input_layernorm.weight", [d], "vector");
    at("attn_q.weight", "wq", "self_attn.q_proj.weight", [d, q]);
    at("attn_k.weight", "wk", "self_attn.k_proj.weight", [d, kv]);
    at("attn_v.weight", "wv", "self_attn.v_proj.weight", [d, kv]);
    if (c.qkvBias) {
      at("attn_q.bias", "bq", "self_attn.q_proj.bias", [q], "vector");
      at("attn_k.bias", "bk", "self_attn.k_proj.bias", [kv], "vector");
      at("attn_v.bias", "bv", "self_attn.v_proj.bias", [kv], "vector");
    }
    if (c.qkNorm) {
      at("attn_q_norm.weight", "qNorm", "self_attn.q_norm.weight", [c.headDim], "vector");
      at("attn_k_norm.weight", "kNorm", "self_attn.k_norm.weight", [c.headDim], "vector");
    }
    at("attn_output.weight", "wo", "self_attn.o_proj.weight", [q, d]);
    at("ffn_norm.weight", "ffnNorm", "post_attention_layernorm.weight", [d], "vector");
    at("ffn_gate.weight", "wGate", "mlp.gate_proj.weight", [d, c.ffn]);
    at("ffn_up.weight", "wUp", "mlp.up_proj.weight", [d, c.ffn]);
    at("ffn_down.weight", "wDown", "mlp.down_proj.weight", [c.ffn, d]);
  }
  t.push({ name: "output_norm.weight", key: "outputNorm", layer: -1, dims: [d], kind: "vector", hf: "model.norm.weight" });
  if (!c.tiedEmbeddings) t.push({ name: "output.weight", key: "output", layer: -1, dims: [d, c.vocabSize], kind: "matrix", hf: "lm_head.weight" });
  return t;
}
