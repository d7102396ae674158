/**
 * The Qwen3 / Qwen2 forward pass, top to bottom, over the kernel interface — one step for rows
 * from several sequences at once (engine/forward.ts).
 *
 * Letters: n = rows in this step (tokens over all sequences), d = hidden, f = FFN size,
 * h = query heads, g = key/value heads, e = head dim, V = vocabulary, m = sequences asking for
 * logits.
 *
 * What differs from Llama is visible in a few lines: Qwen3's per-head RMSNorm of q and k
 * (q_norm, k_norm) before RoPE, Qwen2's biases on q, k and v; RoPE in the NeoX layout.
 *
 * The step's frame (scratch, rows, embedding, output head) is common/decoder.ts; this file is
 * the block.
 */
import type { StepSlice } from "../../engine/forward.ts";
import { DecoderForward } from "../common/decoder.ts";
import { addBias, attendPerSequence } from "../common/step.ts";
import type { QwenConfig } from "./config.ts";
import type { QwenLayer } from "./tensors.ts";

export class QwenForward<A = Float32Array, H = Uint16Array> extends DecoderForward<QwenConfig, QwenLayer<A>, A, H> {
  protected block(l: number, slices: readonly StepSlice<H>[], n: number, pos: Int32Array): void {
    const c = this.config;
    const K = this.kernels;
    const s = this.s;
    const d = c.hidden;
    const L = this.layers[l]!;
    // Attention block
    K.rmsNorm(s.x, L.attnNorm, n, d, c.rmsEps, s.xn);
    K.matmulSameInput(this.qkv[l]!, s.xn, n, this.qkvOut); // (n, h·e), (n, g·e), (n, g·e)
    if (L.bq) addBias(K, s.q, L.bq, n, c.heads * c.headDim); // Qwen2: q, k, v biases
    if (L.bk) addBias(K, s.k, L.bk, n, c.kvHeads * c.headDim);
    if (L.bv) addBias(K, s.v, L.bv, n, c.kvHeads * c.headDim);
    if (L.qNorm) K.rmsNorm(s.q, L.qNorm, n * c.heads, c.headDim, c.rmsEps, s.q); // Qwen3: per-head q_norm
    if (L.kNorm) K.rmsNorm(s.k, L.kNorm, n * c.kvHeads, c.headDim, c.rmsEps, s.k); // Qwen3: per-head k_norm
    K.ropeNeox(s.q, n, c.heads, c.headDim, c.ropeDim, pos, c.ropeTheta, c.ropeFreqScale);
    K.ropeNeox(s.k, n, c.kvHeads, c.headDim, c.ropeDim, pos, c.ropeTheta, c.ropeFreqScale);
    // Per sequence: its rows' K and V into its cache, then its rows attend over that cache.
    attendPerSequence(K, slices, l, c, s.q, s.k, s.v, s.attn); // (n, h·e)
    K.matmul(L.wo, s.attn, n, s.proj); // (n, d)
    K.add(s.x, s.proj, n * d, s.x);

    // Feed-forward block (SwiGLU)
    K.rmsNorm(s.x, L.ffnNorm, n, d, c.rmsEps, s.xn);
    K.matmulSameInput(this.gateUp[l]!, s.xn, n, this.gateUpOut); // (n, f) each
    K.swiglu(s.gate, s.up, n * c.ffn, s.gate);
    K.matmul(L.wDown, s.gate, n, s.proj); // (n, d)
    K.add(s.x, s.proj, n * d, s.x);
  }
}
