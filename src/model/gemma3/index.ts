/** Gemma 3 text (`gemma3`; MedGemma-1.5-4B, MedGemma-27B-text): the registry entry. */
import type { Kernels } from "../../kernels/types.ts";
import type { Architecture, ForwardOptions } from "../architecture.ts";
import { loadDecoderWeights } from "../common/decoder.ts";
import type { TensorEntry } from "../tensor-table.ts";
import { gemma3ConfigFromGguf, gemma3ConfigFromHf, type Gemma3Config } from "./config.ts";
import { Gemma3Forward } from "./forward.ts";
import { gemma3HfName, gemma3Tensors, type Gemma3Layer } from "./tensors.ts";

export const gemma3: Architecture<Gemma3Config> = {
  name: "gemma3",
  hfModelTypes: ["gemma3_text", "gemma3"],
  configFromGguf: gemma3ConfigFromGguf,
  configFromHf: gemma3ConfigFromHf,
  tensors: gemma3Tensors,
  hfName: gemma3HfName,
  async loadForward<A, H>(config: Gemma3Config, tensors: ReadonlyMap<string, TensorEntry>, kernels: Kernels<A, H>, options: ForwardOptions) {
    const { weights, layers } = await loadDecoderWeights<A, H, Gemma3Layer<A>>(gemma3Tensors(config), tensors, kernels, "gemma3", options.onProgress);
    return new Gemma3Forward(config, weights, layers, kernels, options);
  },
};
