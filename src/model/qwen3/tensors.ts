/**
 * The Qwen family's tensor table (llama.cpp's LLM_ARCH_QWEN3 / QWEN2 create_tensor lists, with
 * the Hugging Face names convert_hf_to_gguf maps from). Letters as in forward.ts.
 */
import { decoderTable, type BlockTable } from "../common/table.ts";
import type { DecoderLayer } from "../common/decoder.ts";
import type { TensorDef } from "../tensor-table.ts";
import type { QwenConfig } from "./config.ts";

/** `A`: the kernels' F32 buffer type, which holds norms and biases. */
export interface QwenLayer<A> extends DecoderLayer<A> {
  bq?: A; // (h·e) Qwen2
  bk?: A; // (g·e) Qwen2
  bv?: A; // (g·e) Qwen2
  qNorm?: A; // (e) Qwen3
  kNorm?: A; // (e) Qwen3
}

export function qwenTensors(c: QwenConfig): TensorDef[] {
  const q = c.heads * c.headDim, kv = c.kvHeads * c.headDim, d = c.hidden;
  return decoderTable(c, (t: BlockTable) => {
    t.vector("attn_norm.weight", "attnNorm", "input_layernorm.weight", d);
    t.matrix("attn_q.weight", "wq", "self_attn.q_proj.weight", [d, q]);
    t.matrix("attn_k.weight", "wk", "self_attn.k_proj.weight", [d, kv]);
    t.matrix("attn_v.weight", "wv", "self_attn.v_proj.weight", [d, kv]);
    if (c.qkvBias) {
      t.vector("attn_q.bias", "bq", "self_attn.q_proj.bias", q);
      t.vector("attn_k.bias", "bk", "self_attn.k_proj.bias", kv);
      t.vector("attn_v.bias", "bv", "self_attn.v_proj.bias", kv);
    }
    if (c.qkNorm) {
      t.vector("attn_q_norm.weight", "qNorm", "self_attn.q_norm.weight", c.headDim);
      t.vector("attn_k_norm.weight", "kNorm", "self_attn.k_norm.weight", c.headDim);
    }
    t.matrix("attn_output.weight", "wo", "self_attn.o_proj.weight", [q, d]);
    t.vector("ffn_norm.weight", "ffnNorm", "post_attention_layernorm.weight", d);
    t.matrix("ffn_gate.weight", "wGate", "mlp.gate_proj.weight", [d, c.ffn]);
    t.matrix("ffn_up.weight", "wUp", "mlp.up_proj.weight", [d, c.ffn]);
    t.matrix("ffn_down.weight", "wDown", "mlp.down_proj.weight", [c.ffn, d]);
  });
}
