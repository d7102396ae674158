/**
 * IEEE half (F16) and bfloat16 (BF16) conversions, bit-exact with ggml:
 * f32→f16 rounds to nearest even (as F16C's vcvtps2ph does), f32→bf16 rounds to nearest even
 * and keeps NaN quiet (ggml_compute_fp32_to_bf16). f16→f32 goes through a 65,536-entry table.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function halfToFloatSlow(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const man = h & 0x3ff;
  if (exp === 0) return sign * man * 2 ** -24;
  if (exp === 31) return man ? NaN : sign * Infinity;
  return sign * (1 + man / 1024) * 2 ** (exp - 15);
}

/** f16 bits → f32 value, for every bit pattern. */
export const F16_TO_F32 = (() => {
  const t = new Float32Array(65536);
  for (let i = 0; i < 65536; i++) t[i] = halfToFloatSlow(i);
  return t;
})();

export function f16ToF32(bits: number): number {
  return F16_TO_F32[bits & 0xffff]!;
}

/** f32 → f16 bits, round to nearest even; overflow → ±Inf, NaN stays NaN. */
export function f32ToF16(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let man = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (man ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit-1 mantissa into place with rounding.
    if (e < -10) return sign;
    man |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rem = man & ((1 << shift) - 1);
    let r = man >>> shift;
    if (rem > half || (rem === half && (r & 1))) r++;
    return sign | r;
  }
  const rem = man & 0x1fff;
  let r = (e << 10) | (man >>> 13);
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1))) r++; // may carry into the exponent: still correct
  return sign | r;
}

/** bf16 bits → f32. */
export function bf16ToF32(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}

/** f32 → bf16 bits, round to nearest even, NaN made quiet (ggml_compute_fp32_to_bf16). */
export function f32ToBf16(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) | 64) & 0xffff;
  return ((x + (0x7fff + ((x >>> 16) & 1))) >>> 16) & 0xffff;
}

/** Rounds a value to the nearest f16 and back (what ggml does to activations before an F16 dot). */
export const roundToF16 = (v: number): number => F16_TO_F32[f32ToF16(v)]!;
export const roundToBf16 = (v: number): number => bf16ToF32(f32ToBf16(v));
