/**
 * Gemma 3's tensor table (llama.cpp's LLM_ARCH_GEMMA3 create_tensor list, with the Hugging Face
 * names convert_hf_to_gguf maps from). Every norm is Gemma's x · (1 + w): the GGUF converter adds
 * the 1 to the stored weights, so on the HF path the table asks the loader to add it (hfShift).
 * The output head is tied to the embedding unless the file has output.weight. Letters as in
 * forward.ts.
 */
import { decoderTable, type BlockTable } from "../common/table.ts";
import type { DecoderLayer } from "../common/decoder.ts";
import type { TensorDef } from "../tensor-table.ts";
import type { Gemma3Config } from "./config.ts";

/** `A`: the kernels' F32 buffer type, which holds the norms. */
export interface Gemma3Layer<A> extends DecoderLayer<A> {
  qNorm: A; // (e)
  kNorm: A; // (e)
  postAttnNorm: A; // (d)
  postFfnNorm: A; // (d)
}

/** Gemma's (1 + w) norms: the loader adds the 1 on the HF path. */
const NORM_SHIFT = 1;

export function gemma3Tensors(c: Gemma3Config): TensorDef[] {
  const q = c.heads * c.headDim, kv = c.kvHeads * c.headDim, d = c.hidden;
  return decoderTable(c, (t: BlockTable) => {
    const norm = (gguf: string, key: string, hf: string, size: number) => t.vector(gguf, key, hf, size, NORM_SHIFT);
    norm("attn_norm.weight", "attnNorm", "input_layernorm.weight", d);
    t.matrix("attn_q.weight", "wq", "self_attn.q_proj.weight", [d, q]);
    t.matrix("attn_k.weight", "wk", "self_attn.k_proj.weight", [d, kv]);
    t.matrix("attn_v.weight", "wv", "self_attn.v_proj.weight", [d, kv]);
    norm("attn_q_norm.weight", "qNorm", "self_attn.q_norm.weight", c.headDim);
    norm("attn_k_norm.weight", "kNorm", "self_attn.k_norm.weight", c.headDim);
    t.matrix("attn_output.weight", "wo", "self_attn.o_proj.weight", [q, d]);
    norm("post_attention_norm.weight", "postAttnNorm", "post_attention_layernorm.weight", d);
    norm("ffn_norm.weight", "ffnNorm", "pre_feedforward_layernorm.weight", d);
    t.matrix("ffn_gate.weight", "wGate", "mlp.gate_proj.weight", [d, c.ffn]);
    t.matrix("ffn_up.weight", "wUp", "mlp.up_proj.weight", [d, c.ffn]);
    t.matrix("ffn_down.weight", "wDown", "mlp.down_proj.weight", [c.ffn, d]);
    norm("post_ffw_norm.weight", "postFfnNorm", "post_feedforward_layernorm.weight", d);
  }, NORM_SHIFT);
}

/**
 * A Gemma3ForConditionalGeneration checkpoint's names as the table spells them: the language
 * model's prefix removed (`language_model.model.` in older exports, `model.language_model.` in
 * newer ones); the vision tower and the projector are not part of the text model (null).
 */
export function gemma3HfName(name: string): string | null {
  if (name.startsWith("language_model.model.")) return "model." + name.slice("language_model.model.".length);
  if (name.startsWith("model.language_model.")) return "model." + name.slice("model.language_model.".length);
  if (name.startsWith("language_model.lm_head.")) return name.slice("language_model.".length);
  if (/^(model\.)?(vision_tower|multi_modal_projector)\./.test(name)) return null;
  return name;
}
