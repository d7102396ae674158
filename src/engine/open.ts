/**
 * `openEngine`: an opened model file → kernels, the architecture's forward pass and the batch
 * scheduler every sequence of the model shares. The one place the engine is assembled (SDK,
 * bench and tests all use it).
 */
import { createKernels, type KernelChoice } from "../kernels/select.ts";
import type { Kernels } from "../kernels/types.ts";
import { architectureFor } from "../model/registry.ts";
import type { ModelSource } from "../model/source.ts";
import type { ForwardPass } from "./forward.ts";
import { KvCache } from "./kv-cache.ts";
import { BatchScheduler } from "./scheduler.ts";
import { Sequence } from "./sequence.ts";
import type { ModelShape } from "./shape.ts";

/** Default most rows per forward step: a prompt chunk, plus one row per decoding sequence. */
export const PREFILL_BATCH = 128;

export interface EngineOptions {
  threads: number;
  backend?: KernelChoice["backend"];
  /** Most rows (tokens over all sequences) per step; default PREFILL_BATCH. */
  maxRows?: number;
  /** Most sequences asking for logits per step (the most that decode together); default 16. */
  maxLogitRows?: number;
  /** Most prompt rows per step (default maxRows): see scheduler.ts for the trade-off. */
  prefillChunk?: number;
  onProgress?: (loaded: number, total: number) => void;
}

export interface Engine {
  readonly shape: ModelShape;
  readonly kernels: Kernels<unknown, unknown>;
  readonly forward: ForwardPass;
  readonly scheduler: BatchScheduler;
  /**
   * A sequence with a KV cache of its own for `contextLength` positions: a released one of that
   * size when there is one (the kernels' memory is never freed, so caches are reused), else new.
   */
  newSequence(contextLength: number): Sequence;
  /** Gives a sequence's KV cache back for reuse; the sequence must not be used again. */
  release(sequence: Sequence): void;
  /** Bytes one sequence's KV cache takes at `contextLength`. */
  cacheBytes(contextLength: number): number;
  dispose(): Promise<void>;
}

export async function openEngine(source: ModelSource, options: EngineOptions): Promise<Engine> {
  const kernels = await createKernels({ threads: options.threads, backend: options.backend });
  try {
    const forward = await architectureFor(source.config.architecture).loadForward(source.config, source.tensors, kernels, { ...options, maxRows: options.maxRows ?? PREFILL_BATCH });
    const scheduler = new BatchScheduler(forward, { prefillChunk: options.prefillChunk });
    const free = new Map<number, KvCache<unknown>[]>(); // released caches by context length
    return {
      shape: forward.shape,
      kernels: kernels as Kernels<unknown, unknown>,
      forward,
      scheduler,
      newSequence: (contextLength) => new Sequence(scheduler, free.get(contextLength)?.pop() ?? forward.newCache(contextLength)),
      release: (sequence) => {
        sequence.reset();
        const list = free.get(sequence.contextLength) ?? [];
        if (!list.includes(sequence.cache)) list.push(sequence.cache);
        free.set(sequence.contextLength, list);
      },
      cacheBytes: (contextLength) => KvCache.bytes(forward.shape, contextLength, forward.maxRows),
      dispose: async () => kernels.dispose(),
    };
  } catch (e) {
    await kernels.dispose();
    throw e;
  }
}
