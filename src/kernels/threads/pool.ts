/**
 * A fixed team of `threads` participants sharing one memory: the calling thread (index 0) and
 * threads − 1 workers. `run` publishes an op through the control block, does the caller's share,
 * then waits (spin, then Atomics.wait where the runtime allows blocking) for the others.
 */
import type { KernelExports } from "../wasm/exports.ts";
import { ARGS, CTRL_INTS, FAILED, GEN, MAX_ARGS, NEXT, OP, OP_EXIT, PENDING, SHARD, SPIN } from "./protocol.ts";
import { spawnWorker, type SpawnedWorker } from "./spawn.ts";
import { runShare } from "./work.ts";
import { MedpsyError } from "../../errors.ts";

export class KernelWorkerError extends MedpsyError {
  constructor(found: string) {
    super("KERNEL_WORKER_FAILED", "a kernel worker thread failed", {
      expected: "every worker to finish its share", found,
      hint: "retry with threads: 1; report the model file and options if it persists",
    });
  }
}

/** No kernel op takes this long; past it the pool is considered broken. */
const STALL_MS = 120_000;

// Browsers forbid Atomics.wait on the main thread; Node allows it everywhere.
const canBlock = typeof process !== "undefined" && typeof process.versions?.node === "string";

export class ThreadPool {
  readonly threads: number;
  private readonly ctrl: Int32Array;
  private readonly k: readonly KernelExports[];
  private workers: SpawnedWorker[] = [];

  private constructor(threads: number, ctrl: Int32Array, k: readonly KernelExports[]) {
    this.threads = threads;
    this.ctrl = ctrl;
    this.k = k;
  }

  /** ctrlPtr: CTRL_INTS zeroed i32 in memories[0]; k: the caller's instance per memory. */
  static async start(
    threads: number, module: WebAssembly.Module, memories: WebAssembly.Memory[], ctrlPtr: number, k: readonly KernelExports[],
  ): Promise<ThreadPool> {
    const pool = new ThreadPool(threads, new Int32Array(memories[0]!.buffer, ctrlPtr, CTRL_INTS), k);
    try {
      const started = [];
      for (let i = 1; i < threads; i++) started.push(spawnWorker({ module, memories, ctrlPtr, index: i, threads }));
      const results = await Promise.allSettled(started);
      for (const r of results) if (r.status === "fulfilled") pool.workers.push(r.value);
      const failed = results.find((r) => r.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
    } catch (e) {
      await pool.dispose();
      throw e;
    }
    return pool;
  }

  /** Runs op with the first `count` i32 args on memory `shard` on every participant; returns when all are done. */
  run(op: number, shard: number, args: readonly number[], count = args.length): void {
    const c = this.ctrl;
    if (count > MAX_ARGS || count > args.length) throw new RangeError(`kernel op with ${count} arguments (at most ${Math.min(MAX_ARGS, args.length)})`);
    c[SHARD] = shard;
    for (let i = 0; i < count; i++) c[ARGS + i] = args[i]! | 0;
    c[OP] = op;
    Atomics.store(c, NEXT, 0);
    if (this.threads === 1) return runShare(this.k, c, 0, 1);
    if (this.workers.length === 0) throw new KernelWorkerError("the kernels were disposed (no worker threads left)");
    Atomics.store(c, PENDING, this.threads - 1);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    runShare(this.k, c, 0, this.threads);
    let spins = 0;
    let deadline = 0;
    for (let left = Atomics.load(c, PENDING); left !== 0; left = Atomics.load(c, PENDING)) {
      if (++spins <= SPIN) continue;
      if (canBlock) Atomics.wait(c, PENDING, left, 50);
      // A worker that died (e.g. out of memory) never answers: fail instead of hanging forever.
      if ((spins & 1023) === 0 || canBlock) {
        const now = performance.now();
        if (deadline === 0) deadline = now + STALL_MS;
        else if (now > deadline) throw new KernelWorkerError(`${left} worker(s) silent for ${STALL_MS / 1000} s`);
      }
    }
    if (Atomics.load(c, FAILED) !== 0) {
      Atomics.store(c, FAILED, 0);
      throw new KernelWorkerError("a worker's share threw");
    }
  }

  async dispose(): Promise<void> {
    if (this.workers.length > 0) {
      Atomics.store(this.ctrl, OP, OP_EXIT);
      Atomics.add(this.ctrl, GEN, 1);
      Atomics.notify(this.ctrl, GEN);
    }
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
