/**
 * Platform shim: starts one kernel worker in Node (worker_threads) or a browser (module Web
 * Worker) and resolves once it has instantiated the module. The worker script is the sibling
 * worker-node / worker-web file, .ts when running from source, .js from dist.
 */
import type { WorkerInit } from "./protocol.ts";

export interface SpawnedWorker {
  terminate(): Promise<void>;
}

const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

export async function spawnWorker(init: WorkerInit): Promise<SpawnedWorker> {
  if (isNode) {
    const { Worker } = await import("node:worker_threads");
    const w = new Worker(new URL(`./worker-node${ext}`, import.meta.url), { workerData: init });
    await new Promise<void>((resolve, reject) => {
      w.once("message", () => resolve());
      w.once("error", reject);
      w.once("exit", (code) => reject(new Error(`kernel worker exited with code ${code} before starting`)));
    });
    w.removeAllListeners("exit");
    w.removeAllListeners("error");
    w.on("error", () => {}); // a crash shows up as FAILED/timeout in the pool, not as an unhandled event
    w.unref(); // an idle pool never keeps the process alive
    return { terminate: async () => void (await w.terminate()) };
  }
  const w = new Worker(new URL(`./worker-web${ext}`, import.meta.url), { type: "module" });
  await new Promise<void>((resolve, reject) => {
    w.onmessage = () => resolve();
    w.onerror = (e) => reject(new Error(`kernel worker failed to start: ${e.message}`));
    w.postMessage(init);
  });
  return { terminate: async () => w.terminate() };
}

/** Default thread count: the cores the runtime reports. */
export async function defaultThreads(): Promise<number> {
  if (isNode) {
    const os = await import("node:os");
    return Math.max(1, os.availableParallelism());
  }
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}
