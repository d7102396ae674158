/**
 * One sequence being evaluated: a KV cache, the logits after its last token (its own array, so
 * no other sequence can overwrite them), and the model's BatchScheduler, which evaluates its rows
 * together with every other sequence's. Knows how to bring the cache to a given token list while
 * reusing the longest prefix it already holds (multi-turn chat, server slots).
 *
 * One call at a time per sequence: its owner (a session) serializes them.
 */
import { ContextOverflowError } from "../errors.ts";
import type { KvCache } from "./kv-cache.ts";
import type { TopLogits } from "./forward.ts";
import type { BatchScheduler } from "./scheduler.ts";

export class Sequence<H = unknown> {
  readonly cache: KvCache<H>;
  private readonly scheduler: BatchScheduler<H>;
  /** Logits (V) after the last evaluated token; overwritten by the next call. */
  private readonly logits: Float32Array;
  /** Room for the top candidates after the last token (when the backend selects them). */
  private readonly topIds: Int32Array;
  private readonly topValues: Float32Array;

  constructor(scheduler: BatchScheduler<H>, cache: KvCache<H>) {
    this.scheduler = scheduler;
    this.cache = cache;
    this.logits = new Float32Array(scheduler.forward.shape.vocabSize);
    this.topIds = new Int32Array(scheduler.forward.maxTopK);
    this.topValues = new Float32Array(scheduler.forward.maxTopK);
  }

  /** Most candidates `appendManyTop` can select on the device; 0: only full logits (CPU backends). */
  get maxTopK(): number {
    return this.scheduler.forward.maxTopK;
  }

  get tokens(): readonly number[] {
    return this.cache.tokens;
  }

  get contextLength(): number {
    return this.cache.contextLength;
  }

  /** Length of the common prefix between the cache and `tokens`. */
  commonPrefix(tokens: readonly number[]): number {
    const held = this.cache.tokens;
    const max = Math.min(held.length, tokens.length);
    let i = 0;
    while (i < max && held[i] === tokens[i]) i++;
    return i;
  }

  /**
   * Makes the cache hold exactly `tokens` and returns the logits after the last one.
   * Reuses the cached prefix; at least the last token is always evaluated (its logits are
   * not kept between calls). Aborted: an empty array, the cache holding a valid prefix.
   */
  async prefill(tokens: readonly number[], signal?: AbortSignal): Promise<Float32Array> {
    if (tokens.length === 0) throw new RangeError("prefill needs at least one token");
    if (tokens.length >= this.cache.contextLength) throw new ContextOverflowError(tokens.length, this.cache.contextLength);
    // A sliding-window layer may have dropped what an earlier prefix needs: then all is evaluated again.
    const keep = this.cache.reusable(Math.min(this.commonPrefix(tokens), tokens.length - 1));
    this.cache.truncate(keep);
    const completed = await this.scheduler.run(this.cache, tokens.slice(keep), this.logits, signal);
    return completed ? this.logits : new Float32Array(0);
  }

  /** Appends one token and returns the logits after it. */
  append(token: number): Promise<Float32Array> {
    return this.appendMany([token]);
  }

  /** Appends several tokens (e.g. a forced `</think>`) and returns the logits after the last. */
  async appendMany(tokens: readonly number[]): Promise<Float32Array> {
    if (this.cache.length + tokens.length > this.cache.contextLength) {
      throw new ContextOverflowError(this.cache.length + tokens.length, this.cache.contextLength);
    }
    await this.scheduler.run(this.cache, tokens, this.logits);
    return this.logits;
  }

  /**
   * As `appendMany`, but returns only the k (≤ maxTopK) highest logits after the last token,
   * selected on the device: a greedy or top-k step reads back k pairs, not the vocabulary.
   */
  async appendManyTop(tokens: readonly number[], k: number): Promise<TopLogits> {
    if (this.cache.length + tokens.length > this.cache.contextLength) {
      throw new ContextOverflowError(this.cache.length + tokens.length, this.cache.contextLength);
    }
    const top: TopLogits = { k, ids: this.topIds.subarray(0, k), values: this.topValues.subarray(0, k) };
    await this.scheduler.run(this.cache, tokens, top);
    return top;
  }

  /**
   * Starts this sequence as a copy of `other`'s cached tokens (no evaluation): sequences that
   * share a prompt (several choices for one request) evaluate it once. Neither may be mid-call.
   */
  copyFrom(other: Sequence<H>): void {
    this.cache.copyPrefixFrom(other.cache, other.cache.reusable(Math.min(other.cache.length, this.cache.contextLength)));
  }

  reset(): void {
    this.cache.truncate(0);
  }
}
