// The shared kernel conformance suites on the WebGPU backend (in CI and here: Dawn on Mesa's
// lavapipe, a CPU Vulkan driver). Tolerances are the suites' own (conformance.ts,
// conformance-params.ts). In CI a missing adapter fails the run instead of skipping it.
import { runKernelConformance } from "../kernels/conformance.ts";
import { runParamConformance } from "../kernels/conformance-params.ts";
import { GgmlType } from "../../src/tensor/dtypes.ts";
import { gpuOrSkip } from "./gpu.ts";
import { createWebGpuKernels } from "../../src/kernels/webgpu/index.ts";

const K = await gpuOrSkip();
if (K) {
  // Every type except Q4_1 / Q5_1 (their Q8_1 min term is not on the GPU yet: allocWeight refuses them).
  const types = [
    GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q5_0,
    GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
    GgmlType.IQ1_S, GgmlType.IQ1_M, GgmlType.IQ2_XXS, GgmlType.IQ2_XS, GgmlType.IQ2_S, GgmlType.IQ3_XXS, GgmlType.IQ3_S, GgmlType.IQ4_NL, GgmlType.IQ4_XS,
  ];
  runKernelConformance("webgpu", K, types);
  runParamConformance("webgpu", K);
  // Weights split by rows across many small buffers (as a 151,936-row embedding is on adapters
  // with a 128 MiB binding limit): the same results, every chunk boundary inside the test shapes.
  runKernelConformance("webgpu, weights in 4 KiB chunks", () => createWebGpuKernels(undefined, { maxWeightChunkBytes: 4096 }),
    [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.IQ4_XS]);
}
