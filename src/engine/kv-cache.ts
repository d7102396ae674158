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
  readonly shape: ModelShape;
  readonly k: H[]; // per layer: (g, t, e)
  readonly v: H[]; // per layer: (g, t, e)
  /** Token ids whose keys and values are held, in order (length == this.length). */
  readonly tokens: number[] = [];

  private readonly kernels: Pick<Kernels<unknown, H>, "allocF16" | "copyF16">;

  constructor(shape: ModelShape, contextLength: number, kernels: Pick<Kernels<unknown, H>, "allocF16" | "copyF16">) {
    this.kernels = kernels;
    this.contextLength = contextLength;
    this.shape = shape;
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

  /**
   * Makes this cache hold the first `length` positions of `src` (same shape): sequences that
   * share a prompt evaluate it once. Head-major layout: each KV head's positions are one run.
   */
  copyPrefixFrom(src: KvCache<H>, length: number): void {
    const kernels = this.kernels;
    if (length > src.length || length > this.contextLength) {
      throw new RangeError(`copyPrefixFrom: ${length} positions from a cache holding ${src.length}, into room for ${this.contextLength}`);
    }
    const e = this.shape.headDim;
    for (let l = 0; l < this.k.length; l++) {
      for (let g = 0; g < this.shape.kvHeads; g++) {
        kernels.copyF16(src.k[l]!, g * src.contextLength * e, this.k[l]!, g * this.contextLength * e, length * e);
        kernels.copyF16(src.v[l]!, g * src.contextLength * e, this.v[l]!, g * this.contextLength * e, length * e);
      }
    }
    this.tokens.length = 0;
    for (let i = 0; i < length; i++) this.tokens.push(src.tokens[i]!);
  }

  /** Bytes held by a cache of this shape and context. */
  static bytes(shape: ModelShape, contextLength: number): number {
    return kvCacheBytes(shape, contextLength);
  }
}
