// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q4_K in a lane-interleaved layout, so the eight sub-block scales of a super-block multiply
// once per block (one i16x8 vector) instead of once per 32 elements (a splat each).
//
// Stored Q4_K (144): f16 d, f16 dmin, 6-bit scales/mins[12], qs[128] (qs[32c + l]: low nibble =
// element 64c + l, high nibble = element 64c + 32 + l). Repacked in place at commit, same 144
// bytes (so memory = file size): f16 d @0, f16 dmin @2, the 6-bit scales and mins re-packed for
// a SIMD unpack (bytes @4 + j, j < 8: sc[j] | (mn[j] & 3) << 6; bytes @12 + k, k < 4:
// mn[k] >> 2 | (mn[k + 4] >> 2) << 4), then 8 vectors Q_m of 16 bytes @16 + 16m whose byte j
// holds, low nibble, element pos(2m, j) and, high nibble, element pos(2m + 1, j), with
//   pos(v, j) = 32·(j >> 1) + 2v + (j & 1)      (v = 0..15, j = 0..15)
// i.e. unpacked vector v holds the element pair v of every sub-block: byte pair k (i16 lane k
// after a pairwise multiply-add) is sub-block k. The activations (Q8_Kp) are permuted the same
// way, so Σ_v pairwise(u_v, a_v) has sub-block k's sum in i16 lane k, and one i32x4.dot_i16x8_s
// with the 8 scales finishes the block. Lanes stay exact: 8 terms × 2 × 15 × 127 = 30,480.
//
// Q8_Kp (308): f32 d @0, i8 qs[256] @4 permuted as above, i16 bsums[16] @260 (16-element sums,
// even sub-blocks then odd: q6k.ts) and i16 sums32[8] @292 in element order (the mins term needs
// per-sub-block sums, not positions). Interleaved Q6_K (q6k.ts) reads the same activations.
import { adjacentPairsOf, hsumI32 } from "./simd";
import { mask63, maskLow4, maskLowByte16 } from "./consts";
import { lutF16 } from "./f16";

/** Element index of byte j (nibble `hi`) of vector m in the repacked qs. */
// @ts-ignore: decorator
@inline
function elementOf(m: i32, j: i32, hi: i32): i32 {
  return 32 * (j >> 1) + 2 * (2 * m + hi) + (j & 1);
}

/**
 * Repacks one Q4_K block: `src` holds the stored 144 bytes with the scales already unpacked to
 * u8 sc[8] @ sc, mn[8] @ sc + 8 (dot-k.ts unpackScales); writes 144 bytes at dst (≠ src).
 *
 * The quants go a 32-bit word at a time. Byte j = 4c + s of repacked vector m holds (elementOf)
 * elements 64c + 32·(s >> 1) + 4m + (s & 1) (low nibble) and that + 2 (high nibble), i.e. the
 * low (s < 2) or high (s ≥ 2) nibbles of the four stored bytes qs[32c + 4m .. 32c + 4m + 3]
 * (p0 p1 q0 q1): the output word is [p0 | q0 << 4, p1 | q1 << 4] of the low nibbles, then the
 * same of the high ones.
 */
export function repackQ4KBlock(src: usize, sc: usize, dst: usize): void {
  store<u32>(dst, load<u32>(src)); // f16 d, f16 dmin
  for (let j = 0; j < 8; j++) {
    const mn = <u32>load<u8>(sc + 8 + j);
    store<u8>(dst + 4 + j, <u8>(<u32>load<u8>(sc + j) | ((mn & 3) << 6)));
  }
  for (let k = 0; k < 4; k++) {
    store<u8>(dst + 12 + k, <u8>((<u32>load<u8>(sc + 8 + k) >> 2) | ((<u32>load<u8>(sc + 12 + k) >> 2) << 4)));
  }
  const qs = src + 16;
  for (let c = 0; c < 4; c++) {
    for (let m = 0; m < 8; m++) {
      const word = load<u32>(qs + (c << 5) + (m << 2));
      const lo = word & 0x0f0f0f0f, hi = (word >> 4) & 0x0f0f0f0f;
      const low16 = (lo & 0xffff) | ((lo >> 16) << 4);
      const high16 = (hi & 0xffff) | ((hi >> 16) << 4);
      store<u32>(dst + 16 + (m << 4) + (c << 2), low16 | (high16 << 16));
    }
  }
}

/** Scale of sub-block k of a repacked block (scalar; dequantization). */
// @ts-ignore: decorator
@inline
function scaleOf(wb: usize, k: i32): f32 {
  return <f32>(<u32>load<u8>(wb + 4 + k) & 63);
}

/** Min of sub-block k of a repacked block (scalar; dequantization). */
// @ts-ignore: decorator
@inline
function minOf(wb: usize, k: i32): f32 {
  const lo = <u32>load<u8>(wb + 4 + k) >> 6;
  const hi = (<u32>load<u8>(wb + 12 + (k & 3)) >> (k < 4 ? 0 : 4)) & 15;
  return <f32>(lo | (hi << 2));
}

/** The 8 scales (i16x8) of a repacked block. */
// @ts-ignore: decorator
@inline
export function scalesOf(wb: usize, m63: v128): v128 {
  return v128.and(v128.load8x8_u(wb, 4), m63);
}

/** The 8 mins (i16x8) of a repacked block: 2 low bits from bytes 4..11, 4 high from 12..15. */
// @ts-ignore: decorator
@inline
export function minsOf(wb: usize, mask: v128): v128 {
  const lo = i16x8.shr_u(v128.load8x8_u(wb, 4), 6);
  const n = v128.load32_zero(wb, 12);
  // The first 32-bit lanes of the two (only the low 8 bytes are used): one unpack instruction,
  // where a byte shuffle with don't-care zeros cost two pshufb and four constant loads a block.
  const nib = i32x4.shuffle(v128.and(n, mask), v128.and(i16x8.shr_u(n, 4), mask), 0, 4, 1, 5);
  return v128.or(lo, i16x8.shl(i16x8.extend_low_i8x16_u(nib), 2));
}

/** Dequantizes one repacked Q4_K row (cols / 256 blocks) to f32. */
export function dequantQ4K(w: usize, cols: i32, out: usize): void {
  for (let b = 0; b < cols >> 8; b++) {
    const wb = w + <usize>b * 144;
    const o = out + (<usize>b << 10);
    const d = lutF16(wb), dmin = lutF16(wb + 2);
    for (let m = 0; m < 8; m++) {
      for (let j = 0; j < 16; j++) {
        const q = <i32>load<u8>(wb + 16 + (m << 4) + j);
        for (let hi = 0; hi < 2; hi++) {
          const e = elementOf(m, j, hi);
          const k = e >> 5;
          const v = hi ? q >> 4 : q & 15;
          store<f32>(o + (<usize>e << 2), d * scaleOf(wb, k) * <f32>v - dmin * minOf(wb, k));
        }
      }
    }
  }
}

/**
 * Σ over vectors 2m (low nibbles of q) and 2m+1 (high) against their 32 activations xa, xb:
 * i16x8, lane k = sub-block k.
 */
// @ts-ignore: decorator
@inline
function step(q: v128, xa: v128, xb: v128, mask: v128, lowByte: v128): v128 {
  return pairOfVectors(v128.and(q, mask), v128.and(i16x8.shr_u(q, 4), mask), xa, xb, lowByte);
}

/** Unpacked vectors 2m (lo) and 2m+1 (hi) against their 32 activations xa, xb: i16x8, lane k = sub-block k. */
// @ts-ignore: decorator
@inline
function pairOfVectors(lo: v128, hi: v128, xa: v128, xb: v128, lowByte: v128): v128 {
  return i16x8.add(adjacentPairsOf(lo, xa, lowByte), adjacentPairsOf(hi, xb, lowByte));
}

/**
 * Block sum Σ scale_k · (u·a over sub-block k) as i32x4 lanes (exact; their total is the block's
 * isum). Every load takes a constant offset from the block's two pointers: V8 folds those into
 * the instruction, where computed addresses cost one lea each (13 of ~150 instructions a block).
 */
// @ts-ignore: decorator
@inline
function blockSum(wb: usize, xb: usize, mask: v128, lowByte: v128, m63: v128): v128 {
  const h0 = i16x8.add(
    i16x8.add(
      step(v128.load(wb, 16), v128.load(xb, 4), v128.load(xb, 20), mask, lowByte),
      step(v128.load(wb, 32), v128.load(xb, 36), v128.load(xb, 52), mask, lowByte),
    ),
    i16x8.add(
      step(v128.load(wb, 48), v128.load(xb, 68), v128.load(xb, 84), mask, lowByte),
      step(v128.load(wb, 64), v128.load(xb, 100), v128.load(xb, 116), mask, lowByte),
    ),
  );
  const h1 = i16x8.add(
    i16x8.add(
      step(v128.load(wb, 80), v128.load(xb, 132), v128.load(xb, 148), mask, lowByte),
      step(v128.load(wb, 96), v128.load(xb, 164), v128.load(xb, 180), mask, lowByte),
    ),
    i16x8.add(
      step(v128.load(wb, 112), v128.load(xb, 196), v128.load(xb, 212), mask, lowByte),
      step(v128.load(wb, 128), v128.load(xb, 228), v128.load(xb, 244), mask, lowByte),
    ),
  );
  const scales = scalesOf(wb, m63);
  return i32x4.add(i32x4.dot_i16x8_s(h0, scales), i32x4.dot_i16x8_s(h1, scales));
}

/** Σ_k mn_k · sums32_k of one block and one token (exact). */
// @ts-ignore: decorator
@inline
function minsSum(wb: usize, xb: usize, mask: v128): i32 {
  return hsumI32(i32x4.dot_i16x8_s(minsOf(wb, mask), v128.load(xb, 292)));
}

/**
 * One block's term f32(isum)·(dx·d) − f32(msum)·(dx·dmin), from the block's whole integer sums
 * (isum = Σ_k sc_k·S_k, msum = Σ_k mn_k·sums32_k): the one formula every Q4_K kernel uses,
 * lane-wise in the prompt kernels (q4k-prompt.ts), so every path gives the same bits.
 */
// @ts-ignore: decorator
@inline
export function blockTerm(isum: i32, msum: i32, dx: f32, d: f32, dmin: f32): f32 {
  return <f32>isum * (dx * d) - <f32>msum * (dx * dmin);
}

/**
 * One block of a repacked row against one Q8_Kp block. The lanes of isum and msum are added
 * together ([i0+i2, i1+i3, m0+m2, m1+m3], then pairs): one fold for both sums.
 */
// @ts-ignore: decorator
@inline
function blockDot(wb: usize, xb: usize, mask: v128, lowByte: v128, m63: v128): f32 {
  const i = blockSum(wb, xb, mask, lowByte, m63);
  const m = i32x4.dot_i16x8_s(minsOf(wb, mask), v128.load(xb, 292));
  const h = i32x4.add(i64x2.shuffle(i, m, 0, 2), i64x2.shuffle(i, m, 1, 3));
  const s = i32x4.add(h, i32x4.shuffle(h, h, 1, 0, 3, 2));
  return blockTerm(i32x4.extract_lane(s, 0), i32x4.extract_lane(s, 2), load<f32>(xb), lutF16(wb), lutF16(wb + 2));
}

/** Repacked Q4_K row × Q8_Kp row. */
export function dotQ4_K(w: usize, x: usize, nb: i32): f32 {
  let acc: f32 = 0;
  const mask = maskLow4();
  const lowByte = maskLowByte16();
  const m63 = mask63();
  for (let b = 0; b < nb; b++) acc += blockDot(w + <usize>b * 144, x + <usize>b * 308, mask, lowByte, m63);
  return acc;
}

/**
 * Four repacked Q4_K rows (gap bytes apart) × one Q8_Kp row → y + k·yGap, each with dotQ4_K's
 * steps (same bits): four weight streams in flight (decode's short streams: matmul.ts decodeRows).
 */
export function dotQ4_K4(w: usize, gap: usize, x: usize, nb: i32, y: usize, yGap: usize): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  const mask = maskLow4();
  const lowByte = maskLowByte16();
  const m63 = mask63();
  for (let b = 0; b < nb; b++) {
    const w0 = w + <usize>b * 144, w1 = w0 + gap, w2 = w1 + gap, w3 = w2 + gap;
    const xb = x + <usize>b * 308;
    s0 += blockDot(w0, xb, mask, lowByte, m63);
    s1 += blockDot(w1, xb, mask, lowByte, m63);
    s2 += blockDot(w2, xb, mask, lowByte, m63);
    s3 += blockDot(w3, xb, mask, lowByte, m63);
  }
  store<f32>(y, s0);
  store<f32>(y + yGap, s1);
  store<f32>(y + 2 * yGap, s2);
  store<f32>(y + 3 * yGap, s3);
}

/**
 * Q4_K row × 2 Q8_K rows (xs bytes apart) → 2 f32 at y, ys apart: dotQ4_Kx4 for two tokens (a
 * batch of 2 or 3 concurrent decode steps, or what a batch leaves after its fours); same
 * integers as dotQ4_K, so the same result per token.
 */
export function dotQ4_Kx2(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0: f32 = 0, s1: f32 = 0;
  const mask = maskLow4();
  const lowByte = maskLowByte16();
  const m63 = mask63();
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 144;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs;
    const scales = scalesOf(wb, m63);
    let i0 = i32x4.splat(0), i1 = i32x4.splat(0);
    for (let h: usize = 0; h < 2; h++) {
      let a0 = i16x8.splat(0), a1 = i16x8.splat(0);
      for (let m: usize = h << 2; m < (h << 2) + 4; m++) {
        const q = v128.load(wb + 16 + (m << 4));
        const lo = v128.and(q, mask);
        const hi = v128.and(i16x8.shr_u(q, 4), mask);
        const o: usize = 4 + (m << 5);
        a0 = i16x8.add(a0, pairOfVectors(lo, hi, v128.load(x0 + o), v128.load(x0 + o, 16), lowByte));
        a1 = i16x8.add(a1, pairOfVectors(lo, hi, v128.load(x1 + o), v128.load(x1 + o, 16), lowByte));
      }
      i0 = i32x4.add(i0, i32x4.dot_i16x8_s(a0, scales));
      i1 = i32x4.add(i1, i32x4.dot_i16x8_s(a1, scales));
    }
    const d = lutF16(wb), dmin = lutF16(wb + 2);
    s0 += blockTerm(hsumI32(i0), minsSum(wb, x0, mask), load<f32>(x0), d, dmin);
    s1 += blockTerm(hsumI32(i1), minsSum(wb, x1, mask), load<f32>(x1), d, dmin);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
}

/**
 * Repacked Q4_K row × 4 Q8_Kp rows (xs bytes apart) → 4 f32 at y, ys apart: the unpacked
 * weights serve all four tokens. Same integers and float steps as dotQ4_K, so a token gets the
 * same result in a batch or alone.
 */
export function dotQ4_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  const mask = maskLow4();
  const lowByte = maskLowByte16();
  const m63 = mask63();
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 144;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    const scales = scalesOf(wb, m63);
    let i0 = i32x4.splat(0), i1 = i32x4.splat(0), i2 = i32x4.splat(0), i3 = i32x4.splat(0);
    for (let h: usize = 0; h < 2; h++) {
      let a0 = i16x8.splat(0), a1 = i16x8.splat(0), a2 = i16x8.splat(0), a3 = i16x8.splat(0);
      for (let m: usize = h << 2; m < (h << 2) + 4; m++) {
        const q = v128.load(wb + 16 + (m << 4));
        const lo = v128.and(q, mask);
        const hi = v128.and(i16x8.shr_u(q, 4), mask);
        const o: usize = 4 + (m << 5);
        a0 = i16x8.add(a0, pairOfVectors(lo, hi, v128.load(x0 + o), v128.load(x0 + o, 16), lowByte));
        a1 = i16x8.add(a1, pairOfVectors(lo, hi, v128.load(x1 + o), v128.load(x1 + o, 16), lowByte));
        a2 = i16x8.add(a2, pairOfVectors(lo, hi, v128.load(x2 + o), v128.load(x2 + o, 16), lowByte));
        a3 = i16x8.add(a3, pairOfVectors(lo, hi, v128.load(x3 + o), v128.load(x3 + o, 16), lowByte));
      }
      i0 = i32x4.add(i0, i32x4.dot_i16x8_s(a0, scales));
      i1 = i32x4.add(i1, i32x4.dot_i16x8_s(a1, scales));
      i2 = i32x4.add(i2, i32x4.dot_i16x8_s(a2, scales));
      i3 = i32x4.add(i3, i32x4.dot_i16x8_s(a3, scales));
    }
    const d = lutF16(wb), dmin = lutF16(wb + 2);
    s0 += blockTerm(hsumI32(i0), minsSum(wb, x0, mask), load<f32>(x0), d, dmin);
    s1 += blockTerm(hsumI32(i1), minsSum(wb, x1, mask), load<f32>(x1), d, dmin);
    s2 += blockTerm(hsumI32(i2), minsSum(wb, x2, mask), load<f32>(x2), d, dmin);
    s3 += blockTerm(hsumI32(i3), minsSum(wb, x3, mask), load<f32>(x3), d, dmin);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
  store<f32>(y + 2 * ys, s2);
  store<f32>(y + 3 * ys, s3);
}
