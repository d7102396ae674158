/** Direct access to the engine below the SDK, for token-level comparisons in tests. */
import { KvCache } from "../../src/engine/kv-cache.ts";
import { Sequence } from "../../src/engine/sequence.ts";
import { createKernels } from "../../src/kernels/select.ts";
import { Qwen3Forward } from "../../src/model/qwen3/forward.ts";
import { loadWeights } from "../../src/model/qwen3/weights.ts";
import { openModelSource } from "../../src/model/source.ts";

export interface Engine {
  /** Greedy continuation (argmax, lowest id on ties), stopping after an end token. */
  greedy(prompt: number[], count: number): Promise<number[]>;
  endTokens: Set<number>;
  dispose(): Promise<void>;
}

export async function openEngine(path: string, contextLength = 512, batch = 64): Promise<Engine> {
  const source = await openModelSource(path);
  const kernels = await createKernels({ threads: 2 });
  const weights = await loadWeights(source.config, source.tensors, kernels);
  await source.close();
  const forward = new Qwen3Forward(source.config, weights, kernels, batch);
  const endTokens = new Set([...source.tokenizer.eogIds, ...source.extraEndTokens]);
  return {
    endTokens,
    async greedy(prompt, count) {
      const seq = new Sequence(forward, new KvCache(source.config, contextLength, kernels));
      let logits = await seq.prefill(prompt);
      const out: number[] = [];
      while (out.length < count) {
        let best = 0;
        for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
        out.push(best);
        if (endTokens.has(best)) break;
        logits = seq.append(best);
      }
      return out;
    },
    dispose: async () => kernels.dispose(),
  };
}
