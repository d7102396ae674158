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

/** One sequence's part of a step. */
export interface StepSlice<H = unknown> {
  cache: KvCache<H>;
  /** Tokens appended at positions cache.length, cache.length + 1, … (at least one). */
  tokens: readonly number[];
  /** When given, receives the logits (V) after the last of `tokens`; owned by the sequence. */
  logits?: Float32Array;
}

export interface ForwardPass<H = unknown> {
  readonly shape: ModelShape;
  /** Most rows (tokens over all slices) in one step. */
  readonly maxRows: number;
  /** Most slices asking for logits in one step. */
  readonly maxLogitRows: number;
  /** A KV cache for `contextLength` positions in this pass's kernels. */
  newCache(contextLength: number): KvCache<H>;
  /**
   * Appends each slice's tokens to its cache and writes the requested logits. A slice's results
   * are bit-identical whatever else is in the step. Slices must use distinct caches.
   */
  step(slices: readonly StepSlice<H>[]): Promise<void>;
}
