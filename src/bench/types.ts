/** One engine's figures for one model file, as the bench child processes report them. */
import type { DeviceOption } from "../engine/device.ts";
export interface BenchResult {
  engine: "medpsy" | "llama.cpp";
  /** Seconds from the start of loading to a ready model. */
  loadSeconds: number;
  promptTokens: number;
  /** Prompt processing throughput (batched evaluation), tokens per second. */
  promptTokensPerSecond: number;
  /** Time to first token: prompt evaluation plus the first decode step, seconds. */
  timeToFirstTokenSeconds: number;
  generatedTokens: number;
  /** Single-token decode throughput, tokens per second. */
  decodeTokensPerSecond: number;
  /** Peak resident memory of the process, bytes. */
  peakRssBytes: number;
  threads: number;
  /** Extra facts (kernel backend, etc.). */
  notes?: string;
}

export interface BenchParams {
  model: string;
  threads: number;
  /** Where medpsy runs (LoadOptions.device); default "cpu". llama.cpp always runs on its CPU build. */
  device?: DeviceOption;
  promptTokens: number;
  genTokens: number;
}

/** The same deterministic, vocabulary-spread token ids for every engine. */
export function benchTokens(count: number, vocabSize: number, salt = 0): number[] {
  const out: number[] = [];
  let x = (0x9e3779b9 ^ salt) >>> 0;
  const span = Math.max(1, Math.min(vocabSize, 150_000) - 1000);
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push(1000 + (x % span));
  }
  return out;
}
