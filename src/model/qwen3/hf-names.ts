/** Hugging Face Qwen3 tensor names → GGUF names (llama.cpp's convert_hf_to_gguf mapping). */
const LAYER: Record<string, string> = {
  "input_layernorm.weight": "attn_norm.weight",
  "self_attn.q_proj.weight": "attn_q.weight",
  "self_attn.k_proj.weight": "attn_k.weight",
  "self_attn.v_proj.weight": "attn_v.weight",
  "self_attn.o_proj.weight": "attn_output.weight",
  "self_attn.q_norm.weight": "attn_q_norm.weight",
  "self_attn.k_norm.weight": "attn_k_norm.weight",
  "post_attention_layernorm.weight": "ffn_norm.weight",
  "mlp.gate_proj.weight": "ffn_gate.weight",
  "mlp.up_proj.weight": "ffn_up.weight",
  "mlp.down_proj.weight": "ffn_down.weight",
};

const GLOBAL: Record<string, string> = {
  "model.embed_tokens.weight": "token_embd.weight",
  "model.norm.weight": "output_norm.weight",
  "lm_head.weight": "output.weight",
};

/** The GGUF name, or the HF name unchanged when it has none (the loader then rejects it by name). */
export function ggufNameFromHf(name: string): string {
  if (GLOBAL[name]) return GLOBAL[name]!;
  const m = /^model\.layers\.(\d+)\.(.+)$/.exec(name);
  if (m && LAYER[m[2]!]) return `blk.${m[1]}.${LAYER[m[2]!]}`;
  return name;
}
