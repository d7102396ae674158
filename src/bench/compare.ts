/** Runs the bench children one after the other (never side by side) and formats the comparison. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MedpsyError } from "../errors.ts";
import type { BenchParams, BenchResult } from "./types.ts";

export class BenchFailedError extends MedpsyError {
  constructor(engine: string, stderr: string) {
    super("BENCH_FAILED", `the ${engine} benchmark failed`, { found: stderr.trim().slice(-2000) || "no output" });
  }
}

export function runChild(engine: BenchResult["engine"], p: BenchParams): Promise<BenchResult> {
  const child = fileURLToPath(new URL("./child" + (import.meta.url.endsWith(".ts") ? ".ts" : ".js"), import.meta.url));
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, engine, p.model, String(p.threads), String(p.promptTokens), String(p.genTokens)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (err += d));
    proc.on("close", (code) => {
      if (code === 0) {
        try {
          resolve(JSON.parse(out.trim().split("\n").pop()!) as BenchResult);
          return;
        } catch {}
      }
      reject(new BenchFailedError(engine, err || out));
    });
  });
}

const METRICS: Array<[string, (r: BenchResult) => number, number]> = [
  ["prompt tok/s", (r) => r.promptTokensPerSecond, 1],
  ["decode tok/s", (r) => r.decodeTokensPerSecond, 2],
  ["time to first token s", (r) => r.timeToFirstTokenSeconds, 3],
  ["load s", (r) => r.loadSeconds, 2],
  ["peak RSS MB", (r) => r.peakRssBytes / 1e6, 0],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The order of the engines in round r: alternated (ABBA…) so a machine drifting in speed
 * during the run favours neither. */
export function roundOrder<T>(engines: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...engines] : [...engines].reverse();
}

export interface BenchSummary {
  /** Per engine (in the order given), each metric the median over rounds. */
  results: BenchResult[];
  /** Per metric, the median over rounds of medpsy / llama.cpp within the round (2 engines only). */
  ratios?: number[];
  rounds: number;
}

/**
 * Combines rounds (each: one result per engine, same engine order in every round) into medians.
 * Ratios are taken within a round — the two runs sat next to each other in time — then the
 * median of those, which a slow spell in one round cannot move.
 */
export function summarize(rounds: BenchResult[][]): BenchSummary {
  if (rounds.length === 0) throw new RangeError("no bench rounds");
  const engines = rounds[0]!.length;
  const results = Array.from({ length: engines }, (_, e): BenchResult => {
    const runs = rounds.map((r) => r[e]!);
    return {
      ...runs[0]!,
      loadSeconds: median(runs.map((r) => r.loadSeconds)),
      promptTokensPerSecond: median(runs.map((r) => r.promptTokensPerSecond)),
      timeToFirstTokenSeconds: median(runs.map((r) => r.timeToFirstTokenSeconds)),
      decodeTokensPerSecond: median(runs.map((r) => r.decodeTokensPerSecond)),
      peakRssBytes: median(runs.map((r) => r.peakRssBytes)),
    };
  });
  const ratios = engines === 2 ? METRICS.map(([, get]) => median(rounds.map((r) => get(r[0]!) / get(r[1]!)))) : undefined;
  return { results, ratios, rounds: rounds.length };
}

export function formatComparison(summary: BenchSummary): string {
  const { results, ratios } = summary;
  const head = ["metric", ...results.map((r) => r.engine)];
  if (ratios) head.push("medpsy / llama.cpp");
  const lines = [head];
  METRICS.forEach(([name, get, digits], i) => {
    const line = [name, ...results.map((r) => get(r).toFixed(digits))];
    if (ratios) line.push(ratios[i]!.toFixed(2) + "×");
    lines.push(line);
  });
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n");
}
