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
import type { BenchParams, BenchResult } from "./types.ts";
import { timeEngine } from "./timing.ts";
import { PREFILL_BATCH } from "../sdk/build-model.ts";

export async function measureMedpsy(p: BenchParams): Promise<BenchResult> {
  const t0 = performance.now();
  const source = await openModelSource(p.model);
  const kernels = await createKernels({ threads: p.threads });
  const weights = await loadWeights(source.config, source.tensors, kernels);
  await source.close();
  // The SDK's prompt batch, so the figures are what a user of loadModel gets.
  const batch = Math.min(PREFILL_BATCH, p.promptTokens);
  const forward = new Qwen3Forward(source.config, weights, kernels, batch);
  const loadSeconds = (performance.now() - t0) / 1000;

  const cache = new KvCache(source.config, p.promptTokens + p.genTokens + 1, kernels);

  // Warm-up outside the timings (lets V8 / WebAssembly reach their optimizing tier).
  const warm = new KvCache(source.config, 8, kernels);
  forward.step([1000, 1001, 1002, 1003], warm, true);
  forward.step([1004], warm, true);

  const result = await timeEngine(p, {
    engine: "medpsy",
    loadSeconds,
    vocabSize: source.config.vocabSize,
    prompt: (ids) => {
      for (let i = 0; i < ids.length; i += batch) {
        const chunk = ids.slice(i, i + batch);
        forward.step(chunk, cache, i + chunk.length >= ids.length);
      }
    },
    decode: (id) => void forward.step([id], cache, true),
    notes: `kernels: ${kernels.name}${decodeStreamsNote(kernels)}`,
  });
  await kernels.dispose();
  return result;
}

/** The WebAssembly kernels' decode pattern after the run (decode-tuner.ts), when they have one. */
export function decodeStreamsNote(kernels: object): string {
  const streams = (kernels as { decodeStreams?: string }).decodeStreams;
  return streams ? `, decode reads ${streams} streams` : "";
}
