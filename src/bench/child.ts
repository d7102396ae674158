/**
 * Entry point of a bench child process: measures one engine and prints one JSON line.
 * Each engine runs in its own process so that peak memory figures do not mix.
 *   node child.js <engine> <model> <threads> <promptTokens> <genTokens> [sequences]
 * With `sequences`, N sequences decode at the same time (concurrency.ts).
 */
import { concurrentLlama, concurrentMedpsy } from "./concurrency.ts";
import type { DeviceOption } from "../engine/device.ts";
import { measureLlama } from "./measure-llama.ts";
import { measureMedpsy } from "./measure-medpsy.ts";

const [engine, model, threads, promptTokens, genTokens, sequences] = process.argv.slice(2);
// The device travels in the environment (compare.ts), so the positional arguments stay as they were.
const device = (process.env.MEDPSY_BENCH_DEVICE ?? "cpu") as DeviceOption;
const params = { model: model!, threads: Number(threads), promptTokens: Number(promptTokens), genTokens: Number(genTokens), device };
const llama = engine === "llama.cpp";
const run = sequences !== undefined
  ? () => (llama ? concurrentLlama : concurrentMedpsy)(params, Number(sequences))
  : () => (llama ? measureLlama : measureMedpsy)(params);
run().then(
  (r) => {
    process.stdout.write(JSON.stringify(r) + "\n");
    process.exit(0);
  },
  (err) => {
    process.stderr.write(`${err?.message ?? err}\n`);
    process.exit(1);
  },
);
