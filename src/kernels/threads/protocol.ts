/**
 * The control block shared by the main thread and the workers: CTRL_INTS i32 in the shared
 * memory. The main thread writes the op and its arguments, sets PENDING to the worker count and
 * bumps GEN; each worker does its share and decrements PENDING. No message per op.
 */
export const CTRL_INTS = 32;
export const GEN = 0; // generation counter, bumped once per op
export const PENDING = 1; // workers still busy with the current op
export const OP = 2;
export const FAILED = 3; // set by a worker whose share threw
export const SHARD = 4; // which memory (and so which kernels instance) the op runs on
export const ARGS = 5; // up to MAX_ARGS i32 arguments (addresses stored as i32 bits)
export const NEXT = 24; // next unclaimed work item of the current op (claimed with Atomics.add)
export const MAX_ARGS = NEXT - ARGS;

export const OP_MATMUL = 1; // up to MULTI_MAX weights of one activation format and width, one input
export const OP_ATTENTION = 2;
export const OP_ATTENTION_PAIRS = 3;
export const OP_ATTENTION_QUADS = 4;
/** Element-wise ops of a batch split in row or element ranges: args[0] is one of ROWS_*. */
export const OP_ROWS = 5;
export const ROWS_RMSNORM = 1; // items: rows
export const ROWS_SWIGLU = 2; // items: elements
export const ROWS_ADD = 3; // items: elements
export const ROWS_STOREKV = 4; // items: tokens
export const ROWS_QUANTIZE = 5; // items: rows, in whole groups of 4 (Q8_0W's grouped scales, byte-dot copies)
export const ROWS_REPACK = 6; // items: Q4_K / Q6_K blocks, repacked in place at commit (each block on its own)
export const ROWS_F16_COUNT = 7; // items: rows of an F16 weight, their subnormals counted (commit)
export const ROWS_F16_SPLIT = 8; // items: rows of an F16 weight, their subnormals moved to its table (commit)
export const ROWS_REPACK_Q8 = 9; // items: row quads of a Q8_0 weight, interleaved in place (commit)
export const ROWS_GEGLU = 10; // items: elements
export const ROWS_SCALE = 11; // items: elements
export const MULTI_MAX = 3;

const f32View = new Float32Array(1);
const u32View = new Uint32Array(f32View.buffer);

/** The bits of f32(v), to pass a float through the integer control block (rmsNorm's eps). */
export function f32ToArg(v: number): number {
  f32View[0] = v;
  return u32View[0]!;
}

/** The f32 whose bits an argument carries (f32ToArg's inverse). */
export function argToF32(u: number): number {
  u32View[0] = u;
  return f32View[0]!;
}
export const OP_EXIT = 99;

/** Spin iterations before blocking in Atomics.wait (ops arrive back to back during a token). */
export const SPIN = 20000;

/** What a worker needs to join: the module and every memory; memories[0] holds the control block. */
export interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memories: readonly WebAssembly.Memory[];
  readonly ctrlPtr: number;
  readonly index: number;
  readonly threads: number;
}

/**
 * Work is claimed in chunks from a shared counter rather than split in fixed shares, so a
 * thread slowed by the OS (or a slower core) takes fewer chunks instead of making the others
 * wait. About 8 chunks per thread, rounded to `align` (the kernels' row tile).
 */
export function chunkSize(total: number, threads: number, align: number): number {
  const c = Math.ceil(total / (threads * 8) / align) * align;
  return Math.max(align, c);
}
