/**
 * The tensors of a generated model (GGUF and HF names, shapes) and their random values, per
 * architecture: Qwen3's block; Qwen2's without q/k norm, with q/k/v biases; Gemma 3's with
 * post-attention and post-FFN norms (HF checkpoints store Gemma's norms as w in (1 + w)).
 *
 * Scales are chosen so the model behaves like a trained one where it matters for testing:
 * input projections N(0, 1/fan_in) keep activations O(1); output projections (attn_output,
 * ffn_down) are doubled so that the layers, not the token's own embedding, dominate the residual
 * stream — with tied embeddings a dominant embedding makes the model repeat its input token;
 * norm weights 1 ± 0.1; embeddings sized for a logit std of ≈ 3, so the next-token distribution
 * is peaked and greedy decoding is rarely decided by a near-tie.
 */
import { Rng } from "../sampling/rng.ts";
import type { TestArch, TestShape } from "./shapes.ts";

export interface TensorSpec {
  /** GGUF name. */
  name: string;
  /** Hugging Face name. */
  hfName: string;
  /** GGUF order: [ne0 (input features), ne1 (output features)]. */
  dims: number[];
  /** Normal distribution the values come from. */
  mean: number;
  std: number;
  /** Layer index for per-layer quantization rules, or -1. */
  layer: number;
  /** Role for the quantization mix. */
  role: "embd" | "output" | "norm" | "bias" | "attn_q" | "attn_k" | "attn_v" | "attn_output" | "ffn_gate" | "ffn_up" | "ffn_down";
  /** Gemma norms: the HF checkpoint holds w − 1 (the model computes x · (1 + w)). */
  gemmaNorm?: boolean;
}

export function tensorSpecs(s: TestShape, arch: TestArch = "qwen3"): TensorSpec[] {
  const gemma = arch === "gemma3";
  const q = s.heads * s.headDim;
  const kv = s.kvHeads * s.headDim;
  const logitStd = 3 / Math.sqrt(s.hidden);
  // Gemma scales the embedding by √d and ties the head to it: at Qwen's spread the scaled token
  // embedding outweighs every layer's (post-normed) output and the model only repeats its last
  // token with certainty; 1/√d keeps the embedding at unit scale and the logits informative.
  const embdStd = gemma ? 1 / Math.sqrt(s.hidden) : logitStd;
  const list: TensorSpec[] = [
    { name: "token_embd.weight", hfName: "model.embed_tokens.weight", dims: [s.hidden, s.vocab], mean: 0, std: embdStd, layer: -1, role: "embd" },
  ];
  const proj = (fanIn: number, scale = 1) => scale / Math.sqrt(fanIn);
  // A norm weight: 1 ± 0.1 as the model sees it (Gemma's checkpoint stores the offset from 1).
  const norm = (name: string, hfName: string, dims: number[], layer: number): TensorSpec =>
    ({ name, hfName, dims, mean: gemma ? 0 : 1, std: 0.1, layer, role: "norm", gemmaNorm: gemma || undefined });
  for (let i = 0; i < s.layers; i++) {
    const g = `blk.${i}.`;
    const h = `model.layers.${i}.`;
    list.push(
      norm(g + "attn_norm.weight", h + "input_layernorm.weight", [s.hidden], i),
      { name: g + "attn_q.weight", hfName: h + "self_attn.q_proj.weight", dims: [s.hidden, q], mean: 0, std: proj(s.hidden), layer: i, role: "attn_q" },
      { name: g + "attn_k.weight", hfName: h + "self_attn.k_proj.weight", dims: [s.hidden, kv], mean: 0, std: proj(s.hidden), layer: i, role: "attn_k" },
      { name: g + "attn_v.weight", hfName: h + "self_attn.v_proj.weight", dims: [s.hidden, kv], mean: 0, std: proj(s.hidden), layer: i, role: "attn_v" },
    );
    if (arch === "qwen2") {
      list.push(
        { name: g + "attn_q.bias", hfName: h + "self_attn.q_proj.bias", dims: [q], mean: 0, std: 0.1, layer: i, role: "bias" },
        { name: g + "attn_k.bias", hfName: h + "self_attn.k_proj.bias", dims: [kv], mean: 0, std: 0.1, layer: i, role: "bias" },
        { name: g + "attn_v.bias", hfName: h + "self_attn.v_proj.bias", dims: [kv], mean: 0, std: 0.1, layer: i, role: "bias" },
      );
    } else {
      list.push(
        norm(g + "attn_q_norm.weight", h + "self_attn.q_norm.weight", [s.headDim], i),
        norm(g + "attn_k_norm.weight", h + "self_attn.k_norm.weight", [s.headDim], i),
      );
    }
    list.push({ name: g + "attn_output.weight", hfName: h + "self_attn.o_proj.weight", dims: [q, s.hidden], mean: 0, std: proj(q, 1), layer: i, role: "attn_output" });
    if (gemma) {
      list.push(
        norm(g + "post_attention_norm.weight", h + "post_attention_layernorm.weight", [s.hidden], i),
        norm(g + "ffn_norm.weight", h + "pre_feedforward_layernorm.weight", [s.hidden], i),
      );
    } else {
      list.push(norm(g + "ffn_norm.weight", h + "post_attention_layernorm.weight", [s.hidden], i));
    }
    list.push(
      { name: g + "ffn_gate.weight", hfName: h + "mlp.gate_proj.weight", dims: [s.hidden, s.ffn], mean: 0, std: proj(s.hidden), layer: i, role: "ffn_gate" },
      { name: g + "ffn_up.weight", hfName: h + "mlp.up_proj.weight", dims: [s.hidden, s.ffn], mean: 0, std: proj(s.hidden), layer: i, role: "ffn_up" },
      { name: g + "ffn_down.weight", hfName: h + "mlp.down_proj.weight", dims: [s.ffn, s.hidden], mean: 0, std: proj(s.ffn, 1), layer: i, role: "ffn_down" },
    );
    if (gemma) list.push(norm(g + "post_ffw_norm.weight", h + "post_feedforward_layernorm.weight", [s.hidden], i));
  }
  list.push(norm("output_norm.weight", "model.norm.weight", [s.hidden], -1));
  if (!s.tied) {
    list.push({ name: "output.weight", hfName: "lm_head.weight", dims: [s.hidden, s.vocab], mean: 0, std: logitStd, layer: -1, role: "output" });
  }
  return list;
}

/** The F32 values of one tensor for a seed (independent of every other tensor). */
export function tensorValues(spec: TensorSpec, seed: number): Float32Array {
  const n = spec.dims.reduce((a, b) => a * b, 1);
  return new Rng(seed, spec.name).fillNormal(new Float32Array(n), spec.mean, spec.std);
}
