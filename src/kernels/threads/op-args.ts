/**
 * The arguments of each thread op by name: the caller encodes them (wasm/kernels.ts) and every
 * participant decodes them (work.ts) through the same layout, so the two sides cannot disagree
 * on a position. Arguments travel as i32 in the control block (protocol.ts ARGS): addresses as
 * their u32 bits, floats as their f32 bits.
 */
import { ARGS, MAX_ARGS, ROWS_ADD, ROWS_F16_COUNT, ROWS_F16_SPLIT, ROWS_GEGLU, ROWS_QUANTIZE, ROWS_REPACK, ROWS_REPACK_Q8, ROWS_RMSNORM, ROWS_SCALE, ROWS_STOREKV, ROWS_SWIGLU, argToF32, f32ToArg } from "./protocol.ts";

export type Args<F extends string> = Record<F, number>;

/** Named i32 arguments at `at` in the argument area; `floats` travel as f32 bits. */
export class OpArgs<F extends string> {
  readonly fields: readonly F[];
  readonly at: number;
  /** First argument past this layout. */
  readonly end: number;
  /**
   * Each field's index in the control block (ARGS + at + position), for the hot matmul path,
   * which reads its integers straight from there rather than through decode's loop.
   */
  readonly slot: Readonly<Args<F>>;
  private readonly isFloat: readonly boolean[];

  constructor(at: number, fields: readonly F[], floats: readonly F[] = []) {
    if (at + fields.length > MAX_ARGS) throw new RangeError(`thread op of ${at + fields.length} arguments (at most ${MAX_ARGS})`);
    this.at = at;
    this.fields = fields;
    this.end = at + fields.length;
    this.isFloat = fields.map((f) => floats.includes(f));
    this.slot = Object.fromEntries(fields.map((f, i) => [f, ARGS + at + i])) as Args<F>;
  }

  /** Writes v into args (what ThreadPool.run copies into the control block) from `at` + shift. */
  encode(args: number[], v: Readonly<Args<F>>, shift = 0): number[] {
    for (let i = 0; i < this.fields.length; i++) {
      const x = v[this.fields[i]!];
      args[this.at + shift + i] = this.isFloat[i] ? f32ToArg(x) : x;
    }
    return args;
  }

  /** Reads the op's arguments from the control block into `into` (reused: nothing allocated per op). */
  decode(ctrl: Int32Array, into: Args<F>, shift = 0): Args<F> {
    for (let i = 0; i < this.fields.length; i++) {
      const u = ctrl[ARGS + this.at + shift + i]! >>> 0;
      into[this.fields[i]!] = this.isFloat[i] ? argToF32(u) : u;
    }
    return into;
  }

  /** An object to decode into. */
  blank(): Args<F> {
    return Object.fromEntries(this.fields.map((f) => [f, 0])) as Args<F>;
  }
}

/**
 * OP_MATMUL: one input against `count` (≤ MULTI_MAX) weights of one activation format and width.
 * tmp is the first thread's kernel scratch, tmpStride bytes per thread.
 */
export const MATMUL = new OpArgs(0, ["cols", "xq", "n", "tmp", "tmpStride", "count"]);
/** Weight i of an OP_MATMUL, at shift 4·i: its type, address, rows and output address. */
export const MATMUL_WEIGHT = new OpArgs(MATMUL.end, ["type", "w", "rows", "y"]);
export const MATMUL_WEIGHT_ARGS = MATMUL_WEIGHT.fields.length;

/** OP_ATTENTION / _PAIRS / _QUADS: one item per (token, query head group); scratch is per thread, stride apart. */
export const ATTENTION = new OpArgs(
  0, ["q", "kc", "vc", "start", "n", "heads", "kvHeads", "e", "cap", "out", "scratch", "stride", "items", "scale", "window"], ["scale"],
);

/** Every OP_ROWS op starts with its kind (ROWS_*), its item count and the chunk alignment in items. */
export const ROWS = new OpArgs(0, ["kind", "items", "align"]);

/** An OP_ROWS kind: ROWS's three arguments, then its own. */
export class RowsArgs<F extends string> {
  readonly kind: number;
  readonly body: OpArgs<F>;
  constructor(kind: number, fields: readonly F[], floats: readonly F[] = []) {
    this.kind = kind;
    this.body = new OpArgs(ROWS.end, fields, floats);
  }

  /** The whole argument list of one op of this kind over `items` items, chunks aligned to `align`. */
  encode(items: number, align: number, v: Readonly<Args<F>>): number[] {
    const args = ROWS.encode([], { kind: this.kind, items, align });
    return this.body.encode(args, v);
  }
}

export const RMSNORM = new RowsArgs(ROWS_RMSNORM, ["x", "weight", "dim", "eps", "out"], ["eps"]);
export const SWIGLU = new RowsArgs(ROWS_SWIGLU, ["gate", "up", "out"]);
export const GEGLU = new RowsArgs(ROWS_GEGLU, ["gate", "up", "out", "table"]);
export const ADD = new RowsArgs(ROWS_ADD, ["a", "b", "out"]);
export const SCALE = new RowsArgs(ROWS_SCALE, ["x", "s", "out"], ["s"]);
/** Activations of `type`'s vec_dot_type; tmp / tmpStride: the threads' kernel scratch. */
export const QUANTIZE = new RowsArgs(ROWS_QUANTIZE, ["type", "x", "cols", "xq", "tmp", "tmpStride"]);
/** K-quant blocks of blockBytes repacked in place, items = blocks. */
export const REPACK = new RowsArgs(ROWS_REPACK, ["w", "type", "blockBytes", "tmp", "tmpStride"]);
/** Q8_0 row quads interleaved in place, items = quads. */
export const REPACK_Q8 = new RowsArgs(ROWS_REPACK_Q8, ["w", "rowBytes", "blocks", "tmp", "tmpStride"]);
export const F16_COUNT = new RowsArgs(ROWS_F16_COUNT, ["w", "cols", "counts"]);
export const F16_SPLIT = new RowsArgs(ROWS_F16_SPLIT, ["w", "cols", "starts", "entries"]);
/** Tokens of src stored into one cache of `cap` positions from `start`. */
export const STOREKV = new RowsArgs(ROWS_STOREKV, ["src", "cache", "start", "kvHeads", "e", "cap"]);
