/**
 * The Qwen3 forward pass, top to bottom, over the kernel interface.
 *
 * Letters: n = tokens in this batch, d = hidden, f = FFN size, h = query heads,
 * g = key/value heads, e = head dim, V = vocabulary.
 *
 * What differs from Llama is visible in two lines: per-head RMSNorm of q and k (q_norm,
 * k_norm) before RoPE, and RoPE in the NeoX layout.
 */
import type { Kernels, WeightHandle } from "../../kernels/types.ts";
import type { KvCache } from "../../engine/kv-cache.ts";
import type { Qwen3Config } from "./config.ts";
import type { Qwen3Weights } from "./weights.ts";

/** Activation buffers for batches of up to `maxBatch` tokens, allocated once. */
class Scratch {
  readonly x: Float32Array; // (n, d) residual stream
  readonly xn: Float32Array; // (n, d) normalized input of a sub-block
  readonly q: Float32Array; // (n, h·e)
  readonly k: Float32Array; // (n, g·e)
  readonly v: Float32Array; // (n, g·e)
  readonly attn: Float32Array; // (n, h·e)
  readonly proj: Float32Array; // (n, d) output of attn_output / ffn_down
  readonly gate: Float32Array; // (n, f)
  readonly up: Float32Array; // (n, f)
  readonly last: Float32Array; // (d) final-normed last token
  readonly logits: Float32Array; // (V)
  readonly positions: Int32Array; // (n)

  constructor(c: Qwen3Config, maxBatch: number, kernels: Kernels) {
    const n = maxBatch;
    this.x = kernels.allocF32(n * c.hidden);
    this.xn = kernels.allocF32(n * c.hidden);
    this.q = kernels.allocF32(n * c.heads * c.headDim);
    this.k = kernels.allocF32(n * c.kvHeads * c.headDim);
    this.v = kernels.allocF32(n * c.kvHeads * c.headDim);
    this.attn = kernels.allocF32(n * c.heads * c.headDim);
    this.proj = kernels.allocF32(n * c.hidden);
    this.gate = kernels.allocF32(n * c.ffn);
    this.up = kernels.allocF32(n * c.ffn);
    this.last = kernels.allocF32(c.hidden);
    this.logits = kernels.allocF32(c.vocabSize);
    this.positions = new Int32Array(n);
  }
}

export class Qwen3Forward {
  readonly config: Qwen3Config;
  readonly maxBatch: number;
  private readonly w: Qwen3Weights;
  private readonly kernels: Kernels;
  private readonly s: Scratch;
  // The fused matmuls' operand lists, built once (a step makes ~2 per layer).
  private readonly qkv: WeightHandle[][];
  private readonly gateUp: WeightHandle[][];
  private readonly qkvOut: Float32Array[];
  private readonly gateUpOut: Float32Array[];

  constructor(config: Qwen3Config, weights: Qwen3Weights, kernels: Kernels, maxBatch = 256) {
    this.config = config;
    this.w = weights;
    this.kernels = kernels;
    this.maxBatch = maxBatch;
    this.s = new Scratch(config, maxBatch, kernels);
    this.qkv = weights.layers.map((L) => [L.wq, L.wk, L.wv]);
    this.gateUp = weights.layers.map((L) => [L.wGate, L.wUp]);
    this.qkvOut = [this.s.q, this.s.k, this.s.v];
    this.gateUpOut = [this.s.gate, this.s.up];
  }

  /**
   * Appends `tokens` (at most maxBatch) to `cache` and returns the logits (V) of the last one,
   * or null when `wantLogits` is false. The returned array is reused by the next call.
   */
  step(tokens: readonly number[], cache: KvCache, wantLogits: boolean): Float32Array | null {
    const c = this.config;
    const K = this.kernels;
    const s = this.s;
    const n = tokens.length;
    const start = cache.length;
    const d = c.hidden;
    if (n < 1 || n > this.maxBatch) throw new RangeError(`batch of ${n} tokens (1..${this.maxBatch})`);
    if (start + n > cache.contextLength) throw new RangeError(`context full (${start} + ${n} > ${cache.contextLength})`);
    for (let i = 0; i < n; i++) s.positions[i] = start + i;
    const pos = s.positions.subarray(0, n);

    // Embedding lookup: x (n, d)
    K.getRows(this.w.tokenEmbd, tokens, s.x);

    for (let l = 0; l < c.layers; l++) {
      const L = this.w.layers[l]!;
      // Attention block
      K.rmsNorm(s.x, L.attnNorm, n, d, c.rmsEps, s.xn);
      K.matmulSameInput(this.qkv[l]!, s.xn, n, this.qkvOut); // (n, h·e), (n, g·e), (n, g·e)
      K.rmsNorm(s.q, L.qNorm, n * c.heads, c.headDim, c.rmsEps, s.q); // per-head q_norm
      K.rmsNorm(s.k, L.kNorm, n * c.kvHeads, c.headDim, c.rmsEps, s.k); // per-head k_norm
      K.ropeNeox(s.q, n, c.heads, c.headDim, c.ropeDim, pos, c.ropeTheta);
      K.ropeNeox(s.k, n, c.kvHeads, c.headDim, c.ropeDim, pos, c.ropeTheta);
      K.storeKv(s.k, s.v, cache.k[l]!, cache.v[l]!, start, n, c.kvHeads, c.headDim);
      K.attention(s.q, cache.k[l]!, cache.v[l]!, start, n, c.heads, c.kvHeads, c.headDim, s.attn); // (n, h·e)
      K.matmul(L.wo, s.attn, n, s.proj); // (n, d)
      K.add(s.x, s.proj, n * d, s.x);

      // Feed-forward block (SwiGLU)
      K.rmsNorm(s.x, L.ffnNorm, n, d, c.rmsEps, s.xn);
      K.matmulSameInput(this.gateUp[l]!, s.xn, n, this.gateUpOut); // (n, f) each
      K.swiglu(s.gate, s.up, n * c.ffn, s.gate);
      K.matmul(L.wDown, s.gate, n, s.proj); // (n, d)
      K.add(s.x, s.proj, n * d, s.x);
    }
    for (let i = 0; i < n; i++) cache.tokens.push(tokens[i]!);
    if (!wantLogits) return null;

    // Output head on the last position only: logits (V) = output · rmsnorm(x[n-1])
    K.rmsNorm(s.x.subarray((n - 1) * d, n * d), this.w.outputNorm, 1, d, c.rmsEps, s.last);
    K.matmul(this.w.output, s.last, 1, s.logits);
    return s.logits;
  }
}
