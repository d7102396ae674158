/**
 * Gemma 3's tensor table (llama.cpp's LLM_ARCH_GEMMA3 create_tensor list, with the Hugging Face
 * names convert_hf_to_gguf maps from). Every norm is Gemma's x · (1 + w): the GGUF converter adds
 * the 1 to the stored weights, so on the HF path the table asks the loader to add it (hfShift).
 * The output head is tied to the embedding unless the file has output.weight. Letters as in
 * forward.ts.
 */
import type { WeightHandle } from "../../kernels/types.ts";
import type { TensorDef } from "../tensor-table.ts";
import type { Gemma3Config } from "./config.ts";

/** `A`: the kernels' F32 buffer type, which holds the norms. */
export interface Gemma3Layer<A> {
  attnNorm: A; // (d)
  wq: WeightHandle; // (h·e, d)
  wk: WeightHandle; // (g·e, d)
  wv: WeightHandle; // (g·e, d)
  qNorm: A; // (e)
  kNorm: A; // (e)
  wo: WeightHandle; // (d, h·e)
  postAttnNorm: A; // (d)
  ffnNorm: A; // (d)
  wGate: WeightHandle; // (f, d)
  wUp: WeightHandle; // (f, d)
  wDown: WeightHandle; // (d, f)
  postFfnNorm: A; // (d)
}

export interface Gemma3Weights<A> {
  tokenEmbd: WeightHandle; // (V, d)
  outputNorm: A; // (d)
  output?: WeightHandle; // (V, d); absent when tied to the embedding
}

export function gemma3Tensors(c: Gemma3Config): TensorDef[] {
  const q = c.heads * c.headDim, kv = c.kvHeads * c.headDim, d = c.hidden;
  const t: TensorDef[] = [{ name: "token_embd.weight", key: "tokenEmbd", layer: -1, dims: [d, c.vocabSize], kind: "matrix", hf: "model.embed_tokens.weight" }];
  for (let i = 0; i < c.layers; i++) {
    const matrix = (gguf: string, key: string, hf: string, dims: number[]): void => {
      t.push({ name: `blk.${i}.${gguf}`, key, layer: i, dims, kind: "matrix", hf: `model.layers.${i}.${hf}` });
    };
    const norm = (gguf: string, key: string, hf: string, size: number): void => {
      t.push({ name: `blk.${i}.${gguf}`, key, layer: i, dims: [size], kind: "vector", hf: `model.layers.${i}.${hf}`, hfShift: 1 });
    };
    norm("attn_norm.weight", "attnNorm", "input_layernorm.weight", d);
    matrix("attn_q.weight", "wq", "self_attn.q_proj.weight", [d, q]);
    matrix("attn_k.weight", "wk", "self_attn.k_proj.weight", [d, kv]);
    matrix("attn_v.weight", "wv", "self_attn.v_proj.weight", [d, kv]);
    norm("attn_q_norm.weight", "qNorm", "self_attn.q_norm.weight", c.headDim);
    norm("attn_k_norm.weight", "kNorm", "self_attn.k_norm.weight", c.headDim);
    matrix("attn_output.weight", "wo", "self_attn.o_proj.weight", [q, d]);
    norm("post_attention_norm.weight", "postAttnNorm", "post_attention_layernorm.weight", d);
    norm("ffn_norm.weight", "ffnNorm", "pre_feedforward_layernorm.weight", d);
    matrix("ffn_gate.weight", "wGate", "mlp.gate_proj.weight", [d, c.ffn]);
    matrix("ffn_up.weight", "wUp", "mlp.up_proj.weight", [d, c.ffn]);
    matrix("ffn_down.weight", "wDown", "mlp.down_proj.weight", [c.ffn, d]);
    norm("post_ffw_norm.weight", "postFfnNorm", "post_feedforward_layernorm.weight", d);
  }
  t.push({ name: "output_norm.weight", key: "outputNorm", layer: -1, dims: [d], kind: "vector", hf: "model.norm.weight", hfShift: 1 });
  if (!c.tiedEmbeddings) t.push({ name: "output.weight", key: "output", layer: -1, dims: [d, c.vocabSize], kind: "matrix", hf: "lm_head.weight" });
  return t;
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
