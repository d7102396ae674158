// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Dot products of blocks in the shared unpacked form (unpack.ts) with Q8_K activations (308
// bytes: f32 d, i8 qs[256], i16 bsums[16], i16 sums32[8]), and the matmul of the types that
// use it (the 256-element grid I-quants): prompts unpack each 16-row tile once into the
// thread's scratch and pass 4 tokens at a time over it; one token of IQ1_S / IQ1_M unpacks block
// by block, the 2- and 3-bit grids read the stored blocks (iq2.ts, iq3.ts) with the same
// integers and float steps. Every path gives the same bits.
import { GgmlType } from "./ggml-type";
import { UB_BYTES, UB_D, UB_SCALES, unpackBlock, unpackedBlockBytes } from "./unpack";
import { hsumI32, mulAddI8x16, store4 } from "./simd";

/** Q8_K activation block bytes. */
const XB: usize = 308;

/** The offset K of a type's unpacked weights (unpack.ts table). */
// @ts-ignore: decorator
@inline
function offsetOf(type: i32): i32 {
  return type == GgmlType.IQ1_S || type == GgmlType.IQ1_M ? 9 : 64;
}

/** The power of two a row's sum is scaled by (unpack.ts table). */
// @ts-ignore: decorator
@inline
function rowScaleOf(type: i32): f32 {
  return type == GgmlType.IQ3_XXS ? 0.25 : type == GgmlType.IQ2_XXS || type == GgmlType.IQ2_XS || type == GgmlType.IQ2_S || type == GgmlType.IQ1_S || type == GgmlType.IQ1_M ? 0.125 : 1;
}

/** i16x8 sums of products of 16 unsigned weights u (< 128) and 16 activations a: one byte dot with relaxed SIMD. */
// @ts-ignore: decorator
@inline
export function pairsUnsigned(u: v128, a: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_dot_i8x16_i7x16_s(a, u);
  return mulAddI8x16(u, a);
}

/** Σ_j s_j·bsum_j (the offset's correction), from 16 i16 weights at p. */
// @ts-ignore: decorator
@inline
function bsumDot(p: usize, xb: usize): i32 {
  return hsumI32(i32x4.add(i32x4.dot_i16x8_s(v128.load(p), v128.load(xb, 260)), i32x4.dot_i16x8_s(v128.load(p, 16), v128.load(xb, 276))));
}

/** One block's float term: (dx·d)·isum. */
// @ts-ignore: decorator
@inline
function blockTerm(ub: usize, xb: usize, type: i32, acc: v128): f32 {
  const K = offsetOf(type);
  let isum = hsumI32(acc);
  if (K != 0) isum -= K * bsumDot(ub + UB_SCALES, xb);
  const dx = load<f32>(xb);
  let t = (dx * load<f32>(ub + UB_D)) * <f32>isum;
  return t;
}

/** Σ_j s_j·Σ u·a over one unpacked block, as i32x4 partial sums. */
// @ts-ignore: decorator
@inline
function blockAcc(ub: usize, xb: usize): v128 {
  let acc = i32x4.splat(0);
  for (let j: usize = 0; j < 16; j++) {
    const p = pairsUnsigned(v128.load(ub + (j << 4)), v128.load(xb + 4 + (j << 4)));
    acc = i32x4.add(acc, i32x4.dot_i16x8_s(p, v128.load16_splat(ub + UB_SCALES + (j << 1))));
  }
  return acc;
}

/** Unpacked row (nb blocks at u, UB_BYTES apart) × one Q8_K row. */
// @ts-ignore: decorator
@inline
function unpackedRowDot(type: i32, u: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const ub = u + <usize>b * UB_BYTES, xb = x + <usize>b * XB;
    sum += blockTerm(ub, xb, type, blockAcc(ub, xb));
  }
  return sum * rowScaleOf(type);
}

/** Unpacked row × 4 Q8_K rows (xs bytes apart) → y + t·ys: each token's integers and float steps as unpackedRowDot. */
// @ts-ignore: decorator
@inline
function unpackedRowDot4(type: i32, u: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const ub = u + <usize>b * UB_BYTES;
    const x0 = x + <usize>b * XB, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
    for (let j: usize = 0; j < 16; j++) {
      const w = v128.load(ub + (j << 4));
      const s = v128.load16_splat(ub + UB_SCALES + (j << 1));
      const o = 4 + (j << 4);
      a0 = i32x4.add(a0, i32x4.dot_i16x8_s(pairsUnsigned(w, v128.load(x0 + o)), s));
      a1 = i32x4.add(a1, i32x4.dot_i16x8_s(pairsUnsigned(w, v128.load(x1 + o)), s));
      a2 = i32x4.add(a2, i32x4.dot_i16x8_s(pairsUnsigned(w, v128.load(x2 + o)), s));
      a3 = i32x4.add(a3, i32x4.dot_i16x8_s(pairsUnsigned(w, v128.load(x3 + o)), s));
    }
    s0 += blockTerm(ub, x0, type, a0);
    s1 += blockTerm(ub, x1, type, a1);
    s2 += blockTerm(ub, x2, type, a2);
    s3 += blockTerm(ub, x3, type, a3);
  }
  const c = rowScaleOf(type);
  store4(f32x4.mul(f32x4(s0, s1, s2, s3), f32x4.splat(c)), y, ys);
}

/** One stored row × one Q8_K row, each block unpacked into `ub` (UB_BYTES of scratch) on the way. */
// @ts-ignore: decorator
@inline
function storedRowDot(type: i32, w: usize, x: usize, nb: i32, ub: usize): f32 {
  const bytes = unpackedBlockBytes(type);
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const xb = x + <usize>b * XB;
    unpackBlock(type, w + <usize>b * bytes, ub);
    sum += blockTerm(ub, xb, type, blockAcc(ub, xb));
  }
  return sum * rowScaleOf(type);
}

/** A stored IQ1_S or IQ1_M row × one Q8_K row (ub: UB_BYTES of scratch). One branch per type, so each is specialized. */
export function dotUnpackedType(type: i32, w: usize, x: usize, nb: i32, ub: usize): f32 {
  switch (type) {
    case GgmlType.IQ1_S: return storedRowDot(GgmlType.IQ1_S, w, x, nb, ub);
    case GgmlType.IQ1_M: return storedRowDot(GgmlType.IQ1_M, w, x, nb, ub);
    default: return NaN;
  }
}

function rowDot(type: i32, u: usize, x: usize, nb: i32): f32 {
  switch (type) {
    case GgmlType.IQ2_XXS: return unpackedRowDot(GgmlType.IQ2_XXS, u, x, nb);
    case GgmlType.IQ2_XS: return unpackedRowDot(GgmlType.IQ2_XS, u, x, nb);
    case GgmlType.IQ3_XXS: return unpackedRowDot(GgmlType.IQ3_XXS, u, x, nb);
    case GgmlType.IQ1_S: return unpackedRowDot(GgmlType.IQ1_S, u, x, nb);
    case GgmlType.IQ3_S: return unpackedRowDot(GgmlType.IQ3_S, u, x, nb);
    case GgmlType.IQ2_S: return unpackedRowDot(GgmlType.IQ2_S, u, x, nb);
    case GgmlType.IQ1_M: return unpackedRowDot(GgmlType.IQ1_M, u, x, nb);
    default: return NaN;
  }
}

function rowDot4(type: i32, u: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  switch (type) {
    case GgmlType.IQ2_XXS: unpackedRowDot4(GgmlType.IQ2_XXS, u, x, xs, nb, y, ys); break;
    case GgmlType.IQ2_XS: unpackedRowDot4(GgmlType.IQ2_XS, u, x, xs, nb, y, ys); break;
    case GgmlType.IQ3_XXS: unpackedRowDot4(GgmlType.IQ3_XXS, u, x, xs, nb, y, ys); break;
    case GgmlType.IQ1_S: unpackedRowDot4(GgmlType.IQ1_S, u, x, xs, nb, y, ys); break;
    case GgmlType.IQ3_S: unpackedRowDot4(GgmlType.IQ3_S, u, x, xs, nb, y, ys); break;
    case GgmlType.IQ2_S: unpackedRowDot4(GgmlType.IQ2_S, u, x, xs, nb, y, ys); break;
    case GgmlType.IQ1_M: unpackedRowDot4(GgmlType.IQ1_M, u, x, xs, nb, y, ys); break;
  }
}

/** Scratch bytes a thread needs for a tile of 16 unpacked rows of nb blocks. */
export function unpackedTileBytes(nb: i32): usize {
  return 16 * <usize>nb * UB_BYTES;
}

/**
 * y (n, rows) = xq (n Q8_K rows) · rows [r0, r1)ᵀ of a weight of an unpacked type, for n ≥ 2:
 * each 16-row tile unpacked once into `scratch` (unpackedTileBytes), then 4 tokens a pass,
 * then the n mod 4 last ones a token at a time.
 */
export function matmulUnpacked(type: i32, w: usize, rowBytes: usize, cols: i32, rows: i32, xq: usize, n: i32, y: usize, r0: i32, r1: i32, scratch: usize): void {
  const nb = cols >> 8;
  const xs = <usize>nb * XB;
  const ys = <usize>rows << 2;
  const bytes = unpackedBlockBytes(type);
  const rowScratch = <usize>nb * UB_BYTES;
  for (let t0 = r0; t0 < r1; t0 += 16) {
    const t1 = min(t0 + 16, r1);
    for (let r = t0; r < t1; r++) {
      const wr = w + <usize>r * rowBytes, ur = scratch + <usize>(r - t0) * rowScratch;
      for (let b = 0; b < nb; b++) unpackBlock(type, wr + <usize>b * bytes, ur + <usize>b * UB_BYTES);
    }
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      for (let r = t0; r < t1; r++) rowDot4(type, scratch + <usize>(r - t0) * rowScratch, xq + <usize>j * xs, xs, nb, y + <usize>j * ys + (<usize>r << 2), ys);
    }
    for (; j < n; j++) {
      for (let r = t0; r < t1; r++) store<f32>(y + <usize>j * ys + (<usize>r << 2), rowDot(type, scratch + <usize>(r - t0) * rowScratch, xq + <usize>j * xs, nb));
    }
  }
}

/** Dequantizes one stored row of an unpacked type: d·s·(u − K)·C, exact products as ggml's dequantize_row_*. */
export function dequantUnpacked(type: i32, w: usize, cols: i32, out: usize, ub: usize): void {
  const bytes = unpackedBlockBytes(type);
  const K = offsetOf(type);
  const c = rowScaleOf(type);
  for (let b = 0; b < cols >> 8; b++) {
    unpackBlock(type, w + <usize>b * bytes, ub);
    const d = load<f32>(ub + UB_D);
    const o = out + (<usize>b << 10);
    for (let e: usize = 0; e < 256; e++) {
      const s = <f32>load<i16>(ub + UB_SCALES + ((e >> 4) << 1));
      const q = <i32>load<u8>(ub + e) - K;
      store<f32>(o + (e << 2), (d * s) * (<f32>q * c));
    }
  }
}
