// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Entry point of the kernels module: every export is a plain function over pointers into the
// imported (shared) memory. No allocation, no data segments, no globals: many instances
// (one per thread) can share one memory safely.
export { actRowBytes, quantizeActs, matmulRows } from "./matmul";
export { dequantizeRow } from "./dequant";
export { rmsNorm, ropeNeox, storeKv, swiglu, add } from "./ops";
export { attention } from "./attention";
export { f32ToF16 } from "./f16";
