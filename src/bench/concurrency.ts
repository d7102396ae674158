/**
 * Several sequences decoding at the same time on one loaded model: each of N sequences evaluates
 * its own prompt, then N × gen decode steps run concurrently (each sequence appends its own
 * deterministic tokens, with logits, as fast as the engine lets it). medpsy batches them through
 * its scheduler; llama.cpp through node-llama-cpp, one context of N sequences (node-llama-cpp
 * batches the sequences' evaluations per event-loop cycle). Same file, same threads, same tokens.
 */
import { performance } from "node:perf_hooks";
import { openModelSource } from "../model/source.ts";
import { PeerUnavailableError } from "./measure-llama.ts";
import { openBenchEngine } from "./measure-medpsy.ts";
import { benchTokens, type BenchParams } from "./types.ts";

export interface ConcurrencyResult {
  engine: "medpsy" | "llama.cpp";
  sequences: number;
  /** Generated tokens over all sequences ÷ seconds from the first decode step to the last. */
  aggregateDecodeTokensPerSecond: number;
  /** Per sequence, its mean time between two of its tokens; the median over sequences, seconds. */
  interTokenSeconds: number;
  threads: number;
  notes?: string;
}

/** One sequence's steps, as each engine provides them. */
interface Stream {
  prompt(ids: number[]): Promise<void>;
  decode(id: number): Promise<void>;
}

async function timeStreams(p: BenchParams, streams: Stream[], vocab: number): Promise<{ aggregate: number; interToken: number }> {
  const prompts = streams.map((_, s) => benchTokens(p.promptTokens, vocab, 11 + s));
  await Promise.all(streams.map((st, s) => st.prompt(prompts[s]!)));
  const gaps: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    streams.map(async (st, s) => {
      const ids = benchTokens(p.genTokens, vocab, 101 + s);
      const start = performance.now();
      for (const id of ids) await st.decode(id);
      gaps.push((performance.now() - start) / 1000 / ids.length);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  gaps.sort((a, b) => a - b);
  return { aggregate: (streams.length * p.genTokens) / seconds, interToken: gaps[gaps.length >> 1]! };
}

export async function concurrentMedpsy(p: BenchParams, sequences: number): Promise<ConcurrencyResult> {
  const source = await openModelSource(p.model);
  const engine = await openBenchEngine(source, p, p.promptTokens + p.genTokens + 8);
  await source.close();
  try {
    const warm = engine.newSequence(8);
    await warm.prefill([1000, 1001, 1002, 1003]);
    await warm.append(1004);
    const streams = Array.from({ length: sequences }, (): Stream => {
      const seq = engine.newSequence(p.promptTokens + p.genTokens + 1);
      // Greedy decoding's read-back: the top 1 on a device that selects it, else the logits.
      const decode = engine.forward.maxTopK > 0 ? async (id: number) => void (await seq.appendManyTop([id], 1)) : async (id: number) => void (await seq.append(id));
      return { prompt: async (ids) => void (await seq.prefill(ids)), decode };
    });
    const r = await timeStreams(p, streams, engine.shape.vocabSize);
    return {
      engine: "medpsy",
      sequences,
      aggregateDecodeTokensPerSecond: r.aggregate,
      interTokenSeconds: r.interToken,
      threads: p.threads,
      notes: `kernels: ${engine.kernels.name}; widest step ${engine.scheduler.widestStep} sequences`,
    };
  } finally {
    await engine.dispose();
  }
}

export async function concurrentLlama(p: BenchParams, sequences: number): Promise<ConcurrencyResult> {
  let mod: typeof import("node-llama-cpp");
  try {
    mod = await import("node-llama-cpp");
  } catch (err) {
    throw new PeerUnavailableError(err);
  }
  const llama = await mod.getLlama({ gpu: false, build: "never", progressLogs: false, logLevel: "warn" } as never);
  const model = await llama.loadModel({ modelPath: p.model, gpuLayers: 0 });
  const context = await model.createContext({
    contextSize: sequences * (p.promptTokens + p.genTokens + 16),
    batchSize: Math.max(512, sequences),
    threads: p.threads,
    flashAttention: false,
    sequences,
  });
  try {
    const vocab = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 151_936;
    // The last token of each evaluation asks for logits, as medpsy computes them.
    const withLogits = (ids: number[]) => ids.map((t, i) => (i === ids.length - 1 ? [t, { generateNext: { token: true } }] : t)) as never;
    const streams = Array.from({ length: sequences }, (): Stream => {
      const seq = context.getSequence();
      return {
        prompt: async (ids) => void (await seq.controlledEvaluate(withLogits(ids))),
        decode: async (id) => void (await seq.controlledEvaluate(withLogits([id]))),
      };
    });
    const r = await timeStreams(p, streams, vocab);
    return {
      engine: "llama.cpp",
      sequences,
      aggregateDecodeTokensPerSecond: r.aggregate,
      interTokenSeconds: r.interToken,
      threads: p.threads,
      notes: "node-llama-cpp 3.21.1, CPU, one context of N sequences, no flash attention",
    };
  } finally {
    await context.dispose();
    await model.dispose();
  }
}
