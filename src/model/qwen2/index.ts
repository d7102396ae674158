/**
 * Qwen2 (`qwen2`; Qwen2.5, CompassJudger-2): Qwen3's block without the q/k norm and with biases
 * on the q, k and v projections (llama.cpp's qwen2.cpp). Same table builder, same forward pass.
 */
import type { Architecture } from "../architecture.ts";
import { qwenConfigFromGguf, qwenConfigFromHf, type QwenConfig } from "../qwen3/config.ts";
import { loadQwenForward } from "../qwen3/index.ts";
import { qwenTensors } from "../qwen3/tensors.ts";

const BLOCK = { qkNorm: false, qkvBias: true };

export const qwen2: Architecture<QwenConfig> = {
  name: "qwen2",
  hfModelTypes: ["qwen2"],
  configFromGguf: (get, facts) => qwenConfigFromGguf("qwen2", get, facts, BLOCK),
  configFromHf: (json) => qwenConfigFromHf("qwen2", json, BLOCK),
  tensors: qwenTensors,
  loadForward: (config, tensors, kernels, options) => loadQwenForward(config, tensors, kernels, options),
};
