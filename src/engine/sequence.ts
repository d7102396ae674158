/**
 * One sequence being evaluated: a KV cache plus the forward pass. Knows how to bring the cache
 * to a given token list while reusing the longest prefix it already holds (multi-turn chat,
 * server slots), in batches that yield to the event loop so that aborts and other requests
 * are served between them.
 */
import type { Qwen3Forward } from "../model/qwen3/forward.ts";
import { ContextOverflowError } from "../errors.ts";
import type { KvCache } from "./kv-cache.ts";

export class Sequence {
  readonly forward: Qwen3Forward;
  readonly cache: KvCache;

  constructor(forward: Qwen3Forward, cache: KvCache) {
    this.forward = forward;
    this.cache = cache;
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
   * not kept between calls).
   */
  async prefill(tokens: readonly number[], signal?: AbortSignal): Promise<Float32Array> {
    if (tokens.length === 0) throw new RangeError("prefill needs at least one token");
    if (tokens.length >= this.cache.contextLength) throw new ContextOverflowError(tokens.length, this.cache.contextLength);
    const keep = Math.min(this.commonPrefix(tokens), tokens.length - 1);
    this.cache.truncate(keep);
    const batch = this.forward.maxBatch;
    let logits: Float32Array | null = null;
    for (let i = keep; i < tokens.length; i += batch) {
      if (signal?.aborted) break;
      const chunk = tokens.slice(i, Math.min(tokens.length, i + batch));
      const last = i + chunk.length >= tokens.length;
      logits = this.forward.step(chunk, this.cache, last);
      if (!last) await yieldToEventLoop();
    }
    if (!logits) {
      // Aborted before the last batch: the cache holds a valid prefix only.
      return new Float32Array(0);
    }
    return logits;
  }

  /** Appends one token and returns the logits after it. */
  append(token: number): Float32Array {
    if (this.cache.length + 1 > this.cache.contextLength) {
      throw new ContextOverflowError(this.cache.length + 1, this.cache.contextLength);
    }
    return this.forward.step([token], this.cache, true)!;
  }

  /** Appends several tokens (e.g. a forced `</think>`) and returns the logits after the last. */
  appendMany(tokens: readonly number[]): Float32Array {
    let logits: Float32Array | null = null;
    for (let i = 0; i < tokens.length; i += this.forward.maxBatch) {
      const chunk = tokens.slice(i, i + this.forward.maxBatch);
      if (this.cache.length + chunk.length > this.cache.contextLength) {
        throw new ContextOverflowError(this.cache.length + chunk.length, this.cache.contextLength);
      }
      logits = this.forward.step(chunk, this.cache, i + chunk.length >= tokens.length);
    }
    return logits!;
  }

  reset(): void {
    this.cache.truncate(0);
  }
}

/** Lets timers, I/O and abort signals run between tokens (setImmediate in Node, a message port in browsers). */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}
