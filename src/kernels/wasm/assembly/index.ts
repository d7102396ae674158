// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Entry point of the kernels module: every export is a plain function over pointers into the
// imported (shared) memory. No allocation, no data segments, no globals: many instances
// (one per thread) can share one memory safely.
export { actRowBytes, actBytes, quantizeActs, matmulRows, tileBytes } from "./matmul";
export { dequantizeRow } from "./dequant";
export { rmsNorm, ropeNeox, storeKv, swiglu, geglu, scale, add } from "./ops";
export { attention, attentionPairs, attentionQuads, roundF16Lanes } from "./attention";
export { f32ToF16 } from "./f16";
export { countSubnormalRows, splitSubnormalRows, attachSubnormalTable, restoreSubnormalF16 } from "./f16-sparse";
export { firstNonFinite } from "./finite";
export { probeByteDot } from "./simd";
export { repackQ8_0, dequantizeQ8_0 } from "./q8";
export { dotQ4_0, dotQ4_1, dotQ5_0, dotQ5_1 } from "./dot-legacy";
export { repackK } from "./dot-k";
export { dotQ5_K } from "./q5k";
export { dotQ6_K } from "./q6k";
export { dotQ4_K } from "./q4k";
export { dotF32, dotF16, dotBF16 } from "./dot-float";
export { iqTablesAt } from "./iq-tables";
