/**
 * Pieces every architecture's step (engine/forward.ts) shares: checking a step against the
 * scratch and the caches, laying out rows (slice after slice, each row at its own position),
 * attention per sequence over its own cache (sliding-window layers included), and the output
 * head on each asking sequence's last row.
 */
import type { ForwardPass, StepSlice } from "../../engine/forward.ts";
import type { KvCache } from "../../engine/kv-cache.ts";
import { InvalidArgumentError } from "../../errors.ts";
import type { AttentionOptions, Kernels, WeightHandle } from "../../kernels/types.ts";

function stepError(message: string, expected: string, found: string): InvalidArgumentError {
  return new InvalidArgumentError(`forward step: ${message}`, { expected, found, hint: "steps are built by the engine's BatchScheduler" });
}

/** Rows in the step, after checking it fits the scratch and every cache. */
export function checkStep<H>(pass: Pick<ForwardPass<H>, "shape" | "maxRows" | "maxLogitRows" | "maxTopK">, slices: readonly StepSlice<H>[]): number {
  let n = 0, m = 0;
  const caches = new Set<KvCache<H>>();
  for (const sl of slices) {
    if (sl.tokens.length < 1) throw stepError("a slice with no tokens", "at least one token per slice", "0");
    if (sl.tokens.length > sl.cache.free) throw stepError("a slice longer than its cache's room", `at most ${sl.cache.free} tokens`, String(sl.tokens.length));
    if (sl.tokens.length > sl.cache.stepRows) throw stepError("a slice longer than its cache's step", `at most ${sl.cache.stepRows} tokens`, String(sl.tokens.length));
    if (sl.logits && sl.logits.length < pass.shape.vocabSize) {
      throw stepError("a logits array shorter than the vocabulary", `${pass.shape.vocabSize} elements`, String(sl.logits.length));
    }
    if (sl.top) {
      if (sl.logits) throw stepError("a slice asks for both logits and their top k", "one of logits / top", "both");
      const k = sl.top.k;
      if (!Number.isInteger(k) || k < 1 || k > pass.maxTopK) throw stepError("top k is out of range", `an integer in 1..${pass.maxTopK}`, String(k));
      if (sl.top.ids.length < k || sl.top.values.length < k) throw stepError("top arrays shorter than k", `${k} elements`, String(Math.min(sl.top.ids.length, sl.top.values.length)));
    }
    if (caches.has(sl.cache)) throw stepError("two slices on one KV cache", "distinct caches", "the same cache twice");
    caches.add(sl.cache);
    n += sl.tokens.length;
    if (sl.logits || sl.top) m++;
  }
  if (n < 1 || n > pass.maxRows) throw stepError("a step's row count is out of range", `1..${pass.maxRows} rows`, String(n));
  if (m > pass.maxLogitRows) throw stepError("too many sequences ask for logits", `at most ${pass.maxLogitRows}`, String(m));
  return n;
}

/** Each row's token id, and its position into `positions`: slice after slice. */
export function layoutRows<H>(slices: readonly StepSlice<H>[], positions: Int32Array): number[] {
  const ids: number[] = [];
  for (const sl of slices) {
    const start = sl.cache.length;
    for (let i = 0; i < sl.tokens.length; i++) {
      positions[ids.length] = start + i;
      ids.push(sl.tokens[i]!);
    }
  }
  return ids;
}

/** Attention dimensions of one layer. */
export interface AttentionDims {
  heads: number;
  kvHeads: number;
  headDim: number;
}

/**
 * Per sequence: its rows' K and V (n, g·e) into layer l of its cache, then its rows' queries
 * (n, h·e) attend over that cache into `out` (n, h·e). A sliding-window layer keeps only its
 * window (KvCache.reserve) and attention masks the rest.
 */
export function attendPerSequence<A, H>(
  K: Kernels<A, H>, slices: readonly StepSlice<H>[], l: number, dims: AttentionDims,
  q: A, k: A, v: A, out: A, options: AttentionOptions = {},
): void {
  const qDim = dims.heads * dims.headDim, kvDim = dims.kvHeads * dims.headDim;
  let row = 0;
  for (const sl of slices) {
    const m = sl.tokens.length;
    const slot = sl.cache.reserve(l, m);
    const kc = sl.cache.k[l]!, vc = sl.cache.v[l]!;
    const window = sl.cache.window(l);
    K.storeKv(K.view(k, row * kvDim, m * kvDim), K.view(v, row * kvDim, m * kvDim), kc, vc, slot, m, dims.kvHeads, dims.headDim);
    K.attention(K.view(q, row * qDim, m * qDim), kc, vc, slot, m, dims.heads, dims.kvHeads, dims.headDim, K.view(out, row * qDim, m * qDim), window > 0 ? { ...options, window } : options);
    row += m;
  }
}

/** x (n, dim) += bias (dim) on every row. */
export function addBias<A>(K: Kernels<A, unknown>, x: A, bias: A, n: number, dim: number): void {
  for (let t = 0; t < n; t++) K.add(K.view(x, t * dim, dim), bias, dim, K.view(x, t * dim, dim));
}

/**
 * The output head on each asking sequence's last row: logits (m, V) = output · rmsnorm(x[last]),
 * copied to each slice's logits array, or for a slice asking `top`, only its top k selected on the
 * device (Kernels.topK); then waits for the backend and records the tokens.
 */
export async function finishStep<A, H>(
  K: Kernels<A, H>, slices: readonly StepSlice<H>[], x: A, d: number, outputNorm: A, eps: number,
  output: WeightHandle, last: A, logits: A, vocab: number,
): Promise<void> {
  const asking = slices.filter((sl) => sl.logits || sl.top);
  let row = 0, m = 0;
  for (const sl of slices) {
    row += sl.tokens.length;
    if (!sl.logits && !sl.top) continue;
    K.rmsNorm(K.view(x, (row - 1) * d, d), outputNorm, 1, d, eps, K.view(last, m * d, d));
    m++;
  }
  if (m > 0) {
    K.matmul(output, last, m, logits);
    asking.forEach((sl, j) => {
      if (sl.logits) K.toHost(logits, j * vocab, vocab, sl.logits);
      else K.topK!(K.view(logits, j * vocab, vocab), 1, vocab, sl.top!.k, sl.top!.ids, sl.top!.values);
    });
  }
  await K.sync();
  for (const sl of slices) for (const t of sl.tokens) sl.cache.tokens.push(t);
}
