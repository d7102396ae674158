/**
 * The key/value cache of one sequence: per layer, K and V as F16 of shape (g, t, e), where t is
 * the context length (head-major: see kernels/kv-layout.ts), in the kernels' own buffers (`H`:
 * typed arrays on the CPU, device buffers on a GPU). `length` is how many leading positions hold
 * valid entries.
 */
import type { Kernels } from "../kernels/types.ts";
import { kvCacheBytes, type ModelShape } from "./shape.ts";

export class KvCache<H = Uint16Array> {
  readonly contextLength: number;
  readonly k: H[]; // per layer: (g, t, e)
  readonly v: H[]; // per layer: (g, t, e)
  /** Token ids whose keys and values are held, in order (length == this.length). */
  readonly tokens: number[] = [];

  constructor(shape: ModelShape, contextLength: number, kernels: Pick<Kernels<unknown, H>, "allocF16">) {
    this.contextLength = contextLength;
    const size = contextLength * shape.kvHeads * shape.headDim;
    this.k = [];
    this.v = [];
    for (let i = 0; i < shape.layers; i++) {
      this.k.push(kernels.allocF16(size));
      this.v.push(kernels.allocF16(size));
    }
  }

  get length(): number {
    return this.tokens.length;
  }

  /** Room left, in positions. */
  get free(): number {
    return this.contextLength - this.tokens.length;
  }

  /** Forgets positions from `length` on (entries beyond are overwritten later). */
  truncate(length: number): void {
    if (length < this.tokens.length) this.tokens.length = Math.max(0, length);
  }

  /** Bytes held by a cache of this shape and context. */
  static bytes(shape: ModelShape, contextLength: number): number {
    return kvCacheBytes(shape, contextLength);
  }
}
