/** Web Worker entry (module worker): the first message is a WorkerInit. */
import { prepareWorker } from "./worker-loop.ts";
import type { WorkerInit } from "./protocol.ts";

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (e: MessageEvent) => {
  scope.onmessage = null;
  const loop = prepareWorker(e.data as WorkerInit);
  scope.postMessage("ready");
  loop();
};
