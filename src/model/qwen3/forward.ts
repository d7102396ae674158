/**
 * The Qwen3 forward pass, top to bottom, over the kernel interface — one step for rows from
 * several sequences at once (engine/forward.ts).
 *
 * Letters: n = rows in this step (tokens over all sequences), d = hidden, f = FFN size,
 * h = query heads, g = key/value heads, e = head dim, V = vocabulary, m = sequences asking for
 * logits.
 *
 * What differs from Llama is visible in two lines: per-head RMSNorm of q and k (q_norm,
 * k_norm) before RoPE, and RoPE in the NeoX layout.
 *
 * Rows of different sequences only meet in the matmuls, which compute each row on its own
 * (same bits as alone); RoPE takes each row's own position and attention runs per sequence
 * over its own cache.
 */
import type { Kernels, WeightHandle } from "../../kernels/types.ts";
import { KvCache } from "../../engine/kv-cache.ts";
import type { ForwardPass, StepSlice } from "../../engine/forward.ts";
import type { ModelShape } from "../../engine/shape.ts";
import { InvalidArgumentError } from "../../errors.ts";
import type { Qwen3Config } from "./config.ts";
import type { Qwen3Weights } from "./weights.ts";

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

  constructor(c: Qwen3Config, rows: number, logitRows: number, kernels: Kernels<A, unknown>) {
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

export interface Qwen3ForwardOptions {
  /** Most rows per step (prompt chunk plus decode rows). Default 128. */
  maxRows?: number;
  /** Most sequences asking for logits per step. Default 16. */
  maxLogitRows?: number;
}

export class Qwen3Forward<A = Float32Array, H = Uint16Array> implements ForwardPass<H> {
  readonly config: Qwen3Config;
  readonly shape: ModelShape;
  readonly maxRows: number;
  readonly maxLogitRows: number;
  private readonly w: Qwen3Weights<A>;
  private readonly kernels: Kernels<A, H>;
  private readonly s: Scratch<A>;
  // The fused matmuls' operand lists, built once (a step makes ~2 per layer).
  private readonly qkv: WeightHandle[][];
  private readonly gateUp: WeightHandle[][];
  private readonly qkvOut: A[];
  private readonly gateUpOut: A[];

  constructor(config: Qwen3Config, weights: Qwen3Weights<A>, kernels: Kernels<A, H>, options: Qwen3ForwardOptions = {}) {
    this.config = config;
    this.shape = { layers: config.layers, kvHeads: config.kvHeads, headDim: config.headDim, vocabSize: config.vocabSize };
    this.w = weights;
    this.kernels = kernels;
    this.maxRows = options.maxRows ?? 128;
    this.maxLogitRows = Math.min(options.maxLogitRows ?? 16, this.maxRows);
    this.s = new Scratch(config, this.maxRows, this.maxLogitRows, kernels);
    this.qkv = weights.layers.map((L) => [L.wq, L.wk, L.wv]);
    this.gateUp = weights.layers.map((L) => [L.wGate, L.wUp]);
    this.qkvOut = [this.s.q, this.s.k, this.s.v];
    this.gateUpOut = [this.s.gate, this.s.up];
  }

  newCache(contextLength: number): KvCache<H> {
    return new KvCache(this.shape, contextLength, this.kernels);
  }

  async step(slices: readonly StepSlice<H>[]): Promise<void> {
    const c = this.config;
    const K = this.kernels;
    const s = this.s;
    const d = c.hidden;
    const qDim = c.heads * c.headDim;
    const kvDim = c.kvHeads * c.headDim;
    const n = this.checkStep(slices);

    // Each row's token and position: slice after slice.
    const ids: number[] = [];
    for (const sl of slices) {
      const start = sl.cache.length;
      for (let i = 0; i < sl.tokens.length; i++) {
        s.positions[ids.length] = start + i;
        ids.push(sl.tokens[i]!);
      }
    }
    const pos = s.positions.subarray(0, n);

    // Embedding lookup: x (n, d)
    K.getRows(this.w.tokenEmbd, ids, s.x);

    for (let l = 0; l < c.layers; l++) {
      const L = this.w.layers[l]!;
      // Attention block
      K.rmsNorm(s.x, L.attnNorm, n, d, c.rmsEps, s.xn);
      K.matmulSameInput(this.qkv[l]!, s.xn, n, this.qkvOut); // (n, h·e), (n, g·e), (n, g·e)
      K.rmsNorm(s.q, L.qNorm, n * c.heads, c.headDim, c.rmsEps, s.q); // per-head q_norm
      K.rmsNorm(s.k, L.kNorm, n * c.kvHeads, c.headDim, c.rmsEps, s.k); // per-head k_norm
      K.ropeNeox(s.q, n, c.heads, c.headDim, c.ropeDim, pos, c.ropeTheta);
      K.ropeNeox(s.k, n, c.kvHeads, c.headDim, c.ropeDim, pos, c.ropeTheta);
      // Per sequence: its rows' K and V into its cache, then its rows attend over that cache.
      let row = 0;
      for (const sl of slices) {
        const m = sl.tokens.length;
        const start = sl.cache.length;
        const kc = sl.cache.k[l]!, vc = sl.cache.v[l]!;
        K.storeKv(K.view(s.k, row * kvDim, m * kvDim), K.view(s.v, row * kvDim, m * kvDim), kc, vc, start, m, c.kvHeads, c.headDim);
        K.attention(K.view(s.q, row * qDim, m * qDim), kc, vc, start, m, c.heads, c.kvHeads, c.headDim, K.view(s.attn, row * qDim, m * qDim)); // (m, h·e)
        row += m;
      }
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
    const asking = slices.filter((sl) => sl.logits);
    let row = 0, m = 0;
    for (const sl of slices) {
      row += sl.tokens.length;
      if (!sl.logits) continue;
      K.rmsNorm(K.view(s.x, (row - 1) * d, d), this.w.outputNorm, 1, d, c.rmsEps, K.view(s.last, m * d, d));
      m++;
    }
    if (m > 0) {
      K.matmul(this.w.output, s.last, m, s.logits);
      asking.forEach((sl, j) => K.toHost(s.logits, j * c.vocabSize, c.vocabSize, sl.logits!));
    }
    await K.sync();
    for (const sl of slices) for (const t of sl.tokens) sl.cache.tokens.push(t);
  }

  /** Rows in the step, after checking it fits the scratch and every cache. */
  private checkStep(slices: readonly StepSlice<H>[]): number {
    let n = 0, m = 0;
    const caches = new Set<KvCache<H>>();
    for (const sl of slices) {
      if (sl.tokens.length < 1) throw stepError("a slice with no tokens", "at least one token per slice", "0");
      if (sl.tokens.length > sl.cache.free) {
        throw stepError("a slice longer than its cache's room", `at most ${sl.cache.free} tokens`, String(sl.tokens.length));
      }
      if (sl.logits && sl.logits.length < this.shape.vocabSize) {
        throw stepError("a logits array shorter than the vocabulary", `${this.shape.vocabSize} elements`, String(sl.logits.length));
      }
      if (caches.has(sl.cache)) throw stepError("two slices on one KV cache", "distinct caches", "the same cache twice");
      caches.add(sl.cache);
      n += sl.tokens.length;
      if (sl.logits) m++;
    }
    if (n < 1 || n > this.maxRows) throw stepError("a step's row count is out of range", `1..${this.maxRows} rows`, String(n));
    if (m > this.maxLogitRows) throw stepError("too many sequences ask for logits", `at most ${this.maxLogitRows}`, String(m));
    return n;
  }
}

function stepError(message: string, expected: string, found: string): InvalidArgumentError {
  return new InvalidArgumentError(`forward step: ${message}`, { expected, found, hint: "steps are built by the engine's BatchScheduler" });
}
