/**
 * The timing method both engines share: one batched prompt evaluation, then one decode step per
 * token, each step producing logits; tokens are the same deterministic ids for both.
 */
import { performance } from "node:perf_hooks";
import { benchTokens, type BenchParams, type BenchResult } from "./types.ts";

export interface EngineSteps {
  engine: BenchResult["engine"];
  loadSeconds: number;
  vocabSize: number;
  /** Evaluates the whole prompt (logits for its last token). */
  prompt(ids: number[]): void | Promise<void>;
  /** Evaluates one more token (with logits). */
  decode(id: number): void | Promise<void>;
  notes: string;
}

export async function timeEngine(p: BenchParams, e: EngineSteps): Promise<BenchResult> {
  const prompt = benchTokens(p.promptTokens, e.vocabSize);
  const decode = benchTokens(p.genTokens, e.vocabSize, 7);
  const tp = performance.now();
  await e.prompt(prompt);
  const promptSeconds = (performance.now() - tp) / 1000;
  const td = performance.now();
  let firstStep = 0;
  for (let i = 0; i < decode.length; i++) {
    await e.decode(decode[i]!);
    if (i === 0) firstStep = (performance.now() - td) / 1000;
  }
  const decodeSeconds = (performance.now() - td) / 1000;
  return {
    engine: e.engine,
    loadSeconds: e.loadSeconds,
    promptTokens: p.promptTokens,
    promptTokensPerSecond: p.promptTokens / promptSeconds,
    timeToFirstTokenSeconds: promptSeconds + firstStep,
    generatedTokens: p.genTokens,
    decodeTokensPerSecond: p.genTokens / decodeSeconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    threads: p.threads,
    notes: e.notes,
  };
}
