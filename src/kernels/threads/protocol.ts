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
export const ARGS = 5; // up to 16 i32 arguments (addresses stored as i32 bits)

export const OP_MATMUL = 1;
export const OP_ATTENTION = 2;
export const OP_ATTENTION_PAIRS = 3;
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

/** Contiguous share [start, end) of `total` items for participant `k` of `t`. */
export function share(total: number, k: number, t: number): [number, number] {
  return [Math.floor((total * k) / t), Math.floor((total * (k + 1)) / t)];
}
