/**
 * Which GGML type each tensor gets for a file type, following llama.cpp's llama-quant.cpp
 * (`llama_tensor_get_type`) for LLAMA_FTYPE_MOSTLY_Q4_K_M:
 * - 1-D tensors (norms) stay F32;
 * - the output head — the token embedding when tied — is Q6_K;
 * - attn_v and ffn_down are Q6_K on the layers `use_more_bits` picks, else Q4_K;
 * - everything else Q4_K;
 * - a row length that is not a multiple of 256 cannot hold K-quants: Q4_K falls back to Q5_0
 *   and Q6_K to Q8_0.
 * Q8_0 / F16 / BF16 / F32 files use that type for every 2-D tensor.
 */
import { GgmlType } from "../tensor/dtypes.ts";
import type { TensorSpec } from "./tensors.ts";

export type TestDtype = "f32" | "f16" | "bf16" | "q8_0" | "q4_k_m";
export const TEST_DTYPES: readonly TestDtype[] = ["f32", "f16", "bf16", "q8_0", "q4_k_m"];

/** llama.cpp's llama_ftype values written as general.file_type. */
export const FILE_TYPE: Record<TestDtype, number> = { f32: 0, f16: 1, q8_0: 7, q4_k_m: 15, bf16: 32 };

/** llama.cpp: i < n/8 || i >= 7n/8 || (i - n/8) % 3 == 2, with C integer division. */
export function useMoreBits(i: number, n: number): boolean {
  const eighth = Math.trunc(n / 8);
  return i < eighth || i >= Math.trunc((7 * n) / 8) || (i - eighth) % 3 === 2;
}

export function tensorType(spec: TensorSpec, dtype: TestDtype, layers: number, tied: boolean): number {
  if (spec.dims.length === 1) return GgmlType.F32;
  switch (dtype) {
    case "f32": return GgmlType.F32;
    case "f16": return GgmlType.F16;
    case "bf16": return GgmlType.BF16;
    case "q8_0": return GgmlType.Q8_0;
  }
  let type: number = GgmlType.Q4_K;
  if (spec.role === "output" || (tied && spec.role === "embd")) type = GgmlType.Q6_K;
  else if ((spec.role === "attn_v" || spec.role === "ffn_down") && useMoreBits(spec.layer, layers)) type = GgmlType.Q6_K;
  if (spec.dims[0]! % 256 !== 0) type = type === GgmlType.Q6_K ? GgmlType.Q8_0 : GgmlType.Q5_0;
  return type;
}
