/** Qwen3 (`qwen3`; MedPsy, Qwen3-4B-Thinking): the registry entry. */
import type { Architecture } from "../architecture.ts";
import { loadTensors } from "../tensor-table.ts";
import { qwenConfigFromGguf, qwenConfigFromHf, type QwenConfig } from "./config.ts";
import { QwenForward } from "./forward.ts";
import { qwenTensors, type QwenLayer, type QwenWeights } from "./tensors.ts";

const BLOCK = { qkNorm: true, qkvBias: false };

export const qwen3: Architecture<QwenConfig> = {
  name: "qwen3",
  hfModelTypes: ["qwen3"],
  configFromGguf: (get, facts) => qwenConfigFromGguf("qwen3", get, facts, BLOCK),
  configFromHf: (json) => qwenConfigFromHf("qwen3", json, BLOCK),
  tensors: qwenTensors,
  loadForward: (config, tensors, kernels, options) => loadQwenForward(config, tensors, kernels, options),
};

/** The Qwen family's weights streamed in through its table, and the forward pass over them. */
export async function loadQwenForward<A, H>(
  config: QwenConfig,
  tensors: Parameters<typeof loadTensors>[1],
  kernels: Parameters<typeof loadTensors<A, H>>[2],
  options: { maxRows?: number; maxLogitRows?: number; onProgress?: (loaded: number, total: number) => void },
): Promise<QwenForward<A, H>> {
  const loaded = await loadTensors(qwenTensors(config), tensors, kernels, config.architecture, options.onProgress);
  return new QwenForward(config, loaded.model as unknown as QwenWeights<A>, loaded.layers as unknown as QwenLayer<A>[], kernels, options);
}
