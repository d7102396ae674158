// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// IQ4_XS in Q4_K's lane-interleaved layout (q4k.ts), so a block's eight sub-block scales multiply
// as one i16x8 vector against Q8_Kp activations instead of a splat per 16 elements, and the
// scales decode in a few vector operations instead of a loop per sub-block.
//
// Stored IQ4_XS (136): f16 d, u16 scales_h, scales_l[4], qs[128]; element 32ib + l (l < 16) is
// level kvalues[qs[16ib + l] & 15], element 32ib + 16 + l kvalues[qs[16ib + l] >> 4], scale
// ls_ib − 32 with ls_ib = nibble ib of scales_l | 2 bits ib of scales_h << 4. Repacked in place at
// commit, same 136 bytes: the 8-byte header unchanged, then @8 8 vectors Q_m whose byte j holds
// the level index of element pos(2m, j) (low nibble) and pos(2m + 1, j) (high nibble), with
// pos(v, j) = 32·(j >> 1) + 2v + (j & 1): byte pair k of every unpacked vector is sub-block k.
// One token (relaxed build, rows up to SIGN_MAGNITUDE_MAX_BLOCKS) reads a sign-magnitude copy of
// its activations, made once per matmul pass: the byte dot of |a| against each level,
// complemented where a < 0 (one xor: |a|·~l = l·a − |a|), and the |a| the complements lose added
// back once per block. Wider rows and prompts (relaxed) take the byte dot on |level| (≤ 127) with
// each activation carrying its level's sign; the plain build the 16-bit products of the signed
// levels. One vector's pair sums reach at most 2·127·128 < 2^15, so each widens at once by the
// scales. The integers and the float step (dx·d)·isum are ggml's, so one token and prompts give
// the same bits.
import { KVALUES } from "./iq-tables";
import { lutF16 } from "./f16";
import { hsumI32 } from "./simd";
import { iq4xsHighShift, iq4xsLowShift, iq4xsSpread, maskBits45, maskLow4, onesU8 } from "./consts";

/** Bytes of an IQ4_XS block, stored and repacked. */
export const IQ4XS_BYTES: usize = 136;

/** Repacks one stored IQ4_XS block at src into the interleaved layout at dst (≠ src). */
export function repackIQ4XSBlock(src: usize, dst: usize): void {
  memory.copy(dst, src, 8);
  memory.fill(dst + 8, 0, 128);
  for (let e = 0; e < 256; e++) {
    const ib = e >> 5, r = e & 31;
    const q = <u32>load<u8>(src + 8 + (ib << 4) + (r & 15));
    const idx = r < 16 ? q & 15 : q >> 4;
    const v = r >> 1, j = (ib << 1) | (r & 1);
    const at = dst + 8 + ((<usize>v >> 1) << 4) + <usize>j;
    store<u8>(at, <u8>(<u32>load<u8>(at) | (idx << ((<u32>v & 1) << 2))));
  }
}

/**
 * The 8 scales ls − 32 of a block (sub-block order) as i16x8, decoded in the vector unit: each
 * lane k gets the 16 bits holding its nibble of scales_l (bytes spread k >> 1 → lane k) and all
 * of scales_h, a per-lane multiply moves its field to the top (consts.ts iq4xsLowShift,
 * iq4xsHighShift), and shifts bring both down.
 */
// @ts-ignore: decorator
@inline
function scalesOf(wb: usize, m32: v128, spread: v128, lowShift: v128, highShift: v128, bits45: v128): v128 {
  const l = v128.load32_zero(wb, 4);
  const lo = i16x8.shr_u(i16x8.mul(ASC_FEATURE_RELAXED_SIMD ? i8x16.relaxed_swizzle(l, spread) : i8x16.swizzle(l, spread), lowShift), 12);
  const hi = v128.and(i16x8.shr_u(i16x8.mul(v128.load16_splat(wb, 2), highShift), 10), bits45);
  return i16x8.sub(v128.or(lo, hi), m32);
}

/** Dequantizes one repacked IQ4_XS row to f32: (d·(ls − 32))·level, as ggml's dequantize_row_iq4_xs. */
export function dequantIQ4XS(w: usize, cols: i32, out: usize): void {
  for (let b = 0; b < cols >> 8; b++) {
    const wb = w + <usize>b * IQ4XS_BYTES;
    const o = out + (<usize>b << 10);
    const d = lutF16(wb);
    const sl = <u32>load<u32>(wb, 4), sh = <u32>load<u16>(wb, 2);
    for (let e = 0; e < 256; e++) {
      const ib = <u32>e >> 5;
      const ls = ((sl >> (4 * ib)) & 15) | (((sh >> (2 * ib)) & 3) << 4);
      const v = (e & 31) >> 1, j = ((e >> 5) << 1) | (e & 1);
      const idx = (<u32>load<u8>(wb + 8 + ((<usize>v >> 1) << 4) + <usize>j) >> ((<u32>v & 1) << 2)) & 15;
      store<f32>(o + (<usize>e << 2), (d * <f32>(<i32>ls - 32)) * <f32>load<i8>(KVALUES + idx));
    }
  }
}

/** i16x8 sums of adjacent products l[2i]·a[2i] + l[2i+1]·a[2i+1], both signed bytes (the plain build: byte pair i is sub-block i). */
// @ts-ignore: decorator
@inline
function signedAdjacentPairs(l: v128, a: v128): v128 {
  const even = i16x8.mul(i16x8.shr_s(i16x8.shl(l, 8), 8), i16x8.shr_s(i16x8.shl(a, 8), 8));
  return i16x8.add(even, i16x8.mul(i16x8.shr_s(l, 8), i16x8.shr_s(a, 8)));
}

/** i16x8 adjacent pair sums of 16 levels (indices n; |levels| kvAbs, negative below index 8) times 16 activations a. */
// @ts-ignore: decorator
@inline
function levelPairs(n: v128, a: v128, kv: v128, kvAbs: v128, eight: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    const neg = i8x16.gt_s(eight, n); // index < 8: a negative level
    return i16x8.relaxed_dot_i8x16_i7x16_s(i8x16.sub(v128.xor(a, neg), neg), i8x16.relaxed_swizzle(kvAbs, n));
  }
  return signedAdjacentPairs(i8x16.swizzle(kv, n), a);
}

/** Vectors 2m, 2m + 1 of a block against one token's Q8_Kp block, scaled: i32x4. Constant offsets (folded by V8). */
// @ts-ignore: decorator
@inline
function pairOf(wb: usize, xb: usize, m: i32, scales: v128, m15: v128, kv: v128, kvAbs: v128, eight: v128): v128 {
  const q = v128.load(wb + (<usize>m << 4), 8);
  const lo = levelPairs(v128.and(q, m15), v128.load(xb + (<usize>m << 5), 4), kv, kvAbs, eight);
  const hi = levelPairs(v128.and(i16x8.shr_u(q, 4), m15), v128.load(xb + (<usize>m << 5), 20), kv, kvAbs, eight);
  return i32x4.add(i32x4.dot_i16x8_s(lo, scales), i32x4.dot_i16x8_s(hi, scales));
}

/** Repacked IQ4_XS row × Q8_Kp row. */
export function dotIQ4_XS(w: usize, x: usize, nb: i32): f32 {
  const kv = v128.load(KVALUES), kvAbs = i8x16.abs(kv), m15 = maskLow4(), eight = i8x16.shl(onesU8(), 3), m32 = i16x8.shl(i16x8.extend_low_i8x16_u(onesU8()), 5);
  const spread = iq4xsSpread(), lowShift = iq4xsLowShift(), highShift = iq4xsHighShift(), bits45 = maskBits45();
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * IQ4XS_BYTES, xb = x + <usize>b * 308;
    const scales = scalesOf(wb, m32, spread, lowShift, highShift, bits45);
    const acc = i32x4.add(
      i32x4.add(
        i32x4.add(pairOf(wb, xb, 0, scales, m15, kv, kvAbs, eight), pairOf(wb, xb, 1, scales, m15, kv, kvAbs, eight)),
        i32x4.add(pairOf(wb, xb, 2, scales, m15, kv, kvAbs, eight), pairOf(wb, xb, 3, scales, m15, kv, kvAbs, eight)),
      ),
      i32x4.add(
        i32x4.add(pairOf(wb, xb, 4, scales, m15, kv, kvAbs, eight), pairOf(wb, xb, 5, scales, m15, kv, kvAbs, eight)),
        i32x4.add(pairOf(wb, xb, 6, scales, m15, kv, kvAbs, eight), pairOf(wb, xb, 7, scales, m15, kv, kvAbs, eight)),
      ),
    );
    sum += (load<f32>(xb) * lutF16(wb)) * <f32>hsumI32(acc);
  }
  return sum;
}

/** Bytes of a Q8_Kp block's sign-magnitude copy (signMagnitudeQ8_Kp): |q|, its sign masks, the negative parts' sums, dx. */
export const SIGN_MAGNITUDE_BLOCK: usize = 544;

/**
 * The widest row (in blocks) whose one-token IQ4_XS takes the sign-magnitude copy: the copy
 * (24 · 544 = 13 KB) stays in a 32 KB L1 beside the weight stream. Wider rows (MedPsy-4B's
 * ffn_down, 38 blocks) measured slower with it than dotIQ4_XS (BENCHMARKS.md).
 */
export const SIGN_MAGNITUDE_MAX_BLOCKS: i32 = 24;

/**
 * One token's Q8_Kp row (nb blocks at x) → its sign-magnitude copy at dst (nb ·
 * SIGN_MAGNITUDE_BLOCK): @0 |q| of the 256 values, @256 0xff where q < 0, @512 i16x8 lane k the
 * sum of |q| over sub-block k's negative values (byte pair k of every vector; ≤ 32·127), @528
 * the f32 scale dx.
 */
export function signMagnitudeQ8_Kp(x: usize, nb: i32, dst: usize): void {
  const zero = i8x16.splat(0);
  for (let b = 0; b < nb; b++) {
    const xb = x + <usize>b * 308 + 4, db = dst + <usize>b * SIGN_MAGNITUDE_BLOCK;
    let negSums = i16x8.splat(0);
    for (let v: usize = 0; v < 16; v++) {
      const q = v128.load(xb + (v << 4)), mag = i8x16.abs(q), sign = i8x16.lt_s(q, zero);
      v128.store(db + (v << 4), mag);
      v128.store(db + (v << 4), sign, 256);
      negSums = i16x8.add(negSums, i16x8.extadd_pairwise_i8x16_u(v128.and(mag, sign)));
    }
    v128.store(db, negSums, 512);
    store<f32>(db, load<f32>(xb - 4), 528); // dx: the dot reads only this copy
  }
}

/**
 * Levels (indices n) against 16 activations as magnitudes mag and sign masks sign, scaled: i32x4.
 * Each level is complemented where its activation is negative (~l = −l − 1, so |a|·~l = l·a − |a|):
 * one xor where dotIQ4_XS negates activations in three operations; the block adds back
 * Σ_k s_k·(sub-block k's negative |a|) once (dotIQ4_XSSignMagnitude).
 */
// @ts-ignore: decorator
@inline
function signMagnitudeStep(n: v128, mag: v128, sign: v128, kv: v128, scales: v128): v128 {
  let p: v128;
  if (ASC_FEATURE_RELAXED_SIMD) p = i16x8.relaxed_dot_i8x16_i7x16_s(v128.xor(i8x16.relaxed_swizzle(kv, n), sign), mag);
  else p = signedAdjacentPairs(v128.xor(i8x16.swizzle(kv, n), sign), mag); // plain build: never called (matmul.ts signMagnitudeCopy)
  return i32x4.dot_i16x8_s(p, scales);
}

/** Vectors 2m, 2m + 1 of a block against a token's sign-magnitude block at sb: i32x4. Constant offsets (folded by V8). */
// @ts-ignore: decorator
@inline
function signMagnitudePairOf(wb: usize, sb: usize, m: i32, scales: v128, m15: v128, kv: v128): v128 {
  const q = v128.load(wb + (<usize>m << 4), 8), a = sb + (<usize>m << 5);
  const lo = signMagnitudeStep(v128.and(q, m15), v128.load(a), v128.load(a, 256), kv, scales);
  return i32x4.add(lo, signMagnitudeStep(v128.and(i16x8.shr_u(q, 4), m15), v128.load(a, 16), v128.load(a, 272), kv, scales));
}

/**
 * Repacked IQ4_XS row × one token's Q8_Kp row x whose sign-magnitude copy is at sm (relaxed
 * build, decode). Each byte product |a|·(l or ~l) fits the byte dot (|a| ≤ 127, ~l ≥ −128: pair
 * sums ≤ 2·127·128 < 2^15). Same integers and float step as dotIQ4_XS, so the same bits.
 */
export function dotIQ4_XSSignMagnitude(w: usize, sm: usize, nb: i32): f32 {
  const kv = v128.load(KVALUES), m15 = maskLow4(), m32 = i16x8.shl(i16x8.extend_low_i8x16_u(onesU8()), 5);
  const spread = iq4xsSpread(), lowShift = iq4xsLowShift(), highShift = iq4xsHighShift(), bits45 = maskBits45();
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * IQ4XS_BYTES, sb = sm + <usize>b * SIGN_MAGNITUDE_BLOCK;
    const scales = scalesOf(wb, m32, spread, lowShift, highShift, bits45);
    const acc = i32x4.add(
      i32x4.add(
        i32x4.add(signMagnitudePairOf(wb, sb, 0, scales, m15, kv), signMagnitudePairOf(wb, sb, 1, scales, m15, kv)),
        i32x4.add(signMagnitudePairOf(wb, sb, 2, scales, m15, kv), signMagnitudePairOf(wb, sb, 3, scales, m15, kv)),
      ),
      i32x4.add(
        i32x4.add(signMagnitudePairOf(wb, sb, 4, scales, m15, kv), signMagnitudePairOf(wb, sb, 5, scales, m15, kv)),
        i32x4.add(
          i32x4.add(signMagnitudePairOf(wb, sb, 6, scales, m15, kv), signMagnitudePairOf(wb, sb, 7, scales, m15, kv)),
          i32x4.dot_i16x8_s(v128.load(sb, 512), scales), // the |a| the complements lost
        ),
      ),
    );
    sum += (load<f32>(sb, 528) * lutF16(wb)) * <f32>hsumI32(acc);
  }
  return sum;
}

/** One unpacked vector (indices n) against 16 activations of a token at a, scaled, added to acc. */
// @ts-ignore: decorator
@inline
function tokenStep(acc: v128, n: v128, neg: v128, lv: v128, a: v128, scales: v128): v128 {
  let p: v128;
  if (ASC_FEATURE_RELAXED_SIMD) p = i16x8.relaxed_dot_i8x16_i7x16_s(i8x16.sub(v128.xor(a, neg), neg), lv);
  else p = signedAdjacentPairs(lv, a);
  return i32x4.add(acc, i32x4.dot_i16x8_s(p, scales));
}

/**
 * Repacked IQ4_XS row × 4 Q8_Kp rows (xs bytes apart) → 4 f32 at y, ys apart: each vector's
 * levels (and, relaxed, their signs) looked up once for all four tokens. Same integers and
 * float step as dotIQ4_XS, so a token gets the same bits in a batch or alone.
 */
export function dotIQ4_XSx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  const kv = v128.load(KVALUES), kvAbs = i8x16.abs(kv), m15 = maskLow4(), eight = i8x16.shl(onesU8(), 3), m32 = i16x8.shl(i16x8.extend_low_i8x16_u(onesU8()), 5);
  const spread = iq4xsSpread(), lowShift = iq4xsLowShift(), highShift = iq4xsHighShift(), bits45 = maskBits45();
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * IQ4XS_BYTES;
    const x0 = x + <usize>b * 308, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    const scales = scalesOf(wb, m32, spread, lowShift, highShift, bits45);
    let i0 = i32x4.splat(0), i1 = i32x4.splat(0), i2 = i32x4.splat(0), i3 = i32x4.splat(0);
    for (let v: usize = 0; v < 16; v++) {
      const q = v128.load(wb + 8 + ((v >> 1) << 4));
      const n = v128.and(v & 1 ? i16x8.shr_u(q, 4) : q, m15);
      const neg = i8x16.gt_s(eight, n); // index < 8: a negative level
      const lv = ASC_FEATURE_RELAXED_SIMD ? i8x16.relaxed_swizzle(kvAbs, n) : i8x16.swizzle(kv, n);
      const o: usize = 4 + (v << 4);
      i0 = tokenStep(i0, n, neg, lv, v128.load(x0 + o), scales);
      i1 = tokenStep(i1, n, neg, lv, v128.load(x1 + o), scales);
      i2 = tokenStep(i2, n, neg, lv, v128.load(x2 + o), scales);
      i3 = tokenStep(i3, n, neg, lv, v128.load(x3 + o), scales);
    }
    const d = lutF16(wb);
    s0 += (load<f32>(x0) * d) * <f32>hsumI32(i0);
    s1 += (load<f32>(x1) * d) * <f32>hsumI32(i1);
    s2 += (load<f32>(x2) * d) * <f32>hsumI32(i2);
    s3 += (load<f32>(x3) * d) * <f32>hsumI32(i3);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
  store<f32>(y + 2 * ys, s2);
  store<f32>(y + 3 * ys, s3);
}
