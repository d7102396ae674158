/** WebAssembly SIMD kernels (single- and multi-threaded). */
export { createWasmKernels, type WasmKernelOptions } from "./create.ts";
export type { DecodeStreams, DecodeStreamsOption } from "./decode-tuner.ts";
export type { WasmKernels } from "./kernels.ts";
export { relaxedSelfTest, loadKernelModule } from "./module.ts";
export { WasmMemoryLimitError, WasmUnavailableError, WasmUnsupportedTypeError, WasmBadArgumentError } from "./errors.ts";
export { MEMORY_LIMIT } from "./heap.ts";
