/**
 * `medpsy bench -m FILE [--threads N] [--device cpu|webgpu|auto] [--prompt 512] [--gen 128] [--compare-llama-cpp] [--repeat N] [--json]`
 * `medpsy bench -m FILE --concurrency 1,2,4,8 [--prompt 64] [--gen 32] …`: N sequences decoding at
 * once — aggregate decode tok/s and per-stream inter-token latency at each N (against node-llama-cpp
 * with one context of N sequences under --compare-llama-cpp).
 * Prompt tok/s, decode tok/s, time to first token, load time and peak RSS; with
 * --compare-llama-cpp, the same for llama.cpp on the same file in the same run, and the ratio.
 * --repeat N runs N rounds, alternating which engine goes first, and reports medians (ratios
 * taken within each round): on a shared machine whose speed drifts, one round can mislead.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { formatComparison, formatConcurrency, roundOrder, runChild, runConcurrencyChild, summarize } from "../../bench/compare.ts";
import type { ConcurrencyResult } from "../../bench/concurrency.ts";
import type { BenchResult } from "../../bench/types.ts";
import { describeHost } from "../../bench/host.ts";
import { DEVICE_OPTIONS, type DeviceOption } from "../../engine/device.ts";

export const summary = "measure prompt and decode speed (optionally against llama.cpp)";

const FLAGS = {
  model: { type: "string", short: "m" },
  threads: { type: "number" },
  device: { type: "string" },
  prompt: { type: "number" },
  gen: { type: "number" },
  "compare-llama-cpp": { type: "boolean" },
  repeat: { type: "number" },
  concurrency: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags } = parseArgs(argv, FLAGS, "bench");
  if (flags.help) {
    io.stdout.write("usage: medpsy bench -m FILE [--threads N] [--device cpu|webgpu|auto] [--prompt 512] [--gen 128] [--compare-llama-cpp] [--repeat N] [--json]\n" +
      "       medpsy bench -m FILE --concurrency 1,2,4,8 [--prompt 64] [--gen 32] [--threads N] [--device cpu|webgpu|auto] [--compare-llama-cpp] [--repeat N] [--json]\n");
    return 0;
  }
  if (typeof flags.model !== "string") throw new InvalidArgumentError("no model given", { expected: "-m FILE", found: "nothing" });
  const int = (name: string, v: unknown, dflt: number, max: number): number => {
    const n = v === undefined ? dflt : (v as number);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`--${name} out of range`, { expected: `1..${max}`, found: String(n) });
    return n;
  };
  const concurrency = typeof flags.concurrency === "string" ? parseCounts(flags.concurrency) : undefined;
  const params = {
    model: flags.model,
    threads: int("threads", flags.threads, Math.max(1, availableParallelism()), 256),
    device: benchDevice(flags.device),
    promptTokens: int("prompt", flags.prompt, concurrency ? 64 : 512, 65536),
    genTokens: int("gen", flags.gen, concurrency ? 32 : 128, 65536),
  };
  const repeat = int("repeat", flags.repeat, 1, 50);
  const engines: BenchResult["engine"][] = flags["compare-llama-cpp"] ? ["medpsy", "llama.cpp"] : ["medpsy"];
  if (concurrency) {
    const rows: ConcurrencyResult[][][] = [];
    for (const n of concurrency) {
      const rounds: ConcurrencyResult[][] = [];
      for (let r = 0; r < repeat; r++) {
        const round: ConcurrencyResult[] = [];
        for (const engine of roundOrder(engines, r)) round.push(await runConcurrencyChild(engine, params, n));
        rounds.push(round);
      }
      rows.push(rounds);
    }
    if (flags.json) io.stdout.write(JSON.stringify({ params, host: describeHost(), concurrency: rows }) + "\n");
    else {
      const how = repeat > 1 ? `, median of ${repeat} rounds (engine order alternated)` : "";
      io.stdout.write(`model ${params.model}, ${params.threads} threads, device ${params.device}, each sequence: prompt ${params.promptTokens}, gen ${params.genTokens}${how}\n`);
      io.stdout.write(`host: ${describeHost()}\n`);
      io.stdout.write(formatConcurrency(rows) + "\n");
    }
    return 0;
  }
  const rounds: BenchResult[][] = [];
  for (let r = 0; r < repeat; r++) {
    const got = new Map<string, BenchResult>();
    for (const engine of roundOrder(engines, r)) got.set(engine, await runChild(engine, params));
    rounds.push(engines.map((e) => got.get(e)!));
  }
  const summary = summarize(rounds);
  const host = describeHost();
  if (flags.json) io.stdout.write(JSON.stringify({ params, host, results: summary.results, ratios: summary.ratios, rounds }) + "\n");
  else {
    const how = repeat > 1 ? `, median of ${repeat} rounds (engine order alternated)` : "";
    io.stdout.write(`model ${params.model}, ${params.threads} threads, device ${params.device}, prompt ${params.promptTokens}, gen ${params.genTokens}${how}\n`);
    io.stdout.write(`host: ${host}\n`);
    io.stdout.write(formatComparison(summary) + "\n");
    for (const r of summary.results) if (r.notes) io.stdout.write(`${r.engine}: ${r.notes}\n`);
  }
  return 0;
}

/** --device: cpu (default), webgpu or auto. */
function benchDevice(v: unknown): DeviceOption {
  if (v === undefined) return "cpu";
  if (typeof v !== "string" || !DEVICE_OPTIONS.includes(v as DeviceOption)) {
    throw new InvalidArgumentError("--device is not one of the known devices", { expected: DEVICE_OPTIONS.join(", "), found: String(v) });
  }
  return v as DeviceOption;
}

/** "1,2,4,8" → [1, 2, 4, 8]: sequence counts in 1..64. */
function parseCounts(text: string): number[] {
  const counts = text.split(",").map((x) => Number(x.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) {
    throw new InvalidArgumentError("--concurrency takes a comma-separated list of sequence counts", { expected: "integers in 1..64, e.g. 1,2,4,8", found: text });
  }
  return counts;
}
