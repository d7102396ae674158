/**
 * Which GGML type each tensor gets for a file type, as llama.cpp's quantizer lays files out
 * (src/llama-quant.cpp: llama_ftype_get_default_type, llama_tensor_get_type_impl and the
 * fallback for rows a block does not divide), for Qwen3 (one expert, not Falcon) quantized with
 * an importance matrix, as the publisher's sub-8-bit MedPsy files are:
 * - 1-D tensors (norms) stay F32;
 * - the output head (the token embedding when tied) is Q6_K, Q5_K for IQ1/IQ2 files, Q8_0 for
 *   Q8_0 files and when its rows are not whole blocks of the file's type;
 * - an untied token embedding is Q2_K in IQ1 / IQ2_XXS / IQ2_XS files, IQ3_S in IQ2_S / IQ2_M /
 *   IQ3_XXS files, else the file's type;
 * - attn_v, ffn_down, attn_output, attn_q/k and ffn_gate/up get the per-type, per-layer
 *   upgrades of llama_tensor_get_type_impl (quoted below where they apply);
 * - a row length a type's block does not divide falls back (IQ → IQ4_NL, Q2_K/Q3_K → Q4_0,
 *   Q4_K → Q5_0, Q5_K → Q5_1, Q6_K → Q8_0; F16 when even that does not divide).
 * `pure` (llama-quantize --pure) gives every 2-D tensor the file's default type.
 */
import { GgmlType, TYPE_TRAITS } from "../tensor/dtypes.ts";
import type { TensorSpec } from "./tensors.ts";

/** llama.cpp's llama_ftype values (general.file_type), by the names its tools use. */
export const FILE_TYPE = {
  f32: 0, f16: 1, q8_0: 7, q2_k: 10, q3_k_s: 11, q3_k_m: 12, q3_k_l: 13, q4_k_s: 14, q4_k_m: 15, q5_k_s: 16, q5_k_m: 17,
  q6_k: 18, iq2_xxs: 19, iq2_xs: 20, q2_k_s: 21, iq3_xs: 22, iq3_xxs: 23, iq1_s: 24, iq4_nl: 25, iq3_s: 26, iq3_m: 27,
  iq2_s: 28, iq2_m: 29, iq4_xs: 30, iq1_m: 31, bf16: 32,
} as const;

export type TestDtype = keyof typeof FILE_TYPE;
export const TEST_DTYPES = Object.keys(FILE_TYPE) as TestDtype[];

/** llama_ftype_get_default_type. */
const DEFAULT_TYPE: Record<TestDtype, number> = {
  f32: GgmlType.F32, f16: GgmlType.F16, bf16: GgmlType.BF16, q8_0: GgmlType.Q8_0,
  q2_k: GgmlType.Q2_K, q2_k_s: GgmlType.Q2_K, q3_k_s: GgmlType.Q3_K, q3_k_m: GgmlType.Q3_K, q3_k_l: GgmlType.Q3_K,
  q4_k_s: GgmlType.Q4_K, q4_k_m: GgmlType.Q4_K, q5_k_s: GgmlType.Q5_K, q5_k_m: GgmlType.Q5_K, q6_k: GgmlType.Q6_K,
  iq2_xxs: GgmlType.IQ2_XXS, iq2_xs: GgmlType.IQ2_XS, iq2_s: GgmlType.IQ2_XS, iq2_m: GgmlType.IQ2_S,
  iq3_xxs: GgmlType.IQ3_XXS, iq3_xs: GgmlType.IQ3_S, iq3_s: GgmlType.IQ3_S, iq3_m: GgmlType.IQ3_S,
  iq1_s: GgmlType.IQ1_S, iq1_m: GgmlType.IQ1_M, iq4_nl: GgmlType.IQ4_NL, iq4_xs: GgmlType.IQ4_XS,
};

/** The type most of a file's tensors get. */
export const defaultTypeOf = (dtype: TestDtype): number => DEFAULT_TYPE[dtype];

/** llama.cpp: i < n/8 || i >= 7n/8 || (i - n/8) % 3 == 2, with C integer division. */
export function useMoreBits(i: number, n: number): boolean {
  const eighth = Math.trunc(n / 8);
  return i < eighth || i >= Math.trunc((7 * n) / 8) || (i - eighth) % 3 === 2;
}

/** What a model's shape the mix looks at: layers, query heads per KV head, tied embeddings. */
export interface MixShape {
  layers: number;
  /** n_head / n_head_kv (llama.cpp's n_gqa). */
  gqa: number;
  tied: boolean;
}

const IQ1_IQ2: ReadonlySet<TestDtype> = new Set(["iq2_xxs", "iq2_xs", "iq1_s", "iq2_s", "iq2_m", "iq1_m"]);

/** llama_tensor_get_type_impl for one tensor of a quantized file (before the fallback). */
function mixedType(spec: TensorSpec, dtype: TestDtype, s: MixShape): number {
  let t = DEFAULT_TYPE[dtype];
  const i = spec.layer, n = s.layers;
  const eighth = Math.trunc(n / 8);
  if (spec.role === "output" || (s.tied && spec.role === "embd")) {
    // "nx % qk_k != 0" with qk_k the block of the file's default type.
    if (spec.dims[0]! % TYPE_TRAITS.get(t)!.blockSize !== 0) return GgmlType.Q8_0;
    if (["iq2_xxs", "iq2_xs", "iq3_xxs", "iq1_s", "iq2_s", "iq2_m", "iq1_m"].includes(dtype)) return GgmlType.Q5_K;
    return t === GgmlType.Q8_0 ? t : GgmlType.Q6_K;
  }
  if (spec.role === "embd") {
    if (["iq2_xxs", "iq2_xs", "iq1_s", "iq1_m"].includes(dtype)) return GgmlType.Q2_K;
    if (dtype === "iq2_s" || dtype === "iq2_m" || dtype === "iq3_xxs") return GgmlType.IQ3_S;
    return t;
  }
  if (IQ1_IQ2.has(dtype)) {
    const s3 = dtype === "iq2_s" || dtype === "iq2_m";
    if (spec.role === "attn_v") return s.gqa >= 4 ? GgmlType.Q4_K : s3 ? GgmlType.IQ3_S : GgmlType.Q2_K;
    if (spec.role === "ffn_down") return i < eighth ? (s3 ? GgmlType.IQ3_S : GgmlType.Q2_K) : t;
    if (spec.role === "attn_output") return dtype === "iq1_s" || dtype === "iq1_m" ? GgmlType.IQ2_XXS : s3 ? GgmlType.IQ3_S : t;
    return t;
  }
  switch (spec.role) {
    case "attn_v":
      if (dtype === "q2_k") return s.gqa >= 4 ? GgmlType.Q4_K : GgmlType.Q3_K;
      if (dtype === "q2_k_s" && s.gqa >= 4) return GgmlType.Q4_K;
      if (dtype === "iq3_xxs") return s.gqa >= 4 ? GgmlType.Q4_K : GgmlType.IQ3_XXS; // with an imatrix
      if ((dtype === "iq3_xs" || dtype === "iq3_s") && s.gqa >= 4) return GgmlType.Q4_K;
      if (dtype === "iq3_m") return GgmlType.Q4_K;
      if (dtype === "q3_k_m") return i < 2 ? GgmlType.Q5_K : GgmlType.Q4_K; // i_attention_wv < 2
      if (dtype === "q3_k_l") return GgmlType.Q5_K;
      if ((dtype === "iq4_nl" || dtype === "iq4_xs") && s.gqa >= 4) return GgmlType.Q5_K;
      if ((dtype === "q4_k_m" || dtype === "q5_k_m") && useMoreBits(i, n)) return GgmlType.Q6_K;
      if (dtype === "q4_k_s" && i < 4) return GgmlType.Q5_K;
      return t;
    case "attn_k":
    case "attn_q":
      if (dtype === "iq3_xs") return GgmlType.IQ3_XXS;
      if (dtype === "iq3_xxs") return GgmlType.IQ2_S;
      return t;
    case "ffn_down":
      if (dtype === "q2_k") return GgmlType.Q3_K;
      if (dtype === "q2_k_s") return i < eighth ? GgmlType.Q4_K : t;
      if (dtype === "q3_k_m") return i < Math.trunc(n / 16) ? GgmlType.Q5_K : GgmlType.Q4_K; // not Falcon: Q4_K
      if (dtype === "iq3_m" && i < eighth) return GgmlType.Q4_K;
      if (dtype === "q3_k_l") return GgmlType.Q5_K;
      if (dtype === "q4_k_m") return useMoreBits(i, n) ? GgmlType.Q6_K : t;
      if (dtype === "q5_k_m" && useMoreBits(i, n)) return GgmlType.Q6_K;
      if (dtype === "q4_k_s" && i < eighth) return GgmlType.Q5_K;
      return t;
    case "attn_output":
      if (dtype === "q2_k") return GgmlType.Q3_K;
      if (dtype === "iq3_xxs") return GgmlType.IQ3_S;
      if (dtype === "q3_k_m" || dtype === "iq3_m") return GgmlType.Q4_K;
      if (dtype === "q3_k_l") return GgmlType.Q5_K;
      return t;
    case "ffn_gate":
    case "ffn_up":
      return dtype === "iq3_xs" && i >= eighth && i < Math.trunc((7 * n) / 8) ? GgmlType.IQ3_XXS : t;
    default:
      return t;
  }
}

/** llama.cpp's tensor_type_fallback: a type whose block does not divide the row length. */
function fallback(type: number, rowLength: number): number {
  if (rowLength % TYPE_TRAITS.get(type)!.blockSize === 0) return type;
  const to: Partial<Record<number, number>> = {
    [GgmlType.IQ1_S]: GgmlType.IQ4_NL, [GgmlType.IQ1_M]: GgmlType.IQ4_NL, [GgmlType.IQ2_XXS]: GgmlType.IQ4_NL, [GgmlType.IQ2_XS]: GgmlType.IQ4_NL,
    [GgmlType.IQ2_S]: GgmlType.IQ4_NL, [GgmlType.IQ3_XXS]: GgmlType.IQ4_NL, [GgmlType.IQ3_S]: GgmlType.IQ4_NL, [GgmlType.IQ4_XS]: GgmlType.IQ4_NL,
    [GgmlType.Q2_K]: GgmlType.Q4_0, [GgmlType.Q3_K]: GgmlType.Q4_0, [GgmlType.Q4_K]: GgmlType.Q5_0, [GgmlType.Q5_K]: GgmlType.Q5_1, [GgmlType.Q6_K]: GgmlType.Q8_0,
  };
  const t = to[type] ?? GgmlType.F16;
  return rowLength % TYPE_TRAITS.get(t)!.blockSize === 0 ? t : GgmlType.F16;
}

export function tensorType(spec: TensorSpec, dtype: TestDtype, shape: MixShape, pure = false): number {
  if (spec.dims.length === 1) return GgmlType.F32;
  const t = DEFAULT_TYPE[dtype];
  if (t === GgmlType.F32 || t === GgmlType.F16 || t === GgmlType.BF16) return t;
  return fallback(pure ? t : mixedType(spec, dtype, shape), spec.dims[0]!);
}
