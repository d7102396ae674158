// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Half-precision and bfloat16 conversions, scalar and 4-lane. wasm has no f16 instructions:
// f16→f32 rescales the shifted bits by 2^112 (exact for normals and subnormals);
// f32→f16 rounds to nearest-even through an f32 addition (the FP16-library method),
// which matches F16C hardware rounding used by ggml on x86.
export { f16Mask, f16Rebias } from "./consts";
import { F16_LUT as F16_LUT_AT } from "../layout";

// @ts-ignore: decorator
@inline
export function f16ToF32(h: u32): f32 {
  const mag = reinterpret<f32>((h & 0x7fff) << 13) * reinterpret<f32>(0x77800000); // × 2^112
  return reinterpret<f32>(reinterpret<u32>(mag) | ((h & 0x8000) << 16));
}

// @ts-ignore: decorator
@inline
export function loadF16(p: usize): f32 {
  return f16ToF32(<u32>load<u16>(p));
}

export function f32ToF16(f: f32): u32 {
  const w = reinterpret<u32>(f);
  const shl1 = w << 1;
  const sign = w & 0x80000000;
  let base: f32 = (Mathf.abs(f) * reinterpret<f32>(0x77800000)) * reinterpret<f32>(0x08800000); // ×2^112 ×2^-110
  let bias = shl1 & 0xff000000;
  if (bias < 0x71000000) bias = 0x71000000;
  base = reinterpret<f32>((bias >> 1) + 0x07800000) + base;
  const bits = reinterpret<u32>(base);
  const nonsign = ((bits >> 13) & 0x7c00) + (bits & 0x0fff);
  return (sign >> 16) | (shl1 > 0xff000000 ? 0x7e00 : nonsign);
}

/**
 * f32ToF16 on four lanes: the same integer and float steps lane-wise (so the same bits, NaN,
 * infinity, subnormals and ties included); the f16 bits land in the low half of each i32 lane.
 */
// @ts-ignore: decorator
@inline
export function f32x4ToF16Bits(f: v128): v128 {
  const shl1 = i32x4.shl(f, 1);
  const sign = i32x4.shr_u(f, 31);
  let base = f32x4.mul(f32x4.mul(f32x4.abs(f), f32x4.splat(reinterpret<f32>(0x77800000))), f32x4.splat(reinterpret<f32>(0x08800000)));
  const bias = i32x4.max_u(v128.and(shl1, i32x4.splat(0xff000000)), i32x4.splat(0x71000000));
  base = f32x4.add(i32x4.add(i32x4.shr_u(bias, 1), i32x4.splat(0x07800000)), base);
  const nonsign = i32x4.add(v128.and(i32x4.shr_u(base, 13), i32x4.splat(0x7c00)), v128.and(base, i32x4.splat(0x0fff)));
  const nan = i32x4.gt_u(shl1, i32x4.splat(0xff000000));
  return v128.or(i32x4.shl(sign, 15), v128.bitselect(i32x4.splat(0x7e00), nonsign, nan));
}

/**
 * f16 bits h (low 16 bits) moved into f32 position without the ×2^112 rebias: the value
 * f16(h)·2^-112, exact (subnormals become f32 subnormals). Kernels that keep weights or caches
 * in this form scale the other factor by 2^112 once instead, one multiply fewer per value.
 */
// @ts-ignore: decorator
@inline
export function f16RebiasFree(h: u32): f32 {
  return reinterpret<f32>(((h & 0x7fff) << 13) | ((h & 0x8000) << 16));
}

/**
 * f16RebiasFree of the even elements of 8 f16 at h (the low halves of its i32 lanes): shifts
 * and a mask, no extend instructions (mask = f16Mask()).
 */
// @ts-ignore: decorator
@inline
export function f16EvenRebiasFree(h: v128, mask: v128): v128 {
  return v128.and(i32x4.shr_s(i32x4.shl(h, 16), 3), mask);
}

/** f16RebiasFree of the odd elements (the high halves; the shift leaves the even ones in bits 12..0, which the mask clears). */
// @ts-ignore: decorator
@inline
export function f16OddRebiasFree(h: v128, mask: v128): v128 {
  return v128.and(i32x4.shr_s(h, 3), mask);
}

// @ts-ignore: decorator
@inline
export function roundF16(f: f32): f32 {
  // Back through the table, not f16ToF32: small values (softmax weights of a peaked attention)
  // are subnormal f16s, and f16ToF32 would multiply a subnormal f32 (a microcode assist each).
  return load<f32>(F16_LUT + (<usize>f32ToF16(f) << 2));
}

/** roundF16 on four lanes: f32x4ToF16Bits (f32ToF16's bits), then each lane through the table. */
// @ts-ignore: decorator
@inline
export function roundF16x4(f: v128): v128 {
  const h = f32x4ToF16Bits(f);
  let r = f32x4.splat(load<f32>(F16_LUT + (<usize>i32x4.extract_lane(h, 0) << 2)));
  r = f32x4.replace_lane(r, 1, load<f32>(F16_LUT + (<usize>i32x4.extract_lane(h, 1) << 2)));
  r = f32x4.replace_lane(r, 2, load<f32>(F16_LUT + (<usize>i32x4.extract_lane(h, 2) << 2)));
  return f32x4.replace_lane(r, 3, load<f32>(F16_LUT + (<usize>i32x4.extract_lane(h, 3) << 2)));
}

/** Round to bfloat16, nearest-even (as ggml_compute_fp32_to_bf16), returned widened to f32. */
export function roundBF16(f: f32): f32 {
  let u = reinterpret<u32>(f);
  if ((u & 0x7fffffff) > 0x7f800000) return reinterpret<f32>((u | 0x00400000) & 0xffff0000); // quiet NaN
  u = (u + (0x7fff + ((u >> 16) & 1))) & 0xffff0000;
  return reinterpret<f32>(u);
}

/**
 * Four f16 → four f32, from lanes that were sign-extended from 16 bits (extend_*_i16x8_s).
 * Shifting left by 13 puts the magnitude at bits 27..13 and copies of the sign at 31..28; one
 * mask keeps bit 31, then × 2^112 rebiases the exponent (exact, subnormals included).
 * mask = f16Mask(), rebias = f16Rebias(): loaded once by the caller, outside its loops.
 */
// @ts-ignore: decorator
@inline
export function f16x4ToF32(hs: v128, mask: v128, rebias: v128): v128 {
  return f32x4.mul(v128.and(i32x4.shl(hs, 13), mask), rebias);
}

// Kernels read f16 scales through lutF16, not loadF16: a subnormal f16 (|x| < 6.1e-5, common
// for the d of small weights) makes loadF16 multiply a subnormal f32, which x86 handles in
// microcode at ~100× the cost; that alone halved Q6_K speed on real weight files.

/** Address of the 65,536-entry f16 → f32 table the host fills once (../layout.ts F16_LUT). */
export const F16_LUT: usize = F16_LUT_AT;

// @ts-ignore: decorator
@inline
export function lutF16(p: usize): f32 {
  return load<f32>(F16_LUT + (<usize>load<u16>(p) << 2));
}
