/** The body of every kernel worker: instantiate the module on the shared memory, then serve ops. */
import { instantiate } from "../wasm/exports.ts";
import { CTRL_INTS, FAILED, GEN, OP, OP_EXIT, PENDING, SPIN, type WorkerInit } from "./protocol.ts";
import { runShare } from "./work.ts";

/** Returns the loop to run after the caller has reported readiness (it blocks until OP_EXIT). */
export function prepareWorker(init: WorkerInit): () => void {
  const k = init.memories.map((m) => instantiate(init.module, m));
  const ctrl = new Int32Array(init.memories[0]!.buffer, init.ctrlPtr, CTRL_INTS);
  // Read the generation now, before the caller reports readiness: the main thread may publish
  // the first op as soon as it hears "ready", and that op must not be mistaken for the baseline.
  let seen = Atomics.load(ctrl, GEN);
  return () => {
    for (;;) {
      let spins = 0;
      while (Atomics.load(ctrl, GEN) === seen) {
        if (++spins > SPIN) Atomics.wait(ctrl, GEN, seen);
      }
      seen = Atomics.load(ctrl, GEN);
      if (Atomics.load(ctrl, OP) === OP_EXIT) break;
      try {
        runShare(k, ctrl, init.index, init.threads);
      } catch {
        Atomics.store(ctrl, FAILED, 1);
      }
      if (Atomics.sub(ctrl, PENDING, 1) === 1) Atomics.notify(ctrl, PENDING);
    }
  };
}
