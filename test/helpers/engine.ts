/** Direct access to the engine below the SDK, for token-level comparisons in tests. */
import { openEngine as openSourceEngine, type Engine as SourceEngine } from "../../src/engine/open.ts";
import { openModelSource } from "../../src/model/source.ts";

export interface Engine {
  /** Greedy continuation (argmax, lowest id on ties), stopping after an end token. */
  greedy(prompt: number[], count: number): Promise<number[]>;
  endTokens: Set<number>;
  /** The engine the SDK builds (kernels, forward pass, batch scheduler). */
  engine: SourceEngine;
  dispose(): Promise<void>;
}

export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

export async function openEngine(path: string, contextLength = 512, batch = 64, backend?: "wasm" | "ref" | "webgpu"): Promise<Engine> {
  const source = await openModelSource(path);
  const engine = await openSourceEngine(source, { threads: 2, maxRows: batch, backend });
  await source.close();
  const endTokens = new Set([...source.tokenizer.eogIds, ...source.extraEndTokens]);
  return {
    endTokens,
    engine,
    async greedy(prompt, count) {
      const seq = engine.newSequence(contextLength);
      let logits = await seq.prefill(prompt);
      const out: number[] = [];
      while (out.length < count) {
        const best = argmax(logits);
        out.push(best);
        if (endTokens.has(best)) break;
        logits = await seq.append(best);
      }
      return out;
    },
    dispose: () => engine.dispose(),
  };
}
