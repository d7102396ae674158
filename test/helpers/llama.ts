/**
 * llama.cpp, through node-llama-cpp 3.21.1, as the reference we did not write.
 * CPU only, never builds from source, no flash attention (we mirror ggml's non-flash path).
 */
import { getLlama, type Llama, type LlamaModel } from "node-llama-cpp";
import { cpuBuildFromLog } from "../../src/bench/llama-cpu-build.ts";

let llamaPromise: Promise<Llama> | undefined;
let cpuBuild: string | undefined;

/** The reference, with the CPU build it loaded recorded (tests name it in failure messages). */
export function referenceLlama(): Promise<Llama> {
  llamaPromise ??= getLlama({
    gpu: false,
    build: "never",
    logLevel: "debug",
    progressLogs: false,
    logger: (level: string, message: string) => {
      const build = cpuBuildFromLog(message);
      if (build) cpuBuild = build;
      if (level === "error" || level === "fatal") console.error(message);
    },
  } as never);
  return llamaPromise;
}

/** The llama.cpp CPU build loaded (e.g. "sapphirerapids", "haswell"), once referenceLlama resolved. */
export function referenceCpuBuild(): string {
  return cpuBuild ?? "unknown";
}

export interface ReferenceModel {
  model: LlamaModel;
  tokenize(text: string, special: boolean): number[];
  detokenize(ids: number[], special?: boolean): string;
  /**
   * Log-probabilities (natural log) of the next token after `ids`, full vocabulary. `batch`
   * sets llama.cpp's batch size (1 evaluates token by token, which reorders its float sums).
   */
  logProbs(ids: number[], batch?: number): Promise<Float64Array>;
  /** Greedy continuation of `ids` for `count` tokens (stops early on end-of-generation). */
  greedy(ids: number[], count: number): Promise<number[]>;
  dispose(): Promise<void>;
}

/**
 * `flashAttention` (default off: we mirror ggml's non-flash path) switches llama.cpp to its
 * flash-attention kernel, whose different summation order sizes llama.cpp's own noise.
 */
export async function loadReference(path: string, contextSize = 512, options: { flashAttention?: boolean } = {}): Promise<ReferenceModel> {
  const llama = await referenceLlama();
  const model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  const newContext = (batchSize = contextSize) =>
    model.createContext({ contextSize, batchSize, threads: 2, flashAttention: options.flashAttention ?? false, sequences: 1 });

  return {
    model,
    tokenize: (text, special) => Array.from(model.tokenize(text, special)) as number[],
    detokenize: (ids, special = false) => model.detokenize(ids as never, special),
    async logProbs(ids, batch) {
      const ctx = await newContext(batch);
      try {
        const seq = ctx.getSequence();
        const input = ids.map((t, i) =>
          i === ids.length - 1 ? ([t, { generateNext: { probabilities: true } }] as const) : t,
        );
        const res = await seq.controlledEvaluate(input as never);
        const last = res[res.length - 1] as { next?: { probabilities?: Map<number, number> } } | undefined;
        const probs = last?.next?.probabilities;
        if (!probs) throw new Error("node-llama-cpp returned no probabilities");
        let size = 0;
        for (const k of probs.keys()) size = Math.max(size, k + 1);
        const out = new Float64Array(size).fill(-Infinity);
        for (const [tok, p] of probs) out[tok] = Math.log(p);
        return out;
      } finally {
        await ctx.dispose();
      }
    },
    async greedy(ids, count) {
      const ctx = await newContext();
      try {
        const seq = ctx.getSequence();
        const out: number[] = [];
        for await (const tok of seq.evaluate(ids as never, { temperature: 0, yieldEogToken: true } as never)) {
          out.push(tok as number);
          if (out.length >= count || model.isEogToken(tok)) break;
        }
        return out;
      } finally {
        await ctx.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}
