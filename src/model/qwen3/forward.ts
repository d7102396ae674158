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
 * Rows of different sequences only meet in the matmuls, which compute each row on its own
 * (same bits as alone); RoPE takes each row's own position and attention runs per sequence
 * over its own cache.
 */
import type { Kernels, WeightHandle } from "../../kernels/types.ts";
import { KvCache } from "../../engine/kv-cache.ts";
import type { ForwardPass, StepSlice } from "../../engine/forward.ts";
import type { ModelShape } from "../../engine/shape.ts";
import { addBias, attendPerSequence, checkStep, finishStep, layoutRows } from "../common/step.ts";
import type { QwenConfig } from "./config.ts";
import type { QwenLayer, QwenWeights } from "./tensors.ts";

/** Activation buffers for steps of up to `rows` rows and `logitRows` logits, allocated once. */
class Scratch<A> {
  readonly x: A; // (n, d) residual stream
  readonly xn: A; // (n, d) normalized input of a sub-block
  readonly q: A; // (n, h·e)
  readonly k: A; // (n, g·e)
  readonly v: A; // (n, g·e)
  readonly attn: A; // (n, h·e)
  readonly proj: A; // (n, d) output of attn_output / ffn_down
  readonly gate: A; // (n, f)
  readonly up: A; // (n, f)
  readonly last: A; // (m, d) final-normed last row of each sequence asking for logits
  readonly logits: A; // (m, V)
  readonly positions: Int32Array; // (n)

  constructor(c: QwenConfig, rows: number, logitRows: number, kernels: Kernels<A, unknown>) {
    const n = rows;
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

export interface QwenForwardOptions {
  /** Most rows per step (prompt chunk plus decode rows). Default 128. */
  maxRows?: number;
  /** Most sequences asking for logits per step. Default 16. */
  maxLogitRows?: number;
}

export class QwenForward<A = Float32Array, H = Uint16Array> implements ForwardPass<H> {
  readonly config: QwenConfig;
  readonly shape: ModelShape;
  readonly maxRows: number;
  readonly maxLogitRows: number;
  readonly maxTopK: number;
  private readonly w: QwenWeights<A>;
  private readonly layers: QwenLayer<A>[];
  private readonly kernels: Kernels<A, H>;
  private readonly s: Scratch<A>;
  // The fused matmuls' operand lists, built once (a step makes ~2 per layer).
  private readonly qkv: WeightHandle[][];
  private readonly gateUp: WeightHandle[][];
  private readonly qkvOut: A[];
  private readonly gateUpOut: A[];

  constructor(config: QwenConfig, weights: QwenWeights<A>, layers: QwenLayer<A>[], kernels: Kernels<A, H>, options: QwenForwardOptions = {}) {
    this.config = config;
    this.shape = { layers: config.layers, kvHeads: config.kvHeads, headDim: config.headDim, vocabSize: config.vocabSize };
    this.w = weights;
    this.layers = layers;
    this.kernels = kernels;
    this.maxRows = options.maxRows ?? 128;
    this.maxLogitRows = Math.min(options.maxLogitRows ?? 16, this.maxRows);
    this.maxTopK = kernels.topK ? (kernels.maxTopK ?? 0) : 0;
    this.s = new Scratch(config, this.maxRows, this.maxLogitRows, kernels);
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
    const d = c.hidden;
    const n = checkStep(this, slices);
    const ids = layoutRows(slices, s.positions);
    const pos = s.positions.subarray(0, n);

    // Embedding lookup: x (n, d)
    K.getRows(this.w.tokenEmbd, ids, s.x);

    for (let l = 0; l < c.layers; l++) {
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

    // Output head on each asking sequence's last row: logits (m, V) = output · rmsnorm(x[last])
    await finishStep(K, slices, s.x, d, this.w.outputNorm, c.rmsEps, this.w.output ?? this.w.tokenEmbd, s.last, s.logits, c.vocabSize);
  }
}
