// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// K-quant weight rows (256-element super-blocks) × Q8_K activation rows.
// Q8_K (ours, 308): f32 d @0, i8 qs[256] @4, i16 bsums[16] @260, i16 sums32[8] @292.
// Q4_K as stored (144): f16 d, f16 dmin, 6-bit scales/mins[12], qs[128]; each 32 qs bytes hold
//   64 elements: low nibbles = sub-block 2c, high nibbles = 2c+1. Repacked in place at commit
//   (144, lane-interleaved; its kernels and layout are in q4k.ts).
// Q5_K as stored (176): as Q4_K plus qh[32] before qs (bit 2c / 2c+1 of qh[l] = 5th bit).
//   Repacked (184): f32 d, f32 dmin, scales[8], mins[8], qh[32] @24, qs[128] @56.
// Q6_K (210): repacked in place at commit (same size); kernels and layout in q6k.ts.
// Sums stay integer per super-block (exact, like ggml); with relaxed SIMD the unsigned weight
// values (< 128) feed i32x4.relaxed_dot_i8x16_i7x16_add_s as the 7-bit operand.
import { loadF16 } from "./f16";
import { hsumF32, pairSums } from "./simd";
import { maskLow4, onesU8 } from "./consts";
import { repackQ4KBlock } from "./q4k";
import { repackQ6KBlock } from "./q6k";

/** Σ over 32 elements (two vectors) of u·a, scaled by sc, added to acc (i32x4). */
// @ts-ignore: decorator
@inline
function scaledDot32(u0: v128, u1: v128, a: usize, sc: i32, acc: v128): v128 {
  // i16 pair sums (u < 32, |a| ≤ 127: no saturation), then × scale into i32.
  return i32x4.add(acc, i32x4.dot_i16x8_s(i16x8.add(pairSums(u0, a), pairSums(u1, a + 16)), i16x8.splat(<i16>sc)));
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

/** Expands `nb` stored Q4_K (inBytes 144), Q5_K (176) or Q6_K (210) blocks in place to the
 * repacked layout (outBytes 144 / 184 / 210: Q4_K and Q6_K keep their size, see q4k.ts and
 * q6k.ts); the buffer must hold nb·outBytes. Back to front, so no block is overwritten before
 * it is read. tmp: 512 bytes of scratch. type: GGML id (12, 13, 14). */
export function repackK(w: usize, nb: i32, type: i32, tmp: usize): void {
  const q5 = type == 13;
  const inBytes: usize = type == 14 ? 210 : q5 ? 176 : 144;
  const outBytes: usize = type == 14 ? 210 : q5 ? 184 : 144;
  for (let b = nb - 1; b >= 0; b--) {
    const src = w + <usize>b * inBytes;
    const dst = w + <usize>b * outBytes;
    memory.copy(tmp, src, inBytes);
    if (type == 14) {
      repackQ6KBlock(tmp, dst, tmp + 256);
      continue;
    }
    if (!q5) {
      unpackScales(tmp + 4, tmp + inBytes);
      repackQ4KBlock(tmp, tmp + inBytes, dst);
      continue;
    }
    store<f32>(dst, loadF16(tmp));
    store<f32>(dst + 4, loadF16(tmp + 2));
    unpackScales(tmp + 4, dst + 8);
    memory.copy(dst + 24, tmp + 16, inBytes - 16);
  }
}

/** Q5_K (repacked) row × Q8_K row. */
export function dotQ5_K(w: usize, x: usize, nb: i32): f32 {
  let sum = f32x4.splat(0);
  const mask = maskLow4();
  const one = onesU8();
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
