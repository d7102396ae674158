/**
 * Results on disk, append-only so a killed run resumes without redoing or duplicating work:
 *   {out}/meta.json                     what was evaluated, how
 *   {out}/{benchmark}/run-{n}.jsonl     one ItemResult per line, fsync'd
 *   {out}/judge-cache.jsonl             judge verdicts by (judge model, prompt)
 * A torn last line (a kill mid-write) is cut off when the file is reopened.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { ItemResult } from "./types.ts";

export interface EvalMeta {
  label: string;
  source: { kind: "model"; path: string } | { kind: "endpoint"; url: string; model: string };
  /** An endpoint (url) or a model file run here (file). */
  judge?: { url?: string; file?: string; model: string; redacted?: boolean };
  sampling: { temperature: number; topK: number; topP: number; maxTokens: number };
  seeds: number[];
  limit?: number;
  /** Items per run of each benchmark selected (after --limit), to tell a finished run from an interrupted one. */
  items?: Record<string, number>;
  dataDir: string;
  medpsyVersion: string;
  started: string;
}

/** Reads whole JSON lines; cuts a torn tail off the file so appends start on a fresh line. */
export function readLines<T>(path: string, repair = true): T[] {
  if (!existsSync(path)) return [];
  const raw = readFileSync(path, "utf8");
  const end = raw.lastIndexOf("\n") + 1;
  if (repair && end < raw.length) truncateSync(path, Buffer.byteLength(raw.slice(0, end)));
  const out: T[] = [];
  for (const line of raw.slice(0, end).split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A damaged line inside the file: skipped (its item is simply redone).
    }
  }
  return out;
}

export class AppendFile {
  private readonly fd: number;
  constructor(path: string) {
    readLines(path); // repair a torn tail first
    this.fd = openSync(path, "a");
  }
  append(value: unknown): void {
    writeSync(this.fd, JSON.stringify(value) + "\n");
    fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}

export const runFile = (out: string, benchmark: string, run: number) => join(out, benchmark, `run-${run}.jsonl`);

export function readRun(out: string, benchmark: string, run: number): ItemResult[] {
  return readLines<ItemResult>(runFile(out, benchmark, run), false);
}

export function openRun(out: string, benchmark: string, run: number): AppendFile {
  mkdirSync(join(out, benchmark), { recursive: true });
  return new AppendFile(runFile(out, benchmark, run));
}

export function writeMeta(out: string, meta: EvalMeta): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "meta.json"), JSON.stringify(meta, null, 2) + "\n");
}

export function readMeta(out: string): EvalMeta | undefined {
  const p = join(out, "meta.json");
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as EvalMeta) : undefined;
}

/** Benchmarks and run numbers present in an output folder. */
export function listRuns(out: string): Map<string, number[]> {
  const found = new Map<string, number[]>();
  if (!existsSync(out)) return found;
  for (const b of readdirSync(out)) {
    const dir = join(out, b);
    if (!statSync(dir).isDirectory()) continue;
    const runs = readdirSync(dir).map((f) => /^run-(\d+)\.jsonl$/.exec(f)?.[1]).filter((x): x is string => x !== undefined).map(Number).sort((a, c) => a - c);
    if (runs.length) found.set(b, runs);
  }
  return found;
}

export interface CachedVerdict {
  met: boolean;
  explanation: string;
  parseRetries: number;
  failed?: boolean;
}

export class JudgeCache {
  private readonly map = new Map<string, CachedVerdict>();
  private readonly file: AppendFile;
  constructor(out: string) {
    mkdirSync(out, { recursive: true });
    const path = join(out, "judge-cache.jsonl");
    for (const r of readLines<{ key: string } & CachedVerdict>(path)) this.map.set(r.key, { met: r.met, explanation: r.explanation, parseRetries: r.parseRetries, failed: r.failed });
    this.file = new AppendFile(path);
  }
  get(key: string): CachedVerdict | undefined {
    return this.map.get(key);
  }
  set(key: string, v: CachedVerdict): void {
    this.map.set(key, v);
    this.file.append({ key, ...v });
  }
  close(): void {
    this.file.close();
  }
}
