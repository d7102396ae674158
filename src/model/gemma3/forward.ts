/**
 * The Gemma 3 text forward pass, top to bottom, over the kernel interface — one step for rows
 * from several sequences at once (engine/forward.ts). As llama.cpp's gemma3 graph.
 *
 * Letters: n = rows in this step (tokens over all sequences), d = hidden, f = FFN size,
 * h = query heads, g = key/value heads, e = head dim, V = vocabulary.
 *
 * The step's frame (scratch, rows, output head) is common/decoder.ts; this file is the block.
 *
 * What differs from Qwen3: the embedding is scaled by √d; RMSNorm weights are Gemma's (1 + w)
 * (already folded into the loaded weights); each sub-block's output is normed again before it
 * joins the residual stream (post-attention, post-FFN norms); queries are scaled by
 * query_pre_attn_scalar^−½ before attention (which then scales by 1); the FFN is GELU-tanh gated
 * (GeGLU); five layers in six attend over a sliding window with their own RoPE base, the sixth
 * globally with the file's base and scaling. RoPE in the NeoX layout.
 */
import type { StepSlice } from "../../engine/forward.ts";
import type { Kernels } from "../../kernels/types.ts";
import { DecoderForward, type DecoderForwardOptions, type DecoderWeights } from "../common/decoder.ts";
import { attendPerSequence } from "../common/step.ts";
import type { Gemma3Config } from "./config.ts";
import type { Gemma3Layer } from "./tensors.ts";

export class Gemma3Forward<A = Float32Array, H = Uint16Array> extends DecoderForward<Gemma3Config, Gemma3Layer<A>, A, H> {
  /** f32(√d), as llama.cpp's sqrtf(n_embd). */
  private readonly embedScale: number;

  constructor(config: Gemma3Config, weights: DecoderWeights<A>, layers: Gemma3Layer<A>[], kernels: Kernels<A, H>, options: DecoderForwardOptions = {}) {
    super(config, weights, layers, kernels, options);
    this.embedScale = Math.fround(Math.sqrt(config.hidden));
  }

  /** Embedding lookup, scaled by √d: x (n, d). */
  protected override embed(ids: number[], n: number): void {
    super.embed(ids, n);
    this.kernels.scale(this.s.x, this.embedScale, n * this.config.hidden, this.s.x);
  }

  protected block(l: number, slices: readonly StepSlice<H>[], n: number, pos: Int32Array): void {
    const c = this.config;
    const K = this.kernels;
    const s = this.s;
    const d = c.hidden, e = c.headDim;
    const L = this.layers[l]!;
    const local = c.windows[l]! > 0;
    const theta = local ? c.ropeThetaLocal : c.ropeTheta;
    const freqScale = local ? 1 : c.ropeFreqScale;

    // Attention block: pre-norm, q/k norm, RoPE, query scale, attention, post-norm, residual
    K.rmsNorm(s.x, L.attnNorm, n, d, c.rmsEps, s.xn);
    K.matmulSameInput(this.qkv[l]!, s.xn, n, this.qkvOut); // (n, h·e), (n, g·e), (n, g·e)
    K.rmsNorm(s.q, L.qNorm, n * c.heads, e, c.rmsEps, s.q); // per head
    K.rmsNorm(s.k, L.kNorm, n * c.kvHeads, e, c.rmsEps, s.k);
    K.ropeNeox(s.q, n, c.heads, e, c.ropeDim, pos, theta, freqScale);
    K.ropeNeox(s.k, n, c.kvHeads, e, c.ropeDim, pos, theta, freqScale);
    K.scale(s.q, c.attnScale, n * c.heads * e, s.q);
    // Per sequence over its own cache; a sliding-window layer masks (and drops) older positions.
    attendPerSequence(K, slices, l, c, s.q, s.k, s.v, s.attn, { scale: 1 }); // (n, h·e)
    K.matmul(L.wo, s.attn, n, s.proj); // (n, d)
    K.rmsNorm(s.proj, L.postAttnNorm, n, d, c.rmsEps, s.proj);
    K.add(s.x, s.proj, n * d, s.x);

    // Feed-forward block (GeGLU): pre-norm, gate/up, down, post-norm, residual
    K.rmsNorm(s.x, L.ffnNorm, n, d, c.rmsEps, s.xn);
    K.matmulSameInput(this.gateUp[l]!, s.xn, n, this.gateUpOut); // (n, f) each
    K.geglu(s.gate, s.up, n * c.ffn, s.gate);
    K.matmul(L.wDown, s.gate, n, s.proj); // (n, d)
    K.rmsNorm(s.proj, L.postFfnNorm, n, d, c.rmsEps, s.proj);
    K.add(s.x, s.proj, n * d, s.x);
  }
}
