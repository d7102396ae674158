/**
 * The scaffolding of a Llama-style decoder's forward pass (engine/forward.ts), shared by the
 * architectures built on it: the activation buffers, the fused matmuls' operand lists, the KV
 * caches, and a step's frame — check it, lay out its rows, embed them, run each block, then the
 * output head on each asking sequence's last row. An architecture's forward.ts subclasses
 * DecoderForward and writes only its block (and its embedding when that differs).
 *
 * Letters: n = rows in this step (tokens over all sequences), d = hidden, f = FFN size,
 * h = query heads, g = key/value heads, e = head dim, V = vocabulary, m = sequences asking for
 * logits.
 *
 * Rows of different sequences only meet in the matmuls, which compute each row on its own
 * (same bits as alone); RoPE takes each row's own position and attention runs per sequence
 * over its own cache (common/step.ts).
 */
import type { Kernels, WeightHandle } from "../../kernels/types.ts";
import { KvCache } from "../../engine/kv-cache.ts";
import type { ForwardPass, StepSlice } from "../../engine/forward.ts";
import type { ModelShape } from "../../engine/shape.ts";
import type { ForwardOptions } from "../architecture.ts";
import type { DecoderConfig } from "../config.ts";
import { loadTensors, type TensorDef, type TensorEntry } from "../tensor-table.ts";
import { checkStep, finishStep, layoutRows } from "./step.ts";

/** The tensors every decoder block has. `A`: the kernels' F32 buffer type, which holds the norms. */
export interface DecoderLayer<A> {
  attnNorm: A; // (d)
  wq: WeightHandle; // (h·e, d)
  wk: WeightHandle; // (g·e, d)
  wv: WeightHandle; // (g·e, d)
  wo: WeightHandle; // (d, h·e)
  ffnNorm: A; // (d)
  wGate: WeightHandle; // (f, d)
  wUp: WeightHandle; // (f, d)
  wDown: WeightHandle; // (d, f)
}

/** The model-level tensors. */
export interface DecoderWeights<A> {
  tokenEmbd: WeightHandle; // (V, d)
  outputNorm: A; // (d)
  output?: WeightHandle; // (V, d); absent when tied to the embedding
}

/** Activation buffers for steps of up to `rows` rows and `logitRows` logits, allocated once. */
export class Scratch<A> {
  readonly x: A; // (n, d) residual stream
  readonly xn: A; // (n, d) normalized input of a sub-block
  readonly q: A; // (n, h·e)
  readonly k: A; // (n, g·e)
  readonly v: A; // (n, g·e)
  readonly attn: A; // (n, h·e)
  readonly proj: A; // (n, d) output of attn_output / ffn_down (and of a post-norm, where there is one)
  readonly gate: A; // (n, f)
  readonly up: A; // (n, f)
  readonly last: A; // (m, d) final-normed last row of each sequence asking for logits
  readonly logits: A; // (m, V)
  readonly positions: Int32Array; // (n)

  constructor(c: DecoderConfig, n: number, logitRows: number, kernels: Kernels<A, unknown>) {
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

/** Rows and logit rows per step: `maxRows` default 128, `maxLogitRows` default 16. */
export type DecoderForwardOptions = Pick<ForwardOptions, "maxRows" | "maxLogitRows">;

export abstract class DecoderForward<C extends DecoderConfig, L extends DecoderLayer<A>, A, H> implements ForwardPass<H> {
  readonly config: C;
  readonly shape: ModelShape;
  readonly maxRows: number;
  readonly maxLogitRows: number;
  /** Most k a slice may ask `top` for: the backend's device-side top-k (0 on the CPU backends). */
  readonly maxTopK: number;
  protected readonly w: DecoderWeights<A>;
  protected readonly layers: L[];
  protected readonly kernels: Kernels<A, H>;
  protected readonly s: Scratch<A>;
  // The fused matmuls' operand lists, built once (a step makes ~2 per layer).
  protected readonly qkv: WeightHandle[][];
  protected readonly gateUp: WeightHandle[][];
  protected readonly qkvOut: A[];
  protected readonly gateUpOut: A[];

  constructor(config: C, weights: DecoderWeights<A>, layers: L[], kernels: Kernels<A, H>, options: DecoderForwardOptions = {}) {
    this.config = config;
    const { layers: count, kvHeads, headDim, vocabSize, windows } = config;
    this.shape = windows ? { layers: count, kvHeads, headDim, vocabSize, windows } : { layers: count, kvHeads, headDim, vocabSize };
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
    const s = this.s;
    const n = checkStep(this, slices);
    const ids = layoutRows(slices, s.positions);
    const pos = s.positions.subarray(0, n);
    this.embed(ids, n);
    for (let l = 0; l < c.layers; l++) this.block(l, slices, n, pos);
    // Output head on each asking sequence's last row: logits (m, V) = output · rmsnorm(x[last])
    await finishStep(this.kernels, slices, s.x, c.hidden, this.w.outputNorm, c.rmsEps, this.w.output ?? this.w.tokenEmbd, s.last, s.logits, c.vocabSize);
  }

  /** Embedding lookup: x (n, d). */
  protected embed(ids: number[], _n: number): void {
    this.kernels.getRows(this.w.tokenEmbd, ids, this.s.x);
  }

  /** Block `l` on the step's n rows at positions `pos`: x (n, d) in, x (n, d) out. */
  protected abstract block(l: number, slices: readonly StepSlice<H>[], n: number, pos: Int32Array): void;
}

/** A decoder's weights streamed into `kernels` through its table, typed as its forward pass reads them. */
export async function loadDecoderWeights<A, H, L extends DecoderLayer<A>>(
  table: readonly TensorDef[], tensors: ReadonlyMap<string, TensorEntry>, kernels: Kernels<A, H>, architecture: string,
  onProgress?: (loaded: number, total: number) => void,
): Promise<{ weights: DecoderWeights<A>; layers: L[] }> {
  const loaded = await loadTensors(table, tensors, kernels, architecture, onProgress);
  // The table fills exactly these fields (tensor-table.ts checked every tensor against it).
  return { weights: loaded.model as unknown as DecoderWeights<A>, layers: loaded.layers as unknown as L[] };
}
