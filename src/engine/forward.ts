/**
 * The one interface between the engine and an architecture's forward pass: a step evaluates rows
 * from several sequences at once — each appending its own tokens to its own KV cache at its own
 * positions — reading every weight once for all of them, and hands each sequence the logits after
 * its last row. Every architecture (src/model/*) implements it over any kernels backend.
 *
 * A step is asynchronous: on a GPU the logits are read back after the device finishes; on the
 * CPU backends it has completed when the promise is created. Callers run one step at a time
 * (the BatchScheduler does).
 */
import type { KvCache } from "./kv-cache.ts";
import type { ModelShape } from "./shape.ts";

/**
 * The k most likely next tokens instead of all logits: what a greedy or top-k step needs. A pass
 * with `maxTopK` > 0 selects them on its device and reads back k pairs, not the vocabulary.
 */
export interface TopLogits {
  /** How many to select, 1..maxTopK. */
  readonly k: number;
  /** Token ids, highest logit first, ties to the lower id (the sampler's order). */
  readonly ids: Int32Array;
  /** Their logits, same order. */
  readonly values: Float32Array;
}

/** One sequence's part of a step. */
export interface StepSlice<H = unknown> {
  cache: KvCache<H>;
  /** Tokens appended at positions cache.length, cache.length + 1, … (at least one). */
  tokens: readonly number[];
  /** When given, receives the logits (V) after the last of `tokens`; owned by the sequence. */
  logits?: Float32Array;
  /** Instead of `logits` (never both): the top `top.k` logits after the last of `tokens`. */
  top?: TopLogits;
}

export interface ForwardPass<H = unknown> {
  readonly shape: ModelShape;
  /** Most rows (tokens over all slices) in one step. */
  readonly maxRows: number;
  /** Most slices asking for logits (or their top k) in one step. */
  readonly maxLogitRows: number;
  /**
   * Most k a slice's `top` may ask for; 0 where the backend has no device selection (the CPU
   * backends: their logits are already in host memory) — callers then ask for `logits`.
   */
  readonly maxTopK: number;
  /** A KV cache for `contextLength` positions in this pass's kernels. */
  newCache(contextLength: number): KvCache<H>;
  /**
   * Appends each slice's tokens to its cache and writes the requested logits. A slice's results
   * are bit-identical whatever else is in the step. Slices must use distinct caches.
   */
  step(slices: readonly StepSlice<H>[]): Promise<void>;
}
