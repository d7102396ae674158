/** Qwen3 (`qwen3`; MedPsy, Qwen3-4B-Thinking): the registry entry, and the Qwen family's builder. */
import type { Kernels } from "../../kernels/types.ts";
import type { Architecture, ForwardOptions } from "../architecture.ts";
import { loadDecoderWeights } from "../common/decoder.ts";
import type { TensorEntry } from "../tensor-table.ts";
import { qwenConfigFromGguf, qwenConfigFromHf, type QwenConfig } from "./config.ts";
import { QwenForward } from "./forward.ts";
import { qwenTensors, type QwenLayer } from "./tensors.ts";

/** A Qwen-family entry: its GGUF / HF name and its block's variant (same table builder and forward pass). */
export function qwenArchitecture(name: string, block: Pick<QwenConfig, "qkNorm" | "qkvBias">): Architecture<QwenConfig> {
  return {
    name,
    hfModelTypes: [name],
    configFromGguf: (get, facts) => qwenConfigFromGguf(name, get, facts, block),
    configFromHf: (json) => qwenConfigFromHf(name, json, block),
    tensors: qwenTensors,
    async loadForward<A, H>(config: QwenConfig, tensors: ReadonlyMap<string, TensorEntry>, kernels: Kernels<A, H>, options: ForwardOptions) {
      const { weights, layers } = await loadDecoderWeights<A, H, QwenLayer<A>>(qwenTensors(config), tensors, kernels, config.architecture, options.onProgress);
      return new QwenForward(config, weights, layers, kernels, options);
    },
  };
}

export const qwen3 = qwenArchitecture("qwen3", { qkNorm: true, qkvBias: false });
