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
  // Every weight type.
  runKernelConformance("webgpu", K);
  runParamConformance("webgpu", K);
  // Weights split by rows across many small buffers (as a 151,936-row embedding is on adapters
  // with a 128 MiB binding limit), and attention split over positions for every row that sees
  // more than 8 slots (long contexts; 700 slots make 3 chunks): the same results at the same
  // tolerances, and each row's bits still its own whatever the batch.
  const split = () => createWebGpuKernels(undefined, { maxWeightChunkBytes: 4096, attentionSplit: 8 });
  runKernelConformance("webgpu, weights in 4 KiB chunks, attention split", split,
    [GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q5_1, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.IQ4_XS]);
  runParamConformance("webgpu, attention split", split);
}
