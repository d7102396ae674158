// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q4_K in a lane-interleaved layout, so the eight sub-block scales of a super-block multiply
// once per block (one i16x8 vector) instead of once per 32 elements (a splat each).
//
// Stored Q4_K (144): f16 d, f16 dmin, 6-bit scales/mins[12], qs[128] (qs[32c + l]: low nibble =
// element 64c + l, high nibble = element 64c + 32 + l). Repacked at commit (152, same size as
// before): f32 d @0, f32 dmin @4, u8 scales[8] @8, u8 mins[8] @16, then 8 vectors Q_m of 16
// bytes @24 + 16m whose byte j holds, low nibble, element pos(2m, j) and, high nibble,
// element pos(2m + 1, j), with
//   pos(v, j) = 32·(j >> 1) + 2v + (j & 1)      (v = 0..15, j = 0..15)
// i.e. unpacked vector v holds the element pair v of every sub-block: byte pair k (i16 lane k
// after a pairwise multiply-add) is sub-block k. The activations (Q8_Kp) are permuted the same
// way, so Σ_v pairwise(u_v, a_v) has sub-block k's sum in i16 lane k, and one i32x4.dot_i16x8_s
// with the 8 scales finishes the block. Lanes stay exact: 8 terms × 2 × 15 × 127 = 30,480.
//
// Q8_Kp (308): f32 d @0, i8 qs[256] @4 permuted as above, i16 bsums[16] @260 and i16 sums32[8]
// @292 in element order (the mins term needs per-sub-block sums, not positions).
import { hsumF32 } from "./simd";
import { maskLow4, maskLowByte16 } from "./consts";

/** Element index of byte j (nibble `hi`) of vector m in the repacked qs. */
// @ts-ignore: decorator
@inline
function elementOf(m: i32, j: i32, hi: i32): i32 {
  return 32 * (j >> 1) + 2 * (2 * m + hi) + (j & 1);
}

/** Nibble of element e in stored Q4_K qs. */
// @ts-ignore: decorator
@inline
function storedNibble(qs: usize, e: i32): i32 {
  const r = e & 63;
  const q = <i32>load<u8>(qs + ((e >> 6) << 5) + (r & 31));
  return r < 32 ? q & 15 : q >> 4;
}

/** Writes the 128 repacked qs bytes at dst from stored qs at src (distinct buffers). */
export function repackQ4Kqs(src: usize, dst: usize): void {
  for (let m = 0; m < 8; m++) {
    for (let j = 0; j < 16; j++) {
      const lo = storedNibble(src, elementOf(m, j, 0));
      const hi = storedNibble(src, elementOf(m, j, 1));
      store<u8>(dst + (m << 4) + j, <u8>(lo | (hi << 4)));
    }
  }
}

/** Dequantizes one repacked Q4_K row (cols / 256 blocks) to f32. */
export function dequantQ4K(w: usize, cols: i32, out: usize): void {
  for (let b = 0; b < cols >> 8; b++) {
    const wb = w + <usize>b * 152;
    const o = out + (<usize>b << 10);
    const d = load<f32>(wb), dmin = load<f32>(wb + 4);
    for (let m = 0; m < 8; m++) {
      for (let j = 0; j < 16; j++) {
        const q = <i32>load<u8>(wb + 24 + (m << 4) + j);
        for (let hi = 0; hi < 2; hi++) {
          const e = elementOf(m, j, hi);
          const k = e >> 5;
          const v = hi ? q >> 4 : q & 15;
          store<f32>(o + (<usize>e << 2), d * <f32>load<u8>(wb + 8 + k) * <f32>v - dmin * <f32>load<u8>(wb + 16 + k));
        }
      }
    }
  }
}

/** Byte offset in a Q8_Kp block's qs of element e (0..255). */
// @ts-ignore: decorator
@inline
export function permutedOffset(e: i32): i32 {
  return ((e & 31) >> 1) * 16 + (e >> 5) * 2 + (e & 1);
}

/**
 * i16x8 sums of adjacent products u[2i]·a[2i] + u[2i+1]·a[2i+1] (u unsigned < 16, a = i8 at
 * `a`): one pmaddubsw with relaxed SIMD; the plain build computes the same pairs from even and
 * odd bytes (the layout depends on the pairing, unlike the other kernels).
 */
// @ts-ignore: decorator
@inline
function adjacentPairs(u: v128, a: usize, lowByte: v128): v128 {
  const x = v128.load(a);
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_dot_i8x16_i7x16_s(x, u);
  const even = i16x8.mul(v128.and(u, lowByte), i16x8.shr_s(i16x8.shl(x, 8), 8));
  const odd = i16x8.mul(i16x8.shr_u(u, 8), i16x8.shr_s(x, 8));
  return i16x8.add(even, odd);
}

/** Σ over vectors 2m and 2m+1 of one token: i16x8, lane k = sub-block k. */
// @ts-ignore: decorator
@inline
function step(wb: usize, xb: usize, m: usize, mask: v128, lowByte: v128): v128 {
  const q = v128.load(wb + 24 + (m << 4));
  const a = xb + 4 + (m << 5);
  return i16x8.add(
    adjacentPairs(v128.and(q, mask), a, lowByte),
    adjacentPairs(v128.and(i16x8.shr_u(q, 4), mask), a + 16, lowByte),
  );
}

/** Block sum Σ scale_k · (u·a over sub-block k) as i32x4 (every lane < 2^24: exact in f32). */
// @ts-ignore: decorator
@inline
function blockSum(wb: usize, xb: usize, mask: v128, lowByte: v128): v128 {
  const h0 = i16x8.add(
    i16x8.add(step(wb, xb, 0, mask, lowByte), step(wb, xb, 1, mask, lowByte)),
    i16x8.add(step(wb, xb, 2, mask, lowByte), step(wb, xb, 3, mask, lowByte)),
  );
  const h1 = i16x8.add(
    i16x8.add(step(wb, xb, 4, mask, lowByte), step(wb, xb, 5, mask, lowByte)),
    i16x8.add(step(wb, xb, 6, mask, lowByte), step(wb, xb, 7, mask, lowByte)),
  );
  const scales = v128.load8x8_u(wb + 8);
  return i32x4.add(i32x4.dot_i16x8_s(h0, scales), i32x4.dot_i16x8_s(h1, scales));
}

/** f32x4 contribution of one block: d·dx·Σ − dmin·dx·Σ mins·sums32. */
// @ts-ignore: decorator
@inline
function finish(acc: v128, wb: usize, xb: usize): v128 {
  const dx = load<f32>(xb);
  const mins = i32x4.dot_i16x8_s(v128.load8x8_u(wb + 16), v128.load(xb + 292));
  return f32x4.sub(
    f32x4.mul(f32x4.convert_i32x4_s(acc), f32x4.splat(dx * load<f32>(wb))),
    f32x4.mul(f32x4.convert_i32x4_s(mins), f32x4.splat(dx * load<f32>(wb + 4))),
  );
}

/** Repacked Q4_K row × Q8_Kp row. */
export function dotQ4_K(w: usize, x: usize, nb: i32): f32 {
  let sum = f32x4.splat(0);
  const mask = maskLow4();
  const lowByte = maskLowByte16();
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 152;
    const xb = x + <usize>b * 308;
    sum = f32x4.add(sum, finish(blockSum(wb, xb, mask, lowByte), wb, xb));
  }
  return hsumF32(sum);
}

/**
 * Repacked Q4_K row × 4 Q8_Kp rows (xs bytes apart) → 4 f32 at y, ys apart: the unpacked
 * weights serve all four tokens. Same integer lanes and float steps as dotQ4_K, so a token gets
 * the same result in a batch or alone.
 */
export function dotQ4_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  const mask = maskLow4();
  const lowByte = maskLowByte16();
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 152;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    const scales = v128.load8x8_u(wb + 8);
    let i0 = i32x4.splat(0), i1 = i32x4.splat(0), i2 = i32x4.splat(0), i3 = i32x4.splat(0);
    for (let h: usize = 0; h < 2; h++) {
      let a0 = i16x8.splat(0), a1 = i16x8.splat(0), a2 = i16x8.splat(0), a3 = i16x8.splat(0);
      for (let m: usize = h << 2; m < (h << 2) + 4; m++) {
        const q = v128.load(wb + 24 + (m << 4));
        const lo = v128.and(q, mask);
        const hi = v128.and(i16x8.shr_u(q, 4), mask);
        const o: usize = 4 + (m << 5);
        a0 = i16x8.add(a0, i16x8.add(adjacentPairs(lo, x0 + o, lowByte), adjacentPairs(hi, x0 + o + 16, lowByte)));
        a1 = i16x8.add(a1, i16x8.add(adjacentPairs(lo, x1 + o, lowByte), adjacentPairs(hi, x1 + o + 16, lowByte)));
        a2 = i16x8.add(a2, i16x8.add(adjacentPairs(lo, x2 + o, lowByte), adjacentPairs(hi, x2 + o + 16, lowByte)));
        a3 = i16x8.add(a3, i16x8.add(adjacentPairs(lo, x3 + o, lowByte), adjacentPairs(hi, x3 + o + 16, lowByte)));
      }
      i0 = i32x4.add(i0, i32x4.dot_i16x8_s(a0, scales));
      i1 = i32x4.add(i1, i32x4.dot_i16x8_s(a1, scales));
      i2 = i32x4.add(i2, i32x4.dot_i16x8_s(a2, scales));
      i3 = i32x4.add(i3, i32x4.dot_i16x8_s(a3, scales));
    }
    s0 = f32x4.add(s0, finish(i0, wb, x0));
    s1 = f32x4.add(s1, finish(i1, wb, x1));
    s2 = f32x4.add(s2, finish(i2, wb, x2));
    s3 = f32x4.add(s3, finish(i3, wb, x3));
  }
  store<f32>(y, hsumF32(s0));
  store<f32>(y + ys, hsumF32(s1));
  store<f32>(y + 2 * ys, hsumF32(s2));
  store<f32>(y + 3 * ys, hsumF32(s3));
}
