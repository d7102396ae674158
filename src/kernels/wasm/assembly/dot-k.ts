// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// K-quant weight rows (256-element super-blocks) × Q8_K activation rows.
// Q8_K (ours, 308): f32 d @0, i8 qs[256] @4, i16 bsums[16] @260, i16 sums32[8] @292.
// Q4_K as stored (144): f16 d, f16 dmin, 6-bit scales/mins[12], qs[128]; each 32 qs bytes hold
//   64 elements: low nibbles = sub-block 2c, high nibbles = 2c+1. Repacked in place at commit
//   (144, lane-interleaved; its kernels and layout are in q4k.ts).
// Q5_K as stored (176): as Q4_K plus qh[32] before qs (bit 2c / 2c+1 of qh[l] = 5th bit).
//   Repacked (184): f32 d, f32 dmin, scales[8], mins[8], qh[32] @24, qs[128] @56.
// Q6_K (210): ql[128] @0, qh[64] @128, i8 scales[16] @192, f16 d @208.
// Sums stay integer per super-block (exact, like ggml); with relaxed SIMD the unsigned weight
// values (< 128) feed i32x4.relaxed_dot_i8x16_i7x16_add_s as the 7-bit operand.
import { loadF16, lutF16 } from "./f16";
import { hsumF32, hsumI32, mulAddI8x16 } from "./simd";
import { maskBits45, maskLow4, onesU8 } from "./consts";
import { repackQ4KBlock } from "./q4k";

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

/** Expands `nb` stored Q4_K (inBytes 144) or Q5_K (176) blocks in place to the repacked layout
 * (outBytes 144 / 184: Q4_K keeps its size, see q4k.ts); the buffer must hold nb·outBytes.
 * Back to front, so no block is overwritten before it is read. tmp: 192 bytes of scratch. */
export function repackK(w: usize, nb: i32, q5: bool, tmp: usize): void {
  const inBytes: usize = q5 ? 176 : 144;
  const outBytes: usize = q5 ? 184 : 144;
  for (let b = nb - 1; b >= 0; b--) {
    const src = w + <usize>b * inBytes;
    const dst = w + <usize>b * outBytes;
    memory.copy(tmp, src, inBytes);
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

/**
 * i16x8 pair sums u·a over 16 elements (u unsigned < 64, a = i8 activations at `a`): one
 * pmaddubsw with relaxed SIMD; extending multiplies otherwise. Same integers either way.
 */
// @ts-ignore: decorator
@inline
export function pairSums(u: v128, a: usize): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(a), u);
  return mulAddI8x16(u, v128.load(a));
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

/** i16x8 splat of the i8 scale at p: byte splat, then each lane's high byte sign-extended. */
// @ts-ignore: decorator
@inline
export function scaleSplat(p: usize): v128 {
  return i16x8.shr_s(v128.load8_splat(p), 8);
}

/**
 * One 64-element quarter of a Q6_K block (half h, 16-lane slice i) against Q8_K activations:
 * 6-bit values from the low/high nibbles of ql and 2-bit pairs of qh (moved to bits 4-5 with
 * 16-bit shifts plus one mask: cheaper than 8-bit shifts, which wasm lowers to shift + mask).
 * Values are stored +32; q6kFinish subtracts 32·Σ scale·bsum once per block.
 */
// @ts-ignore: decorator
@inline
export function q6kQuarter(wb: usize, xb: usize, h: usize, i: usize, mask: v128, hiMask: v128): v128 {
  const ql = wb + (h << 6) + (i << 4);
  const qh = wb + 128 + (h << 5) + (i << 4);
  const sc = wb + 192 + (h << 3) + i;
  const a = xb + 4 + (h << 7) + (i << 4);
  const L0 = v128.load(ql);
  const L1 = v128.load(ql + 32);
  const H = v128.load(qh);
  const u1 = v128.or(v128.and(L0, mask), v128.and(i16x8.shl(H, 4), hiMask));
  const u2 = v128.or(v128.and(L1, mask), v128.and(i16x8.shl(H, 2), hiMask));
  const u3 = v128.or(v128.and(i16x8.shr_u(L0, 4), mask), v128.and(H, hiMask));
  const u4 = v128.or(v128.and(i16x8.shr_u(L1, 4), mask), v128.and(i16x8.shr_u(H, 2), hiMask));
  return i32x4.add(
    i32x4.add(
      i32x4.dot_i16x8_s(pairSums(u1, a), scaleSplat(sc)),
      i32x4.dot_i16x8_s(pairSums(u2, a + 32), scaleSplat(sc + 2)),
    ),
    i32x4.add(
      i32x4.dot_i16x8_s(pairSums(u3, a + 64), scaleSplat(sc + 4)),
      i32x4.dot_i16x8_s(pairSums(u4, a + 96), scaleSplat(sc + 6)),
    ),
  );
}

/** Block sum for one token: Σ scale·(u·a) over the 4 quarters (unrolled), as i32x4. */
// @ts-ignore: decorator
@inline
export function q6kBlock(wb: usize, xb: usize, mask: v128, hiMask: v128): v128 {
  return i32x4.add(
    i32x4.add(q6kQuarter(wb, xb, 0, 0, mask, hiMask), q6kQuarter(wb, xb, 0, 1, mask, hiMask)),
    i32x4.add(q6kQuarter(wb, xb, 1, 0, mask, hiMask), q6kQuarter(wb, xb, 1, 1, mask, hiMask)),
  );
}

/**
 * Contribution of one Q6_K block: d·dx·(Σ − 32·Σ scale·bsum). Lanes can pass 2^24, so they are
 * summed as integers first (exact, < 2^31) and the result is the same for every SIMD variant.
 */
// @ts-ignore: decorator
@inline
export function q6kFinish(acc: v128, wb: usize, xb: usize): f32 {
  const sc = v128.load(wb + 192);
  const corr = i32x4.shl(i32x4.add(
    i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(sc), v128.load(xb + 260)),
    i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(sc), v128.load(xb + 276)),
  ), 5);
  return load<f32>(xb) * lutF16(wb + 208) * <f32>hsumI32(i32x4.sub(acc, corr));
}

/** Q6_K row × Q8_K row. */
export function dotQ6_K(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  const mask = maskLow4();
  const hiMask = maskBits45();
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 210;
    const xb = x + <usize>b * 308;
    sum += q6kFinish(q6kBlock(wb, xb, mask, hiMask), wb, xb);
  }
  return sum;
}
