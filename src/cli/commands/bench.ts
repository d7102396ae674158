/**
 * `medpsy bench -m FILE [--threads N] [--prompt 512] [--gen 128] [--compare-llama-cpp] [--json]`
 * Prompt tok/s, decode tok/s, time to first token, load time and peak RSS; with
 * --compare-llama-cpp, the same for llama.cpp on the same file in the same run, and the ratio.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { formatComparison, runChild } from "../../bench/compare.ts";
import type { BenchResult } from "../../bench/types.ts";

export const summary = "measure prompt and decode speed (optionally against llama.cpp)";

const FLAGS = {
  model: { type: "string", short: "m" },
  threads: { type: "number" },
  prompt: { type: "number" },
  gen: { type: "number" },
  "compare-llama-cpp": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags } = parseArgs(argv, FLAGS, "bench");
  if (flags.help) {
    io.stdout.write("usage: medpsy bench -m FILE [--threads N] [--prompt 512] [--gen 128] [--compare-llama-cpp] [--json]\n");
    return 0;
  }
  if (typeof flags.model !== "string") throw new InvalidArgumentError("no model given", { expected: "-m FILE", found: "nothing" });
  const int = (name: string, v: unknown, dflt: number, max: number): number => {
    const n = v === undefined ? dflt : (v as number);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`--${name} out of range`, { expected: `1..${max}`, found: String(n) });
    return n;
  };
  const params = {
    model: flags.model,
    threads: int("threads", flags.threads, Math.max(1, availableParallelism()), 256),
    promptTokens: int("prompt", flags.prompt, 512, 65536),
    genTokens: int("gen", flags.gen, 128, 65536),
  };
  const results: BenchResult[] = [await runChild("medpsy", params)];
  if (flags["compare-llama-cpp"]) results.push(await runChild("llama.cpp", params));
  if (flags.json) io.stdout.write(JSON.stringify({ params, results }) + "\n");
  else {
    io.stdout.write(`model ${params.model}, ${params.threads} threads, prompt ${params.promptTokens}, gen ${params.genTokens}\n`);
    io.stdout.write(formatComparison(results) + "\n");
    for (const r of results) if (r.notes) io.stdout.write(`${r.engine}: ${r.notes}\n`);
  }
  return 0;
}
