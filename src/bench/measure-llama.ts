/**
 * Measures llama.cpp (through node-llama-cpp, a dev dependency) on the same file and with the
 * same method as measure-medpsy.ts: batched prompt evaluation, then one token at a time.
 */
import { performance } from "node:perf_hooks";
import { MedpsyError } from "../errors.ts";
import type { BenchParams, BenchResult } from "./types.ts";
import { timeEngine } from "./timing.ts";
import { cpuBuildFromLog } from "./llama-cpu-build.ts";

export class PeerUnavailableError extends MedpsyError {
  constructor(cause: unknown) {
    super("BENCH_PEER_UNAVAILABLE", "node-llama-cpp could not be loaded for the comparison", {
      expected: "node-llama-cpp@3.21.1 installed (a dev dependency of medpsy)",
      found: String((cause as Error)?.message ?? cause),
      hint: "run from a clone of the medpsy repository after `npm ci`, or drop --compare-llama-cpp",
      cause,
    });
  }
}

export async function measureLlama(p: BenchParams): Promise<BenchResult> {
  let mod: typeof import("node-llama-cpp");
  try {
    mod = await import("node-llama-cpp");
  } catch (err) {
    throw new PeerUnavailableError(err);
  }
  const t0 = performance.now();
  // The report names the CPU build llama.cpp loaded (llama-cpu-build.ts); warnings and errors still print.
  let cpuBuild = "";
  const llama = await mod.getLlama({
    gpu: false,
    build: "never",
    progressLogs: false,
    logLevel: "debug",
    logger: (level: string, message: string) => {
      cpuBuild ||= cpuBuildFromLog(message) ?? "";
      if (level === "warn" || level === "error" || level === "fatal") console.error(message.trimEnd());
    },
  } as never);
  const model = await llama.loadModel({ modelPath: p.model, gpuLayers: 0 });
  const context = await model.createContext({
    contextSize: p.promptTokens + p.genTokens + 16,
    batchSize: Math.min(512, p.promptTokens),
    threads: p.threads,
    flashAttention: false,
    sequences: 1,
  });
  const seq = context.getSequence();
  const loadSeconds = (performance.now() - t0) / 1000;
  const vocabSize = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 151_936;
  // The last token of each evaluation asks for logits (and a greedy pick), as medpsy computes them.
  const withLogits = (ids: number[]) =>
    ids.map((t, i) => (i === ids.length - 1 ? [t, { generateNext: { token: true } }] : t)) as never;
  const result = await timeEngine(p, {
    engine: "llama.cpp",
    loadSeconds,
    vocabSize,
    prompt: async (ids) => void (await seq.controlledEvaluate(withLogits(ids))),
    decode: async (id) => void (await seq.controlledEvaluate(withLogits([id]))),
    notes: "node-llama-cpp 3.21.1, CPU, no flash attention",
  });
  if (cpuBuild) result.notes = `node-llama-cpp 3.21.1, CPU (${cpuBuild} build), no flash attention`;
  await context.dispose();
  await model.dispose();
  return result;
}
