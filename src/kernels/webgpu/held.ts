/** How the WebGPU kernels hold a weight: which types stay in their stored blocks, and the bytes. */
import { rowBytes } from "../../tensor/dequantize.ts";
import { GgmlType } from "../../tensor/dtypes.ts";

/** Types read on the GPU in their stored layout (shaders-blocks.ts); the others are dequantized to F32 at upload. */
export const NATIVE_TYPES: ReadonlySet<number> = new Set([
  GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1,
  GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
]);

/** Types whose dot product adds the weights' block min times ggml's Q8_1 block sum (shaders-blocks.ts). */
export const WITH_MIN: ReadonlySet<number> = new Set([GgmlType.Q4_1, GgmlType.Q5_1]);

/** Bytes the WebGPU kernels hold for a rows × cols weight of `type`. */
export function heldWeightBytes(type: number, rows: number, cols: number): number {
  return NATIVE_TYPES.has(type) ? rows * rowBytes(type, cols) : rows * cols * 4;
}
