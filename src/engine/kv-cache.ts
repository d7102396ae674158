/**
 * The key/value cache of one sequence: per layer, K and V as F16 of shape (g, t, e), where t is
 * the context length (head-major: see kernels/kv-layout.ts). `length` is how many leading
 * positions hold valid entries.
 */
import type { Kernels } from "../kernels/types.ts";
import type { Qwen3Config } from "../model/qwen3/config.ts";

export class KvCache {
  readonly contextLength: number;
  readonly k: Uint16Array[]; // per layer: (g, t, e)
  readonly v: Uint16Array[]; // per layer: (g, t, e)
  /** Token ids whose keys and values are held, in order (length == this.length). */
  readonly tokens: number[] = [];

  constructor(config: Qwen3Config, contextLength: number, kernels: Kernels) {
    this.contextLength = contextLength;
    const size = contextLength * config.kvHeads * config.headDim;
    this.k = [];
    this.v = [];
    for (let i = 0; i < config.layers; i++) {
      this.k.push(kernels.allocF16(size));
      this.v.push(kernels.allocF16(size));
    }
  }

  get length(): number {
    return this.tokens.length;
  }

  /** Forgets positions from `length` on (entries beyond are overwritten later). */
  truncate(length: number): void {
    if (length < this.tokens.length) this.tokens.length = Math.max(0, length);
  }

  /** Bytes held by the cache. */
  static bytes(config: Qwen3Config, contextLength: number): number {
    return config.layers * 2 * contextLength * config.kvHeads * config.headDim * 2;
  }
}
