/**
 * Qwen2 (`qwen2`; Qwen2.5, CompassJudger-2): Qwen3's block without the q/k norm and with biases
 * on the q, k and v projections (llama.cpp's qwen2.cpp). Same table builder, same forward pass.
 */
import { qwenArchitecture } from "../qwen3/index.ts";

export const qwen2 = qwenArchitecture("qwen2", { qkNorm: false, qkvBias: true });
