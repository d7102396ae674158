/**
 * Entry point of a bench child process: measures one engine and prints one JSON line.
 * Each engine runs in its own process so that peak memory figures do not mix.
 *   node child.js <engine> <model> <threads> <promptTokens> <genTokens>
 */
import { measureLlama } from "./measure-llama.ts";
import { measureMedpsy } from "./measure-medpsy.ts";

const [engine, model, threads, promptTokens, genTokens] = process.argv.slice(2);
const params = { model: model!, threads: Number(threads), promptTokens: Number(promptTokens), genTokens: Number(genTokens) };
const run = engine === "llama.cpp" ? measureLlama : measureMedpsy;
run(params).then(
  (r) => {
    process.stdout.write(JSON.stringify(r) + "\n");
    process.exit(0);
  },
  (err) => {
    process.stderr.write(`${err?.message ?? err}\n`);
    process.exit(1);
  },
);
