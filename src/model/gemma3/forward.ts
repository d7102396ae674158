/**
 * The Gemma 3 text forward pass, top to bottom, over the kernel interface — one step for rows
 * from several sequences at once (engine/forward.ts). As llama.cpp's gemma3 graph.
 *
 * Letters: n = rows in this step (tokens over all sequences), d = hidden, f = FFN size,
 * h = query heads, g = key/value heads, e = head dim, V = vocabulary.
 *
 * What differs from Qwen3: the embedding is scaled by √d; RMSNorm weights are Gemma's (1 + w)
 * (already folded into the loaded weights); each sub-block's output is normed again before it
 * joins the residual stream (post-attention, post-FFN norms); queries are scaled by
 * query_pre_attn_scalar^−½ before attention (which then scales by 1); the FFN is GELU-tanh gated
 * (GeGLU); five layers in six attend over a sliding window with their own RoPE base, the sixth
 * globally with the file's base and scaling. RoPE in the NeoX layout.
 */
import type { Kernels, WeightHandle } from "../../kernels/types.ts";
import { KvCache } from "../../engine/kv-cache.ts";
import type { ForwardPass, StepSlice } from "../../engine/forward.ts";
import type { ModelShape } from "../../engine/shape.ts";
import { attendPerSequence, checkStep, finishStep, layoutRows } from "../common/step.ts";
import type { Gemma3Config } from "./config.ts";
import type { Gemma3Layer, Gemma3Weights } from "./tensors.ts";

/** Activation buffers for steps of up to `rows` rows and `logitRows` logits, allocated once. */
class Scratch<A> {
  readonly x: A; // (n, d) residual stream
  readonly xn: A; // (n, d) normalized input of a sub-block
  readonly q: A; // (n, h·e)
  readonly k: A; // (n, g·e)
  readonly v: A; // (n, g·e)
  readonly attn: A; // (n, h·e)
  readonly proj: A; // (n, d) output of attn_output / ffn_down, then its post-norm
  readonly gate: A; // (n, f)
  readonly up: A; // (n, f)
  readonly last: A; // (m, d) final-normed last row of each sequence asking for logits
  readonly logits: A; // (m, V)
  readonly positions: Int32Array; // (n)

  constructor(c: Gemma3Config, n: number, logitRows: number, kernels: Kernels<A, unknown>) {
    this.x = kernels.allocF32(n * c.hidden);
    this.xn = kernels.allocF32(n * c.hidden);
    this.q = kernels.allocF32(n * c.heads * c.headDim);
    this.k = kernels.allocF32(n * c.kvHeads * c.headDim);
    this.v = kernels.allocF32(n * c.kvHeads * c.headDim);
    this.attn = kernels.allocF32(n * c.heads * c.headDim);
    this.proj = kernels.allocF32(n * c.hidden);
    this.gate = kernels.allocF32(n * c.ffn);
    this.up = kernels.allocF32(n * c.ffn);
    this.last = kernels.allocF32(logitRows * c.hidden);
    this.logits = kernels.allocF32(logitRows * c.vocabSize);
    this.positions = new Int32Array(n);
  }
}

export interface Gemma3ForwardOptions {
  /** Most rows per step (prompt chunk plus decode rows). Default 128. */
  maxRows?: number;
  /** Most sequences asking for logits per step. Default 16. */
  maxLogitRows?: number;
}

export class Gemma3Forward<A = Float32Array, H = Uint16Array> implements ForwardPass<H> {
  readonly config: Gemma3Config;
  readonly shape: ModelShape;
  readonly maxRows: number;
  readonly maxLogitRows: number;
  readonly maxTopK: number;
  private readonly w: Gemma3Weights<A>;
  private readonly layers: Gemma3Layer<A>[];
  private readonly kernels: Kernels<A, H>;
  private readonly s: Scratch<A>;
  /** f32(√d), as llama.cpp's sqrtf(n_embd). */
  private readonly embedScale: number;
  // The fused matmuls' operand lists, built once.
  private readonly qkv: WeightHandle[][];
  private readonly gateUp: WeightHandle[][];
  private readonly qkvOut: A[];
  private readonly gateUpOut: A[];

  constructor(config: Gemma3Config, weights: Gemma3Weights<A>, layers: Gemma3Layer<A>[], kernels: Kernels<A, H>, options: Gemma3ForwardOptions = {}) {
    this.config = config;
    this.shape = { layers: config.layers, kvHeads: config.kvHeads, headDim: config.headDim, vocabSize: config.vocabSize, windows: config.windows };
    this.w = weights;
    this.layers = layers;
    this.kernels = kernels;
    this.maxRows = options.maxRows ?? 128;
    this.maxLogitRows = Math.min(options.maxLogitRows ?? 16, this.maxRows);
    this.maxTopK = kernels.topK ? (kernels.maxTopK ?? 0) : 0;
    this.s = new Scratch(config, this.maxRows, this.maxLogitRows, kernels);
    this.embedScale = Math.fround(Math.sqrt(config.hidden));
    this.qkv = layers.map((L) => [L.wq, L.wk, L.wv]);
    this.gateUp = layers.map((L) => [L.wGate, L.wUp]);
    this.qkvOut = [this.s.q, this.s.k, this.s.v];
    this.gateUpOut = [this.s.gate, this.s.up];
  }

  newCache(contextLength: number): KvCache<H> {
    return new KvCache(this.shape, contextLength, this.kernels, this.maxRows);
  }

  async step(slices: readonly StepSlice<H>[]): Promise<void> {
    const c = this.config;
    const K = this.kernels;
    const s = this.s;
    const d = c.hidden, e = c.headDim;
    const n = checkStep(this, slices);
    const ids = layoutRows(slices, s.positions);
    const pos = s.positions.subarray(0, n);

    // Embedding lookup, scaled by √d: x (n, d)
    K.getRows(this.w.tokenEmbd, ids, s.x);
    K.scale(s.x, this.embedScale, n * d, s.x);

    for (let l = 0; l < c.layers; l++) {
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

    // Output head on each asking sequence's last row: logits (m, V) = output · rmsnorm(x[last])
    await finishStep(K, slices, s.x, d, this.w.outputNorm, c.rmsEps, this.w.output ?? this.w.tokenEmbd, s.last, s.logits, c.vocabSize);
  }
}
