/** Node worker_threads entry: workerData is a WorkerInit. */
import { parentPort, workerData } from "node:worker_threads";
import { prepareWorker } from "./worker-loop.ts";
import type { WorkerInit } from "./protocol.ts";

const loop = prepareWorker(workerData as WorkerInit);
parentPort!.postMessage("ready");
loop();
