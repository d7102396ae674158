/**
 * Measures the medpsy engine on one model file in this process: load, batched prompt
 * evaluation, then single-token decode steps (no sampling, end-of-text ignored), the same
 * method as measure-llama.ts so the two compare like for like.
 */
import { performance } from "node:perf_hooks";
import { openEngine, PREFILL_BATCH, type Engine } from "../engine/open.ts";
import type { ModelSource } from "../model/source.ts";
import { chooseDevice } from "../engine/device.ts";
import { openModelSource } from "../model/source.ts";
import type { BenchParams, BenchResult } from "./types.ts";
import { timeEngine } from "./timing.ts";

export async function measureMedpsy(p: BenchParams): Promise<BenchResult> {
  const t0 = performance.now();
  const source = await openModelSource(p.model);
  // The SDK's step size, so the figures are what a user of loadModel gets.
  const engine = await openBenchEngine(source, p, p.promptTokens + p.genTokens + 8);
  await source.close();
  const loadSeconds = (performance.now() - t0) / 1000;

  const seq = engine.newSequence(p.promptTokens + p.genTokens + 1);

  // Warm-up outside the timings (lets V8 / WebAssembly reach their optimizing tier).
  const warm = engine.newSequence(8);
  await warm.prefill([1000, 1001, 1002, 1003]);
  await warm.append(1004);

  const result = await timeEngine(p, {
    engine: "medpsy",
    loadSeconds,
    vocabSize: engine.shape.vocabSize,
    prompt: async (ids) => void (await seq.prefill(ids)),
    // As greedy generation decodes: on a device that selects the top k, one pair comes back, not the logits.
    decode: engine.forward.maxTopK > 0 ? async (id) => void (await seq.appendManyTop([id], 1)) : async (id) => void (await seq.append(id)),
    notes: `kernels: ${engine.kernels.name}${decodeStreamsNote(engine.kernels)}`,
  });
  await engine.dispose();
  return result;
}

/** The engine on the device `p.device` asks for ("auto" says on stderr why it chose the CPU). */
export async function openBenchEngine(source: ModelSource, p: BenchParams, contextLength: number): Promise<Engine> {
  const backend = await chooseDevice(p.device ?? "cpu", { shape: source.config, tensors: source.tensors.values(), contextLength }, (m) => process.stderr.write(m + "\n"));
  return openEngine(source, { threads: p.threads, maxRows: PREFILL_BATCH, backend: backend === "webgpu" ? "webgpu" : undefined });
}

/** The WebAssembly kernels' decode pattern after the run (decode-tuner.ts), when they have one. */
export function decodeStreamsNote(kernels: object): string {
  const streams = (kernels as { decodeStreams?: string }).decodeStreams;
  return streams ? `, decode reads ${streams} streams` : "";
}
