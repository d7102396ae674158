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

export function formatComparison(results: BenchResult[]): string {
  const rows: Array<[string, (r: BenchResult) => number, number, boolean]> = [
    ["prompt tok/s", (r) => r.promptTokensPerSecond, 1, true],
    ["decode tok/s", (r) => r.decodeTokensPerSecond, 2, true],
    ["time to first token s", (r) => r.timeToFirstTokenSeconds, 3, false],
    ["load s", (r) => r.loadSeconds, 2, false],
    ["peak RSS MB", (r) => r.peakRssBytes / 1e6, 0, false],
  ];
  const head = ["metric", ...results.map((r) => r.engine)];
  const withRatio = results.length === 2;
  if (withRatio) head.push("medpsy / llama.cpp");
  const lines = [head];
  for (const [name, get, digits] of rows) {
    const line = [name, ...results.map((r) => get(r).toFixed(digits))];
    if (withRatio) line.push((get(results[0]!) / get(results[1]!)).toFixed(2) + "×");
    lines.push(line);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n");
}
