/** Runs the bench children one after the other (never side by side) and formats the comparison. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MedpsyError } from "../errors.ts";
import type { BenchParams, BenchResult } from "./types.ts";
import type { ConcurrencyResult } from "./concurrency.ts";

export class BenchFailedError extends MedpsyError {
  constructor(engine: string, stderr: string) {
    super("BENCH_FAILED", `the ${engine} benchmark failed`, { found: stderr.trim().slice(-2000) || "no output" });
  }
}

export function runChild(engine: BenchResult["engine"], p: BenchParams): Promise<BenchResult> {
  return spawnChild<BenchResult>(engine, p, []);
}

/** N sequences decoding at once in one process of `engine` (concurrency.ts). */
export function runConcurrencyChild(engine: BenchResult["engine"], p: BenchParams, sequences: number): Promise<ConcurrencyResult> {
  return spawnChild<ConcurrencyResult>(engine, p, [String(sequences)]);
}

function spawnChild<T>(engine: BenchResult["engine"], p: BenchParams, extra: string[]): Promise<T> {
  const child = fileURLToPath(new URL("./child" + (import.meta.url.endsWith(".ts") ? ".ts" : ".js"), import.meta.url));
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, engine, p.model, String(p.threads), String(p.promptTokens), String(p.genTokens), ...extra], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, MEDPSY_BENCH_DEVICE: p.device ?? "cpu" },
    });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d) => (out += d));
    proc.stderr.on("data", (d) => (err += d));
    proc.on("close", (code) => {
      if (code === 0) {
        try {
          resolve(JSON.parse(out.trim().split("\n").pop()!) as T);
          return;
        } catch {}
      }
      reject(new BenchFailedError(engine, err || out));
    });
  });
}

/**
 * Per N: each engine's aggregate decode tok/s and per-stream inter-token latency (medians over
 * rounds), the aggregate ratio medpsy / llama.cpp (median of per-round ratios) and medpsy's
 * aggregate against its own single stream.
 */
export function formatConcurrency(rows: ConcurrencyResult[][][]): string {
  const head = ["N", "medpsy tok/s", "llama.cpp tok/s", "medpsy / llama.cpp", "medpsy vs N=1", "medpsy ms/token/stream", "llama.cpp ms/token/stream"];
  const lines = [head];
  const agg = (r: ConcurrencyResult) => r.aggregateDecodeTokensPerSecond;
  let single: number | undefined;
  for (const rounds of rows) {
    const ours = rounds.map((r) => r.find((x) => x.engine === "medpsy")!);
    const peer = rounds.map((r) => r.find((x) => x.engine === "llama.cpp"));
    const n = ours[0]!.sequences;
    const mine = median(ours.map(agg));
    if (n === 1) single = mine;
    const theirs = peer.every(Boolean) ? median(peer.map((r) => agg(r!))) : undefined;
    lines.push([
      String(n),
      mine.toFixed(1),
      theirs === undefined ? "—" : theirs.toFixed(1),
      theirs === undefined ? "—" : median(rounds.map((_, i) => agg(ours[i]!) / agg(peer[i]!))).toFixed(2) + "×",
      single === undefined ? "—" : (mine / single).toFixed(2) + "×",
      (1000 * median(ours.map((r) => r.interTokenSeconds))).toFixed(1),
      theirs === undefined ? "—" : (1000 * median(peer.map((r) => r!.interTokenSeconds))).toFixed(1),
    ]);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => c.padStart(widths[i]!)).join("  ")).join("\n");
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
