/**
 * What ggml does to activations before a dot product with a weight of a given type (its
 * "vec_dot_type"), as plain F32 values: the dot product of integer codes times scales equals
 * the dot product of these dequantized values, so the reference can use floats throughout.
 *  F32 → unchanged; F16/BF16 → rounded; Q4_0/Q5_0/Q8_0/IQ4_NL → Q8_0; Q4_1/Q5_1 → Q8_1;
 *  K-quants and the 256-element I-quants → Q8_K.
 * Q8_0/Q8_1 follow the x86 SIMD quantizer (id = 127/amax, round half to even); Q8_K follows
 * quantize_row_q8_K_ref (iscale = -127/max of largest magnitude, nearest_int, clamp 127).
 */
import { GgmlType } from "../../tensor/dtypes.ts";
import { roundToBf16, roundToF16, F16_TO_F32, f32ToF16 } from "../../tensor/half.ts";

const f = Math.fround;

/** Round half to even, as _mm256_round_ps(_MM_ROUND_NEAREST) and ggml's nearest_int. */
export function roundEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function q8Blocks32(x: Float32Array, out: Float32Array): void {
  for (let b = 0; b < x.length; b += 32) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]!));
    const d = F16_TO_F32[f32ToF16(f(amax / 127))]!; // the scale is stored as f16
    const id = amax !== 0 ? f(127 / amax) : 0;
    for (let j = 0; j < 32; j++) out[b + j] = d * roundEven(f(x[b + j]! * id));
  }
}

function q8KBlocks(x: Float32Array, out: Float32Array): void {
  for (let b = 0; b < x.length; b += 256) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < 256; j++) {
      const ax = Math.abs(x[b + j]!);
      if (ax > amax) {
        amax = ax;
        max = x[b + j]!;
      }
    }
    if (amax === 0) {
      out.fill(0, b, b + 256);
      continue;
    }
    const iscale = f(-127 / max);
    const d = f(1 / iscale);
    for (let j = 0; j < 256; j++) out[b + j] = f(d * Math.min(127, roundEven(f(iscale * x[b + j]!))));
  }
}

/**
 * Q8_1 block sums as ggml stores them: s = f16(d · Σq) with the unrounded d, one per 32 values.
 * A Q4_1/Q5_1 dot product uses m·s for the min term instead of m·Σ(dequantized activations).
 */
export function q8_1Sums(x: Float32Array): Float32Array {
  const s = new Float32Array(x.length / 32);
  for (let b = 0; b < x.length; b += 32) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]!));
    const d = f(amax / 127);
    const id = amax !== 0 ? f(127 / amax) : 0;
    let sum = 0;
    for (let j = 0; j < 32; j++) sum += roundEven(f(x[b + j]! * id));
    s[b / 32] = F16_TO_F32[f32ToF16(f(d * sum))]!;
  }
  return s;
}

/** The activations (one row of `cols`) as the weight type's dot product sees them. */
export function prepareActivations(weightType: number, x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  switch (weightType) {
    case GgmlType.F32:
      out.set(x);
      return out;
    case GgmlType.F16:
      for (let i = 0; i < x.length; i++) out[i] = roundToF16(x[i]!);
      return out;
    case GgmlType.BF16:
      for (let i = 0; i < x.length; i++) out[i] = roundToBf16(x[i]!);
      return out;
    case GgmlType.Q2_K:
    case GgmlType.Q3_K:
    case GgmlType.Q4_K:
    case GgmlType.Q5_K:
    case GgmlType.Q6_K:
    case GgmlType.IQ2_XXS:
    case GgmlType.IQ2_XS:
    case GgmlType.IQ2_S:
    case GgmlType.IQ3_XXS:
    case GgmlType.IQ3_S:
    case GgmlType.IQ1_S:
    case GgmlType.IQ1_M:
    case GgmlType.IQ4_XS:
      q8KBlocks(x, out);
      return out;
    default:
      q8Blocks32(x, out);
      return out;
  }
}
