/**
 * Measures the medpsy engine on one model file in this process: load, batched prompt
 * evaluation, then single-token decode steps (no sampling, end-of-text ignored), the same
 * method as measure-llama.ts so the two compare like for like.
 */
import { performance } from "node:perf_hooks";
import { KvCache } from "../engine/kv-cache.ts";
import { createKernels } from "../kernels/select.ts";
import { Qwen3Forward } from "../model/qwen3/forward.ts";
import { loadWeights } from "../model/qwen3/weights.ts";
import { openModelSource } from "../model/source.ts";
import { benchTokens, type BenchParams, type BenchResult } from "./types.ts";

export async function measureMedpsy(p: BenchParams): Promise<BenchResult> {
  const t0 = performance.now();
  const source = await openModelSource(p.model);
  const kernels = await createKernels({ threads: p.threads });
  const weights = await loadWeights(source.config, source.tensors, kernels);
  await source.close();
  const batch = Math.min(512, p.promptTokens);
  const forward = new Qwen3Forward(source.config, weights, kernels, batch);
  const loadSeconds = (performance.now() - t0) / 1000;

  const prompt = benchTokens(p.promptTokens, source.config.vocabSize);
  const decode = benchTokens(p.genTokens, source.config.vocabSize, 7);
  const cache = new KvCache(source.config, p.promptTokens + p.genTokens + 1, kernels);

  // Warm-up outside the timings (lets V8 / WebAssembly reach their optimizing tier).
  const warm = new KvCache(source.config, 8, kernels);
  forward.step(prompt.slice(0, Math.min(4, prompt.length)), warm, true);
  forward.step([prompt[0]!], warm, true);

  const tp = performance.now();
  for (let i = 0; i < prompt.length; i += batch) {
    const chunk = prompt.slice(i, i + batch);
    forward.step(chunk, cache, i + chunk.length >= prompt.length);
  }
  const promptSeconds = (performance.now() - tp) / 1000;

  const td = performance.now();
  let firstStep = 0;
  for (let i = 0; i < decode.length; i++) {
    forward.step([decode[i]!], cache, true);
    if (i === 0) firstStep = (performance.now() - td) / 1000;
  }
  const decodeSeconds = (performance.now() - td) / 1000;
  await kernels.dispose();
  return {
    engine: "medpsy",
    loadSeconds,
    promptTokens: p.promptTokens,
    promptTokensPerSecond: p.promptTokens / promptSeconds,
    timeToFirstTokenSeconds: promptSeconds + firstStep,
    generatedTokens: p.genTokens,
    decodeTokensPerSecond: p.genTokens / decodeSeconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    threads: p.threads,
    notes: `kernels: ${kernels.name}`,
  };
}
