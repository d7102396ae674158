// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q6_K in a lane-interleaved layout, so a block's 16 scales multiply as two i16x8 vectors
// (one pmaddwd per two unpacked vectors) instead of a splat per 16 elements.
//
// Stored Q6_K (210): ql[128], qh[64], i8 scales[16], f16 d; element e (0..255) is the 6-bit
// u(e) = q(e) + 32 of ggml's dequantize_row_q6_K, scale scales[e >> 4]. Repacked in place at
// commit, same 210 bytes:
//   @48i 3 vectors A_i, B_i, C_i (i = 0..3) for unpacked vectors 4i .. 4i + 3, u_t short for
//        u(pos(4i + t, j)): byte j of A_i = u_0 | (u_1 & 3) << 6, of B_i = u_2 | ((u_1 >> 2) & 3) << 6,
//        of C_i = u_3 | (u_1 >> 4) << 6 (three vectors unpack with one mask each and the fourth
//        with three andnots, three shifts and two ors: 11 operations for 4 vectors)
//   @192 scales of the even sub-blocks (0, 2, .., 14), then of the odd ones (1, 3, .., 15)
//   @208 f16 d
// with pos(v, j) = 32·(j >> 1) + 2v + (j & 1), the Q4_K interleave (q4k.ts): byte pair k of
// unpacked vector v holds elements of sub-block 2k (v < 8) or 2k + 1 (v ≥ 8). So the
// activations are Q8_Kp, permuted exactly as for Q4_K, and with bsums stored in the same
// even-then-odd sub-block order (quant.ts). Two pair sums fit an i16 lane (2·2·63·127 < 2^15).
// Every integer is the same as in the plain layout, so results are the same bits.
import { maskBits45, maskLow4, maskLowByte16 } from "./consts";
import { adjacentPairsOf, hsumI32 } from "./simd";
import { lutF16 } from "./f16";

/** Element index of byte j of unpacked vector v (0..15). */
// @ts-ignore: decorator
@inline
function elementOf(v: i32, j: i32): i32 {
  return 32 * (j >> 1) + 2 * v + (j & 1);
}

/** Writes u(e), the 6-bit value (+32) of every element e of a stored Q6_K block, to u[0..255]. */
function storedValues(wb: usize, u: usize): void {
  for (let half = 0; half < 2; half++) {
    const ql = wb + (half << 6), qh = wb + 128 + (half << 5), out = u + (half << 7);
    for (let l = 0; l < 32; l++) {
      const a = <u32>load<u8>(ql + l), b = <u32>load<u8>(ql + l + 32), h = <u32>load<u8>(qh + l);
      // quarter 0..3 ↔ (ql low, ql+32 low, ql high, ql+32 high), high bits 2·quarter of qh
      store<u8>(out + l, <u8>((a & 15) | ((h & 3) << 4)));
      store<u8>(out + l + 32, <u8>((b & 15) | (((h >> 2) & 3) << 4)));
      store<u8>(out + l + 64, <u8>((a >> 4) | (((h >> 4) & 3) << 4)));
      store<u8>(out + l + 96, <u8>((b >> 4) | (((h >> 6) & 3) << 4)));
    }
  }
}

/** Repacks one stored Q6_K block at src into the interleaved layout at dst (≠ src); u: 256 bytes of scratch. */
export function repackQ6KBlock(src: usize, dst: usize, u: usize): void {
  storedValues(src, u);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 16; j++) {
      const u0 = <u32>load<u8>(u + elementOf(4 * i, j)), u1 = <u32>load<u8>(u + elementOf(4 * i + 1, j));
      const u2 = <u32>load<u8>(u + elementOf(4 * i + 2, j)), u3 = <u32>load<u8>(u + elementOf(4 * i + 3, j));
      const at = dst + 48 * <usize>i + <usize>j;
      store<u8>(at, <u8>(u0 | ((u1 & 3) << 6)));
      store<u8>(at + 16, <u8>(u2 | (((u1 >> 2) & 3) << 6)));
      store<u8>(at + 32, <u8>(u3 | ((u1 >> 4) << 6)));
    }
  }
  for (let k = 0; k < 8; k++) {
    store<i8>(dst + 192 + k, load<i8>(src + 192 + 2 * k));
    store<i8>(dst + 200 + k, load<i8>(src + 193 + 2 * k));
  }
  store<u16>(dst + 208, load<u16>(src + 208));
}

/** Scale of sub-block s (0..15) of a repacked block. */
// @ts-ignore: decorator
@inline
function scaleOf(wb: usize, s: i32): i32 {
  return <i32>load<i8>(wb + 192 + ((s & 1) << 3) + (s >> 1));
}

/** u(e) of element e of a repacked block (scalar; dequantization). */
function repackedValue(wb: usize, e: i32): i32 {
  const k = e >> 5, r = e & 31;
  const v = r >> 1, j = (k << 1) | (r & 1), t = v & 3;
  const at = wb + 48 * (<usize>v >> 2) + <usize>j;
  const a = <i32>load<u8>(at), b = <i32>load<u8>(at, 16), c = <i32>load<u8>(at, 32);
  if (t == 0) return a & 63;
  if (t == 2) return b & 63;
  if (t == 3) return c & 63;
  return (a >> 6) | ((b >> 6) << 2) | ((c >> 6) << 4);
}

/** Dequantizes one repacked Q6_K row to f32: d·scale·(u − 32), as ggml's dequantize_row_q6_K. */
export function dequantQ6K(w: usize, cols: i32, out: usize): void {
  for (let b = 0; b < cols >> 8; b++) {
    const wb = w + <usize>b * 210;
    const o = out + (<usize>b << 10);
    const d = lutF16(wb + 208);
    for (let e = 0; e < 256; e++) {
      store<f32>(o + (<usize>e << 2), d * <f32>scaleOf(wb, e >> 4) * <f32>(repackedValue(wb, e) - 32));
    }
  }
}

/** The mask sixBits takes: an i8x16 splat of 63. */
// @ts-ignore: decorator
@inline
export function q6kMasks(): v128 {
  return v128.or(maskLow4(), maskBits45());
}

/**
 * Unpacked vector 4i + t (t constant) from the group's A_i = a, B_i = b, C_i = c; m63 = q6kMasks().
 */
// @ts-ignore: decorator
@inline
export function sixBits(a: v128, b: v128, c: v128, t: i32, m63: v128): v128 {
  if (t == 0) return v128.and(a, m63);
  if (t == 2) return v128.and(b, m63);
  if (t == 3) return v128.and(c, m63);
  // Each byte's 2 top bits (andnot), moved down within their byte by 16-bit shifts.
  return v128.or(v128.or(i16x8.shr_u(v128.andnot(a, m63), 6), i16x8.shr_u(v128.andnot(b, m63), 4)), i16x8.shr_u(v128.andnot(c, m63), 2));
}

/**
 * Unpacked vectors 4i .. 4i+3 of a repacked block (from A_i = a, B_i = b, C_i = c) against their
 * 64 permuted activations a0..a3, each pair of vectors summed in i16 and scaled: i32x4. The
 * caller loads everything at constant offsets (folded by V8, as in q4k.ts).
 */
// @ts-ignore: decorator
@inline
function q6kGroup(a: v128, b: v128, c: v128, a0: v128, a1: v128, a2: v128, a3: v128, m63: v128, scales: v128): v128 {
  return groupDot(sixBits(a, b, c, 0, m63), sixBits(a, b, c, 1, m63), sixBits(a, b, c, 2, m63), sixBits(a, b, c, 3, m63), a0, a1, a2, a3, scales);
}

/** Σ scale·u·a over one block as i32x4 (vectors 0..7: even sub-blocks, 8..15: odd). */
// @ts-ignore: decorator
@inline
function q6kBlockSum(wb: usize, xb: usize, mask: v128): v128 {
  const even = v128.load8x8_s(wb, 192);
  const odd = v128.load8x8_s(wb, 200);
  const g0 = q6kGroup(v128.load(wb), v128.load(wb, 16), v128.load(wb, 32), v128.load(xb, 4), v128.load(xb, 20), v128.load(xb, 36), v128.load(xb, 52), mask, even);
  const g1 = q6kGroup(v128.load(wb, 48), v128.load(wb, 64), v128.load(wb, 80), v128.load(xb, 68), v128.load(xb, 84), v128.load(xb, 100), v128.load(xb, 116), mask, even);
  const g2 = q6kGroup(v128.load(wb, 96), v128.load(wb, 112), v128.load(wb, 128), v128.load(xb, 132), v128.load(xb, 148), v128.load(xb, 164), v128.load(xb, 180), mask, odd);
  const g3 = q6kGroup(v128.load(wb, 144), v128.load(wb, 160), v128.load(wb, 176), v128.load(xb, 196), v128.load(xb, 212), v128.load(xb, 228), v128.load(xb, 244), mask, odd);
  return i32x4.add(i32x4.add(g0, g1), i32x4.add(g2, g3));
}

/**
 * One block's contribution d·dx·(Σ − 32·Σ scale·bsum), the sum taken as an integer (exact; the
 * same for every SIMD variant and layout). bsums are even-then-odd like the scales.
 */
// @ts-ignore: decorator
@inline
function q6kFinish(acc: v128, wb: usize, xb: usize): f32 {
  const corr = i32x4.add(
    i32x4.dot_i16x8_s(v128.load8x8_s(wb, 192), v128.load(xb, 260)),
    i32x4.dot_i16x8_s(v128.load8x8_s(wb, 200), v128.load(xb, 276)),
  );
  return load<f32>(xb) * lutF16(wb + 208) * <f32>hsumI32(i32x4.sub(acc, i32x4.shl(corr, 5)));
}

/** Repacked Q6_K row × Q8_Kp row. */
export function dotQ6_K(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  const mask = q6kMasks(); // 63
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 210;
    const xb = x + <usize>b * 308;
    sum += q6kFinish(q6kBlockSum(wb, xb, mask), wb, xb);
  }
  return sum;
}

/** Four interleaved Q6_K rows (gap bytes apart) × one Q8_Kp row → y + k·yGap, each with dotQ6_K's steps: four streams in flight. */
export function dotQ6_K4(w: usize, gap: usize, x: usize, nb: i32, y: usize, yGap: usize): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  const mask = q6kMasks(); // 63
  for (let b = 0; b < nb; b++) {
    const w0 = w + <usize>b * 210, w1 = w0 + gap, w2 = w1 + gap, w3 = w2 + gap;
    const xb = x + <usize>b * 308;
    s0 += q6kFinish(q6kBlockSum(w0, xb, mask), w0, xb);
    s1 += q6kFinish(q6kBlockSum(w1, xb, mask), w1, xb);
    s2 += q6kFinish(q6kBlockSum(w2, xb, mask), w2, xb);
    s3 += q6kFinish(q6kBlockSum(w3, xb, mask), w3, xb);
  }
  store<f32>(y, s0);
  store<f32>(y + yGap, s1);
  store<f32>(y + 2 * yGap, s2);
  store<f32>(y + 3 * yGap, s3);
}

/**
 * Repacked Q6_K row × 2 Q8_Kp rows (xs bytes apart) → 2 f32 at y, ys apart: dotQ6_Kx4 for two
 * tokens; same integers as dotQ6_K, so the same result per token.
 */
export function dotQ6_Kx2(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0: f32 = 0, s1: f32 = 0;
  const mask = q6kMasks(); // 63
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 210;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0);
    for (let i: usize = 0; i < 4; i++) {
      const scales = v128.load8x8_s(wb + 192 + ((i >> 1) << 3));
      const ca = v128.load(wb + 48 * i), cb = v128.load(wb + 48 * i, 16), cc = v128.load(wb + 48 * i, 32);
      const u0 = sixBits(ca, cb, cc, 0, mask);
      const u1 = sixBits(ca, cb, cc, 1, mask);
      const u2 = sixBits(ca, cb, cc, 2, mask);
      const u3 = sixBits(ca, cb, cc, 3, mask);
      const o: usize = 4 + (i << 6);
      a0 = i32x4.add(a0, groupDot(u0, u1, u2, u3, v128.load(x0 + o), v128.load(x0 + o, 16), v128.load(x0 + o, 32), v128.load(x0 + o, 48), scales));
      a1 = i32x4.add(a1, groupDot(u0, u1, u2, u3, v128.load(x1 + o), v128.load(x1 + o, 16), v128.load(x1 + o, 32), v128.load(x1 + o, 48), scales));
    }
    s0 += q6kFinish(a0, wb, x0);
    s1 += q6kFinish(a1, wb, x1);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
}

/**
 * Repacked Q6_K row × 4 Q8_Kp rows (xs bytes apart) → 4 f32 at y, ys apart: the unpacked
 * weights serve all four tokens; same integers as dotQ6_K, so the same result per token.
 */
export function dotQ6_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  const mask = q6kMasks(); // 63
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 210;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
    for (let i: usize = 0; i < 4; i++) {
      const scales = v128.load8x8_s(wb + 192 + ((i >> 1) << 3));
      const ca = v128.load(wb + 48 * i), cb = v128.load(wb + 48 * i, 16), cc = v128.load(wb + 48 * i, 32);
      const u0 = sixBits(ca, cb, cc, 0, mask);
      const u1 = sixBits(ca, cb, cc, 1, mask);
      const u2 = sixBits(ca, cb, cc, 2, mask);
      const u3 = sixBits(ca, cb, cc, 3, mask);
      const o: usize = 4 + (i << 6);
      a0 = i32x4.add(a0, groupDot(u0, u1, u2, u3, v128.load(x0 + o), v128.load(x0 + o, 16), v128.load(x0 + o, 32), v128.load(x0 + o, 48), scales));
      a1 = i32x4.add(a1, groupDot(u0, u1, u2, u3, v128.load(x1 + o), v128.load(x1 + o, 16), v128.load(x1 + o, 32), v128.load(x1 + o, 48), scales));
      a2 = i32x4.add(a2, groupDot(u0, u1, u2, u3, v128.load(x2 + o), v128.load(x2 + o, 16), v128.load(x2 + o, 32), v128.load(x2 + o, 48), scales));
      a3 = i32x4.add(a3, groupDot(u0, u1, u2, u3, v128.load(x3 + o), v128.load(x3 + o, 16), v128.load(x3 + o, 32), v128.load(x3 + o, 48), scales));
    }
    s0 += q6kFinish(a0, wb, x0);
    s1 += q6kFinish(a1, wb, x1);
    s2 += q6kFinish(a2, wb, x2);
    s3 += q6kFinish(a3, wb, x3);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
  store<f32>(y + 2 * ys, s2);
  store<f32>(y + 3 * ys, s3);
}

/** Four unpacked vectors against their 64 activations a0..a3 (loaded by the caller), scaled: i32x4. */
// @ts-ignore: decorator
@inline
function groupDot(u0: v128, u1: v128, u2: v128, u3: v128, a0: v128, a1: v128, a2: v128, a3: v128, scales: v128): v128 {
  const lowByte = maskLowByte16(); // used by the plain-SIMD pairing only
  const s01 = i16x8.add(adjacentPairsOf(u0, a0, lowByte), adjacentPairsOf(u1, a1, lowByte));
  const s23 = i16x8.add(adjacentPairsOf(u2, a2, lowByte), adjacentPairsOf(u3, a3, lowByte));
  return i32x4.add(i32x4.dot_i16x8_s(s01, scales), i32x4.dot_i16x8_s(s23, scales));
}
