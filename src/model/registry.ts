/**
 * The architectures this engine runs, keyed by GGUF `general.architecture` (HF `model_type` maps
 * to the same names): each builds its forward pass (engine/forward.ts) from an opened model file
 * over any kernels backend.
 */
import type { ForwardPass } from "../engine/forward.ts";
import type { Kernels } from "../kernels/types.ts";
import { UnsupportedArchitectureError } from "./errors.ts";
import { Qwen3Forward } from "./qwen3/forward.ts";
import { loadWeights } from "./qwen3/weights.ts";
import type { ModelSource } from "./source.ts";

export interface ForwardOptions {
  /** Most rows (tokens over all sequences) per step. */
  maxRows?: number;
  /** Most sequences asking for logits per step. */
  maxLogitRows?: number;
  /** Weight bytes loaded so far, of the total. */
  onProgress?: (loaded: number, total: number) => void;
}

export interface Architecture {
  /** Streams the source's weights into `kernels` and returns the forward pass over them. */
  loadForward<A, H>(source: ModelSource, kernels: Kernels<A, H>, options: ForwardOptions): Promise<ForwardPass<H>>;
}

const ARCHITECTURES: Record<string, Architecture> = {
  qwen3: {
    async loadForward(source, kernels, options) {
      const weights = await loadWeights(source.config, source.tensors, kernels, options.onProgress);
      return new Qwen3Forward(source.config, weights, kernels, options);
    },
  },
};

export function architectureFor(name: string): Architecture {
  const arch = Object.hasOwn(ARCHITECTURES, name) ? ARCHITECTURES[name] : undefined;
  if (!arch) throw new UnsupportedArchitectureError(name, Object.keys(ARCHITECTURES));
  return arch;
}
