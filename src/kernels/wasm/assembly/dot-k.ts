// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// K-quant weight rows (256-element super-blocks) × Q8_K activation rows.
// Q8_K (ours, 308): f32 d @0, i8 qs[256] @4, i16 bsums[16] @260, i16 sums32[8] @292.
// Q4_K as stored (144): f16 d, f16 dmin, 6-bit scales/mins[12], qs[128]; each 32 qs bytes hold
//   64 elements: low nibbles = sub-block 2c, high nibbles = 2c+1. Repacked at commit (152):
//   f32 d @0, f32 dmin @4, u8 scales[8] @8, u8 mins[8] @16, qs[128] @24.
// Q5_K as stored (176): as Q4_K plus qh[32] before qs (bit 2c / 2c+1 of qh[l] = 5th bit).
//   Repacked (184): f32 d, f32 dmin, scales[8], mins[8], qh[32] @24, qs[128] @56.
// Q6_K (210): ql[128] @0, qh[64] @128, i8 scales[16] @192, f16 d @208.
// Sums stay integer per super-block (exact, like ggml); with relaxed SIMD the unsigned weight
// values (< 128) feed i32x4.relaxed_dot_i8x16_i7x16_add_s as the 7-bit operand.
import { loadF16 } from "./f16";
import { hsumF32, hsumI32, mulAddI8x16 } from "./simd";

/** Σ over 32 elements (two vectors) of u·a, scaled by sc, added to acc (i32x4). */
// @ts-ignore: decorator
@inline
function scaledDot32(u0: v128, u1: v128, a: usize, sc: i32, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    // pmaddubsw-style i16 pair sums (u < 32, |a| ≤ 127: no saturation), then × scale into i32.
    const s16 = i16x8.add(i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(a), u0), i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(a, 16), u1));
    return i32x4.add(acc, i32x4.dot_i16x8_s(s16, i16x8.splat(<i16>sc)));
  }
  const s16 = i16x8.add(mulAddI8x16(u0, v128.load(a)), mulAddI8x16(u1, v128.load(a, 16)));
  return i32x4.add(acc, i32x4.dot_i16x8_s(s16, i16x8.splat(<i16>sc)));
}

/** As scaledDot32, with the scale already broadcast to i16x8. */
// @ts-ignore: decorator
@inline
function scaledDot32v(u0: v128, u1: v128, a: usize, sc: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    const s16 = i16x8.add(i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(a), u0), i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(a, 16), u1));
    return i32x4.add(acc, i32x4.dot_i16x8_s(s16, sc));
  }
  const s16 = i16x8.add(mulAddI8x16(u0, v128.load(a)), mulAddI8x16(u1, v128.load(a, 16)));
  return i32x4.add(acc, i32x4.dot_i16x8_s(s16, sc));
}

/** Unpacks the 12-byte Q4_K/Q5_K scales into 8 scales (sc) and 8 mins (mn) at `out` (u8[16]). */
// @ts-ignore: decorator
@inline
function unpackScales(s: usize, out: usize): void {
  for (let j = 0; j < 4; j++) {
    store<u8>(out + j, load<u8>(s + j) & 63);
    store<u8>(out + 8 + j, load<u8>(s + j + 4) & 63);
    store<u8>(out + 4 + j, (load<u8>(s + j + 8) & 0xf) | ((load<u8>(s + j) >> 6) << 4));
    store<u8>(out + 12 + j, (load<u8>(s + j + 8) >> 4) | ((load<u8>(s + j + 4) >> 6) << 4));
  }
}

/** Σ_j mins[j]·sums32[j] as i32x4 partial sums (mins: 8 u8 at mn; sums32: 8 i16 at s). */
// @ts-ignore: decorator
@inline
function minsDot(mn: usize, s: usize): v128 {
  return i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(v128.load64_zero(mn)), v128.load(s));
}

/** Expands `nb` stored Q4_K (inBytes 144) or Q5_K (176) blocks in place to the repacked layout
 * (outBytes 152 / 184); the buffer must hold nb·outBytes. Back to front, so no block is
 * overwritten before it is read. tmp: 192 bytes of scratch. */
export function repackK(w: usize, nb: i32, q5: bool, tmp: usize): void {
  const inBytes: usize = q5 ? 176 : 144;
  const outBytes: usize = q5 ? 184 : 152;
  for (let b = nb - 1; b >= 0; b--) {
    const src = w + <usize>b * inBytes;
    const dst = w + <usize>b * outBytes;
    memory.copy(tmp, src, inBytes);
    store<f32>(dst, loadF16(tmp));
    store<f32>(dst + 4, loadF16(tmp + 2));
    unpackScales(tmp + 4, dst + 8);
    memory.copy(dst + 24, tmp + 16, inBytes - 16);
  }
}

/** Q4_K (repacked) row × Q8_K row. The 8 sub-block scales are widened once per block and
 * broadcast by constant shuffles (one instruction) instead of a scalar load + splat each. */
export function dotQ4_K(w: usize, x: usize, nb: i32): f32 {
  let sum = f32x4.splat(0);
  const mask = i8x16.splat(0x0f);
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 152;
    const xb = x + <usize>b * 308;
    const scv = i16x8.extend_low_i8x16_u(v128.load64_zero(wb + 8));
    let acc = i32x4.splat(0);
    {
      const q0 = v128.load(wb + 24);
      const q1 = v128.load(wb + 40);
      acc = scaledDot32v(v128.and(q0, mask), v128.and(q1, mask), xb + 4, i8x16.shuffle(scv, scv, 0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1), acc);
      acc = scaledDot32v(i8x16.shr_u(q0, 4), i8x16.shr_u(q1, 4), xb + 36, i8x16.shuffle(scv, scv, 2,3,2,3,2,3,2,3,2,3,2,3,2,3,2,3), acc);
    }
    {
      const q0 = v128.load(wb + 56);
      const q1 = v128.load(wb + 72);
      acc = scaledDot32v(v128.and(q0, mask), v128.and(q1, mask), xb + 68, i8x16.shuffle(scv, scv, 4,5,4,5,4,5,4,5,4,5,4,5,4,5,4,5), acc);
      acc = scaledDot32v(i8x16.shr_u(q0, 4), i8x16.shr_u(q1, 4), xb + 100, i8x16.shuffle(scv, scv, 6,7,6,7,6,7,6,7,6,7,6,7,6,7,6,7), acc);
    }
    {
      const q0 = v128.load(wb + 88);
      const q1 = v128.load(wb + 104);
      acc = scaledDot32v(v128.and(q0, mask), v128.and(q1, mask), xb + 132, i8x16.shuffle(scv, scv, 8,9,8,9,8,9,8,9,8,9,8,9,8,9,8,9), acc);
      acc = scaledDot32v(i8x16.shr_u(q0, 4), i8x16.shr_u(q1, 4), xb + 164, i8x16.shuffle(scv, scv, 10,11,10,11,10,11,10,11,10,11,10,11,10,11,10,11), acc);
    }
    {
      const q0 = v128.load(wb + 120);
      const q1 = v128.load(wb + 136);
      acc = scaledDot32v(v128.and(q0, mask), v128.and(q1, mask), xb + 196, i8x16.shuffle(scv, scv, 12,13,12,13,12,13,12,13,12,13,12,13,12,13,12,13), acc);
      acc = scaledDot32v(i8x16.shr_u(q0, 4), i8x16.shr_u(q1, 4), xb + 228, i8x16.shuffle(scv, scv, 14,15,14,15,14,15,14,15,14,15,14,15,14,15,14,15), acc);
    }
    const dx = load<f32>(xb);
    sum = f32x4.add(sum, f32x4.sub(
      f32x4.mul(f32x4.convert_i32x4_s(acc), f32x4.splat(dx * load<f32>(wb))),
      f32x4.mul(f32x4.convert_i32x4_s(minsDot(wb + 16, xb + 292)), f32x4.splat(dx * load<f32>(wb + 4))),
    ));
  }
  return hsumF32(sum);
}

/** Q5_K (repacked) row × Q8_K row. */
export function dotQ5_K(w: usize, x: usize, nb: i32): f32 {
  let sum = f32x4.splat(0);
  const mask = i8x16.splat(0x0f);
  const one = i8x16.splat(1);
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 184;
    const xb = x + <usize>b * 308;
    const h0 = v128.load(wb + 24);
    const h1 = v128.load(wb + 40);
    let acc = i32x4.splat(0);
    for (let c = 0; c < 4; c++) {
      const q0 = v128.load(wb + 56 + (c << 5));
      const q1 = v128.load(wb + 72 + (c << 5));
      const a = xb + 4 + (c << 6);
      const sl = 2 * c;
      const lo0 = v128.or(v128.and(q0, mask), i8x16.shl(v128.and(i8x16.shr_u(h0, sl), one), 4));
      const lo1 = v128.or(v128.and(q1, mask), i8x16.shl(v128.and(i8x16.shr_u(h1, sl), one), 4));
      acc = scaledDot32(lo0, lo1, a, load<u8>(wb + 8 + sl), acc);
      const hi0 = v128.or(i8x16.shr_u(q0, 4), i8x16.shl(v128.and(i8x16.shr_u(h0, sl + 1), one), 4));
      const hi1 = v128.or(i8x16.shr_u(q1, 4), i8x16.shl(v128.and(i8x16.shr_u(h1, sl + 1), one), 4));
      acc = scaledDot32(hi0, hi1, a + 32, load<u8>(wb + 9 + sl), acc);
    }
    const dx = load<f32>(xb);
    sum = f32x4.add(sum, f32x4.sub(
      f32x4.mul(f32x4.convert_i32x4_s(acc), f32x4.splat(dx * load<f32>(wb))),
      f32x4.mul(f32x4.convert_i32x4_s(minsDot(wb + 16, xb + 292)), f32x4.splat(dx * load<f32>(wb + 4))),
    ));
  }
  return hsumF32(sum);
}

/** Σ over 16 elements of u·a scaled by sc (broadcast i16x8), added to acc. */
// @ts-ignore: decorator
@inline
function scaledDot16v(u: v128, a: usize, sc: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return i32x4.add(acc, i32x4.dot_i16x8_s(i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(a), u), sc));
  }
  return i32x4.add(acc, i32x4.dot_i16x8_s(mulAddI8x16(u, v128.load(a)), sc));
}

/** Q6_K row × Q8_K row: values are stored +32, subtracted once via the block sums. The 16
 * signed scales are widened once per block and broadcast by constant shuffles. */
export function dotQ6_K(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  const mask = i8x16.splat(0x0f);
  const hiMask = i8x16.splat(0x30);
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 210;
    const xb = x + <usize>b * 308;
    const sc = v128.load(wb + 192);
    const scA = i16x8.extend_low_i8x16_s(sc);
    const scB = i16x8.extend_high_i8x16_s(sc);
    let acc = i32x4.splat(0);
    {
      const L0 = v128.load(wb + 0);
      const L1 = v128.load(wb + 32);
      const H = v128.load(wb + 128);
      // 6-bit values: low nibble from ql, 2 high bits from qh moved to bits 4-5 with 16-bit
      // shifts plus one mask (cheaper than 8-bit shifts, which wasm lowers to shift + mask).
      const u1 = v128.or(v128.and(L0, mask), v128.and(i16x8.shl(H, 4), hiMask));
      const u2 = v128.or(v128.and(L1, mask), v128.and(i16x8.shl(H, 2), hiMask));
      const u3 = v128.or(v128.and(i16x8.shr_u(L0, 4), mask), v128.and(H, hiMask));
      const u4 = v128.or(v128.and(i16x8.shr_u(L1, 4), mask), v128.and(i16x8.shr_u(H, 2), hiMask));
      const a = xb + 4;
      acc = scaledDot16v(u1, a, i8x16.shuffle(scA, scA, 0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1), acc);
      acc = scaledDot16v(u2, a + 32, i8x16.shuffle(scA, scA, 4,5,4,5,4,5,4,5,4,5,4,5,4,5,4,5), acc);
      acc = scaledDot16v(u3, a + 64, i8x16.shuffle(scA, scA, 8,9,8,9,8,9,8,9,8,9,8,9,8,9,8,9), acc);
      acc = scaledDot16v(u4, a + 96, i8x16.shuffle(scA, scA, 12,13,12,13,12,13,12,13,12,13,12,13,12,13,12,13), acc);
    }
    {
      const L0 = v128.load(wb + 16);
      const L1 = v128.load(wb + 48);
      const H = v128.load(wb + 144);
      // 6-bit values: low nibble from ql, 2 high bits from qh moved to bits 4-5 with 16-bit
      // shifts plus one mask (cheaper than 8-bit shifts, which wasm lowers to shift + mask).
      const u1 = v128.or(v128.and(L0, mask), v128.and(i16x8.shl(H, 4), hiMask));
      const u2 = v128.or(v128.and(L1, mask), v128.and(i16x8.shl(H, 2), hiMask));
      const u3 = v128.or(v128.and(i16x8.shr_u(L0, 4), mask), v128.and(H, hiMask));
      const u4 = v128.or(v128.and(i16x8.shr_u(L1, 4), mask), v128.and(i16x8.shr_u(H, 2), hiMask));
      const a = xb + 20;
      acc = scaledDot16v(u1, a, i8x16.shuffle(scA, scA, 2,3,2,3,2,3,2,3,2,3,2,3,2,3,2,3), acc);
      acc = scaledDot16v(u2, a + 32, i8x16.shuffle(scA, scA, 6,7,6,7,6,7,6,7,6,7,6,7,6,7,6,7), acc);
      acc = scaledDot16v(u3, a + 64, i8x16.shuffle(scA, scA, 10,11,10,11,10,11,10,11,10,11,10,11,10,11,10,11), acc);
      acc = scaledDot16v(u4, a + 96, i8x16.shuffle(scA, scA, 14,15,14,15,14,15,14,15,14,15,14,15,14,15,14,15), acc);
    }
    {
      const L0 = v128.load(wb + 64);
      const L1 = v128.load(wb + 96);
      const H = v128.load(wb + 160);
      // 6-bit values: low nibble from ql, 2 high bits from qh moved to bits 4-5 with 16-bit
      // shifts plus one mask (cheaper than 8-bit shifts, which wasm lowers to shift + mask).
      const u1 = v128.or(v128.and(L0, mask), v128.and(i16x8.shl(H, 4), hiMask));
      const u2 = v128.or(v128.and(L1, mask), v128.and(i16x8.shl(H, 2), hiMask));
      const u3 = v128.or(v128.and(i16x8.shr_u(L0, 4), mask), v128.and(H, hiMask));
      const u4 = v128.or(v128.and(i16x8.shr_u(L1, 4), mask), v128.and(i16x8.shr_u(H, 2), hiMask));
      const a = xb + 132;
      acc = scaledDot16v(u1, a, i8x16.shuffle(scB, scB, 0,1,0,1,0,1,0,1,0,1,0,1,0,1,0,1), acc);
      acc = scaledDot16v(u2, a + 32, i8x16.shuffle(scB, scB, 4,5,4,5,4,5,4,5,4,5,4,5,4,5,4,5), acc);
      acc = scaledDot16v(u3, a + 64, i8x16.shuffle(scB, scB, 8,9,8,9,8,9,8,9,8,9,8,9,8,9,8,9), acc);
      acc = scaledDot16v(u4, a + 96, i8x16.shuffle(scB, scB, 12,13,12,13,12,13,12,13,12,13,12,13,12,13,12,13), acc);
    }
    {
      const L0 = v128.load(wb + 80);
      const L1 = v128.load(wb + 112);
      const H = v128.load(wb + 176);
      // 6-bit values: low nibble from ql, 2 high bits from qh moved to bits 4-5 with 16-bit
      // shifts plus one mask (cheaper than 8-bit shifts, which wasm lowers to shift + mask).
      const u1 = v128.or(v128.and(L0, mask), v128.and(i16x8.shl(H, 4), hiMask));
      const u2 = v128.or(v128.and(L1, mask), v128.and(i16x8.shl(H, 2), hiMask));
      const u3 = v128.or(v128.and(i16x8.shr_u(L0, 4), mask), v128.and(H, hiMask));
      const u4 = v128.or(v128.and(i16x8.shr_u(L1, 4), mask), v128.and(i16x8.shr_u(H, 2), hiMask));
      const a = xb + 148;
      acc = scaledDot16v(u1, a, i8x16.shuffle(scB, scB, 2,3,2,3,2,3,2,3,2,3,2,3,2,3,2,3), acc);
      acc = scaledDot16v(u2, a + 32, i8x16.shuffle(scB, scB, 6,7,6,7,6,7,6,7,6,7,6,7,6,7,6,7), acc);
      acc = scaledDot16v(u3, a + 64, i8x16.shuffle(scB, scB, 10,11,10,11,10,11,10,11,10,11,10,11,10,11,10,11), acc);
      acc = scaledDot16v(u4, a + 96, i8x16.shuffle(scB, scB, 14,15,14,15,14,15,14,15,14,15,14,15,14,15,14,15), acc);
    }
    const corr = hsumI32(i32x4.add(
      i32x4.dot_i16x8_s(scA, v128.load(xb + 260)),
      i32x4.dot_i16x8_s(scB, v128.load(xb + 276)),
    ));
    sum += load<f32>(xb) * loadF16(wb + 208) * <f32>(hsumI32(acc) - 32 * corr);
  }
  return sum;
}
