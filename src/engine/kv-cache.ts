/**
 * The key/value cache of one sequence: per layer, K and V as F16 of shape (g, c, e), where c is
 * the layer's capacity in positions (head-major: see kernels/kv-layout.ts), in the kernels' own
 * buffers (`H`: typed arrays on the CPU, device buffers on a GPU). `length` is how many leading
 * positions of the sequence have been evaluated.
 *
 * Sliding-window layers (shape.windows) keep only their window: capacity W − 1 + stepRows slots,
 * slot 0 holding position `base[l]`. Before a step appends m ≤ stepRows rows at position p,
 * `reserve` moves the W − 1 positions before p to the front when the rows would not fit — one
 * copy of W − 1 positions per ~stepRows tokens — so the step's rows always see their whole
 * window. Full-attention layers have base 0 and slot = position.
 */
import type { Kernels } from "../kernels/types.ts";
import { DEFAULT_STEP_ROWS, kvCacheBytes, layerCapacity, type ModelShape } from "./shape.ts";

export class KvCache<H = Uint16Array> {
  readonly contextLength: number;
  readonly shape: ModelShape;
  readonly k: H[]; // per layer: (g, c_l, e)
  readonly v: H[]; // per layer: (g, c_l, e)
  /** Per layer: slots held (c_l). */
  readonly capacity: number[];
  /** Per layer: the position held at slot 0 (0 unless a sliding window moved on). */
  readonly base: number[];
  /** Token ids whose keys and values are held, in order (length == this.length). */
  readonly tokens: number[] = [];
  /** Most rows one step may append (the forward pass's maxRows). */
  readonly stepRows: number;

  private readonly kernels: Pick<Kernels<unknown, H>, "allocF16" | "copyF16">;

  constructor(shape: ModelShape, contextLength: number, kernels: Pick<Kernels<unknown, H>, "allocF16" | "copyF16">, stepRows = DEFAULT_STEP_ROWS) {
    this.kernels = kernels;
    this.contextLength = contextLength;
    this.shape = shape;
    this.stepRows = stepRows;
    this.k = [];
    this.v = [];
    this.capacity = [];
    this.base = [];
    for (let l = 0; l < shape.layers; l++) {
      const cap = layerCapacity(shape, l, contextLength, stepRows);
      this.capacity.push(cap);
      this.base.push(0);
      this.k.push(kernels.allocF16(cap * shape.kvHeads * shape.headDim));
      this.v.push(kernels.allocF16(cap * shape.kvHeads * shape.headDim));
    }
  }

  get length(): number {
    return this.tokens.length;
  }

  /** Room left, in positions. */
  get free(): number {
    return this.contextLength - this.tokens.length;
  }

  /** Layer l's sliding window, or 0. */
  window(l: number): number {
    return this.shape.windows?.[l] ?? 0;
  }

  /**
   * The slot where layer l's next `rows` positions (from `length` on) go, making room first: a
   * sliding-window layer whose slots would overflow moves its last W − 1 positions to the front.
   */
  reserve(l: number, rows: number): number {
    const p = this.tokens.length;
    if (p - this.base[l]! + rows > this.capacity[l]!) {
      const keep = this.window(l) - 1; // positions p − keep .. p − 1 stay
      const from = p - keep - this.base[l]!; // their first slot now
      const e = this.shape.headDim, cap = this.capacity[l]!;
      if (keep + rows > cap || from < 0) throw new RangeError(`KvCache.reserve: ${rows} rows do not fit layer ${l}'s ${cap} slots`);
      for (let g = 0; g < this.shape.kvHeads; g++) {
        // Overlapping ranges, destination first: copyF16 behaves as memmove.
        this.kernels.copyF16(this.k[l]!, (g * cap + from) * e, this.k[l]!, g * cap * e, keep * e);
        this.kernels.copyF16(this.v[l]!, (g * cap + from) * e, this.v[l]!, g * cap * e, keep * e);
      }
      this.base[l] = p - keep;
    }
    return p - this.base[l]!;
  }

  /**
   * How many of the first `length` positions can be kept as they are: `length` when every
   * sliding-window layer still holds the window the next position needs, else 0 (the prefix is
   * evaluated again).
   */
  reusable(length: number): number {
    length = Math.min(length, this.tokens.length);
    for (let l = 0; l < this.base.length; l++) {
      const w = this.window(l);
      if (w > 0 && this.base[l]! > 0 && length - (w - 1) < this.base[l]!) return 0;
    }
    return length;
  }

  /** Forgets positions from `length` on (entries beyond are overwritten later); see `reusable`. */
  truncate(length: number): void {
    length = this.reusable(Math.max(0, length));
    if (length < this.tokens.length) this.tokens.length = length;
    if (length === 0) this.base.fill(0);
  }

  /**
   * Makes this cache hold the first `length` positions of `src` (same shape): sequences that
   * share a prompt evaluate it once. Head-major layout: each KV head's positions are one run.
   * `length` must be reusable in `src` (src.reusable(length) === length).
   */
  copyPrefixFrom(src: KvCache<H>, length: number): void {
    const kernels = this.kernels;
    if (length > src.length || length > this.contextLength || src.reusable(length) !== length) {
      throw new RangeError(`copyPrefixFrom: ${length} positions from a cache holding ${src.length} (${src.reusable(length)} reusable), into room for ${this.contextLength}`);
    }
    const e = this.shape.headDim;
    for (let l = 0; l < this.k.length; l++) {
      // A window layer takes only the positions its next row needs; a full one takes them all.
      const w = this.window(l);
      const first = w > 0 ? Math.max(src.base[l]!, length - (w - 1)) : 0;
      const count = length - first, from = first - src.base[l]!;
      if (count > this.capacity[l]!) throw new RangeError(`copyPrefixFrom: layer ${l} holds ${this.capacity[l]} slots, ${count} needed`);
      for (let g = 0; g < this.shape.kvHeads; g++) {
        kernels.copyF16(src.k[l]!, (g * src.capacity[l]! + from) * e, this.k[l]!, g * this.capacity[l]! * e, count * e);
        kernels.copyF16(src.v[l]!, (g * src.capacity[l]! + from) * e, this.v[l]!, g * this.capacity[l]! * e, count * e);
      }
      this.base[l] = first;
    }
    this.tokens.length = 0;
    for (let i = 0; i < length; i++) this.tokens.push(src.tokens[i]!);
  }

  /** Bytes held by a cache of this shape and context. */
  static bytes(shape: ModelShape, contextLength: number, stepRows = DEFAULT_STEP_ROWS): number {
    return kvCacheBytes(shape, contextLength, stepRows);
  }
}
