// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q5_K in Q4_K's lane-interleaved layout (q4k.ts) plus a plane of fifth bits, so a block's eight
// sub-block scales multiply as i16x8 vectors against Q8_Kp activations instead of a splat per
// 32 elements, and a Q5_K weight shares its activations with Q4_K and Q6_K ones (Q5_K_M's Q/K
// with a Q6_K V: one pass).
//
// Stored Q5_K (176): f16 d, f16 dmin, 6-bit scales/mins[12], qh[32], qs[128]; element e has low
// nibble in qs (as Q4_K) and fifth bit qh[e & 31] >> (e >> 5). Repacked in place at commit, same
// 176 bytes (so memory = file size), with unpacked vector v holding, in byte j, the 5-bit value
// u of element pos(v, j) = 32·(j >> 1) + 2v + (j & 1) (Q4_K's interleave, q4k.ts):
//   @0   f16 d, f16 dmin, the scales and mins as Q4_K repacked holds them (q4k.ts)
//   @16  8 vectors A_m: byte j = u of vector 2m (bits 0..4) | the 3 low bits of vector 2m + 1's (5..7)
//   @144 2 vectors B_i: byte j, bits 2r..2r + 1 = the 2 high bits of vector 2(4i + r) + 1's u
// so vector 2m unpacks in one mask and 2m + 1 in two shifts, two masks and an or.
// Byte pair k of every unpacked vector is sub-block k, so Σ_v pairwise(u_v, a_v) has sub-block
// k's sum in i16 lane k; u < 32, so four vectors (8 products, 8·31·127 = 31,496) fit a lane
// before one i32x4.dot_i16x8_s by the 8 scales. Every integer is the stored layout's, and the
// float step is Q4_K's blockTerm, so one token and prompts give the same bits.
import { adjacentPairsOf, hsumI32 } from "./simd";
import { mask63, maskLow4, maskLowByte16, onesU8 } from "./consts";
import { lutF16 } from "./f16";
import { blockTerm, minsOf, repackQ4KBlock, scalesOf } from "./q4k";

/** Bytes of a Q5_K block, stored and repacked. */
export const Q5K_BYTES: usize = 176;

/**
 * Repacks one Q5_K block: `src` holds the stored 176 bytes, `sc` its scales unpacked to u8 sc[8],
 * mn[8] (dot-k.ts unpackScales), `tmp` 144 bytes of scratch; writes 176 bytes at dst (≠ src).
 */
export function repackQ5KBlock(src: usize, sc: usize, tmp: usize, dst: usize): void {
  // The scales: a Q4_K block (d, dmin, scales, qs) through Q4_K's repack; its quants are rewritten below.
  memory.copy(tmp, src, 16);
  memory.copy(tmp + 16, src + 48, 128);
  repackQ4KBlock(tmp, sc, dst);
  memory.fill(dst + 144, 0, 32);
  for (let m = 0; m < 8; m++) {
    for (let j = 0; j < 16; j++) {
      const lo = storedValue(src, 32 * (j >> 1) + 4 * m + (j & 1));
      const hi = storedValue(src, 32 * (j >> 1) + 4 * m + 2 + (j & 1));
      store<u8>(dst + 16 + (<usize>m << 4) + <usize>j, <u8>(lo | ((hi & 7) << 5)));
      const at = dst + 144 + ((<usize>m >> 2) << 4) + <usize>j;
      store<u8>(at, <u8>(<u32>load<u8>(at) | ((hi >> 3) << (2 * (<u32>m & 3)))));
    }
  }
}

/** The 5-bit value of element e of a stored Q5_K block (ggml's layout). */
// @ts-ignore: decorator
@inline
function storedValue(src: usize, e: i32): u32 {
  const low = (<u32>load<u8>(src + 48 + ((e >> 6) << 5) + (e & 31)) >> (((<u32>e >> 5) & 1) << 2)) & 15;
  return low | (((<u32>load<u8>(src + 16 + (e & 31)) >> (<u32>e >> 5)) & 1) << 4);
}

/** The 5-bit value of element e of a repacked block (scalar; dequantization). */
function valueOf(wb: usize, e: i32): i32 {
  const v = (e & 31) >> 1, j = ((e >> 5) << 1) | (e & 1), m = v >> 1;
  const a = <i32>load<u8>(wb + 16 + (<usize>m << 4) + <usize>j);
  if ((v & 1) == 0) return a & 31;
  const top = (<i32>load<u8>(wb + 144 + ((<usize>m >> 2) << 4) + <usize>j) >> (2 * (m & 3))) & 3;
  return (a >> 5) | (top << 3);
}

/** Dequantizes one repacked Q5_K row to f32: d·sc·q − dmin·m, as ggml's dequantize_row_q5_K. */
export function dequantQ5K(w: usize, cols: i32, out: usize): void {
  for (let b = 0; b < cols >> 8; b++) {
    const wb = w + <usize>b * Q5K_BYTES;
    const o = out + (<usize>b << 10);
    const d = lutF16(wb), dmin = lutF16(wb + 2);
    for (let k = 0; k < 8; k++) {
      // Scale and min of sub-block k in Q4_K's repacked scale bytes (q4k.ts).
      const s = <u32>load<u8>(wb + 4 + k);
      const mn = (s >> 6) | (((<u32>load<u8>(wb + 12 + (k & 3)) >> (k < 4 ? 0 : 4)) & 15) << 2);
      const d1 = d * <f32>(s & 63), m1 = dmin * <f32>mn;
      for (let e = k << 5; e < (k + 1) << 5; e++) store<f32>(o + (<usize>e << 2), d1 * <f32>valueOf(wb, e) - m1);
    }
  }
}

/** Unpacked vector 2m (u < 32) of A_m = a. */
// @ts-ignore: decorator
@inline
function evenVector(a: v128, m31: v128): v128 {
  return v128.and(a, m31);
}

/**
 * Unpacked vector 2m + 1 of A_m = a and B = b (the B vector holding it, m & 3 = r): 3 low bits
 * from a's bits 5..7, 2 high from b's bits 2r..2r + 1 moved to 3..4 (16-bit shifts: the masks drop
 * what crosses bytes).
 */
// @ts-ignore: decorator
@inline
function oddVector(a: v128, b: v128, r: i32, m7: v128, m24: v128): v128 {
  const top = r == 0 ? i16x8.shl(b, 3) : r == 1 ? i16x8.shl(b, 1) : r == 2 ? i16x8.shr_u(b, 1) : i16x8.shr_u(b, 3);
  return v128.or(v128.and(i16x8.shr_u(a, 5), m7), v128.and(top, m24));
}

/**
 * Unpacked vectors 2m, 2m + 1 (from A_m = a and b, the B vector holding them) against their 32
 * activations xa, xb: i16x8, lane k = sub-block k.
 */
// @ts-ignore: decorator
@inline
function pairStep(a: v128, b: v128, m: i32, xa: v128, xb: v128, m31: v128, m7: v128, m24: v128, lowByte: v128): v128 {
  return i16x8.add(adjacentPairsOf(evenVector(a, m31), xa, lowByte), adjacentPairsOf(oddVector(a, b, m & 3, m7, m24), xb, lowByte));
}

/** Vectors 4p .. 4p + 3 of a block against one token's Q8_Kp block, scaled: i32x4. Constant offsets (folded by V8). */
// @ts-ignore: decorator
@inline
function quarter(wb: usize, xb: usize, b: v128, p: i32, scales: v128, m31: v128, m7: v128, m24: v128, lowByte: v128): v128 {
  const m = p << 1;
  const s = i16x8.add(
    pairStep(v128.load(wb + (<usize>m << 4), 16), b, m, v128.load(xb + (<usize>m << 5), 4), v128.load(xb + (<usize>m << 5), 20), m31, m7, m24, lowByte),
    pairStep(v128.load(wb + (<usize>m << 4), 32), b, m + 1, v128.load(xb + (<usize>m << 5), 36), v128.load(xb + (<usize>m << 5), 52), m31, m7, m24, lowByte),
  );
  return i32x4.dot_i16x8_s(s, scales);
}

/** One repacked block × one Q8_Kp block: blockTerm of its whole integer sums (as q4k.ts blockDot). */
// @ts-ignore: decorator
@inline
function blockDot(wb: usize, xb: usize, mask: v128, m31: v128, m7: v128, m24: v128, lowByte: v128, m63: v128): f32 {
  const scales = scalesOf(wb, m63);
  const b0 = v128.load(wb, 144), b1 = v128.load(wb, 160);
  const i = i32x4.add(
    i32x4.add(quarter(wb, xb, b0, 0, scales, m31, m7, m24, lowByte), quarter(wb, xb, b0, 1, scales, m31, m7, m24, lowByte)),
    i32x4.add(quarter(wb, xb, b1, 2, scales, m31, m7, m24, lowByte), quarter(wb, xb, b1, 3, scales, m31, m7, m24, lowByte)),
  );
  const msum = hsumI32(i32x4.dot_i16x8_s(minsOf(wb, mask), v128.load(xb, 292)));
  return blockTerm(hsumI32(i), msum, load<f32>(xb), lutF16(wb), lutF16(wb + 2));
}

/** Repacked Q5_K row × Q8_Kp row. */
export function dotQ5_K(w: usize, x: usize, nb: i32): f32 {
  const mask = maskLow4(), lowByte = maskLowByte16(), m63 = mask63();
  const m31 = v128.or(mask, i8x16.shl(onesU8(), 4)), m7 = i8x16.shr_u(mask, 1), m24 = i8x16.shl(i8x16.shr_u(mask, 2), 3);
  let acc: f32 = 0;
  for (let b = 0; b < nb; b++) acc += blockDot(w + <usize>b * Q5K_BYTES, x + <usize>b * 308, mask, m31, m7, m24, lowByte, m63);
  return acc;
}

/** u of unpacked vectors 2m and 2m + 1 (from A_m and b, the B vector holding them), stored at u + 32m. */
// @ts-ignore: decorator
@inline
function storePair(wb: usize, u: usize, b: v128, m: i32, m31: v128, m7: v128, m24: v128): void {
  const a = v128.load(wb + (<usize>m << 4), 16);
  v128.store(u + (<usize>m << 5), evenVector(a, m31));
  v128.store(u + (<usize>m << 5), oddVector(a, b, m & 3, m7, m24), 16);
}

/**
 * Repacked Q5_K row × 4 Q8_Kp rows (xs bytes apart) → 4 f32 at y, ys apart: each block's 16
 * vectors unpacked once into `u` (256 bytes of scratch) for all four tokens. Same integers and
 * float step as dotQ5_K, so a token gets the same bits in a batch or alone.
 */
export function dotQ5_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize, u: usize): void {
  const mask = maskLow4(), lowByte = maskLowByte16(), m63 = mask63();
  const m31 = v128.or(mask, i8x16.shl(onesU8(), 4)), m7 = i8x16.shr_u(mask, 1), m24 = i8x16.shl(i8x16.shr_u(mask, 2), 3);
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * Q5K_BYTES;
    const x0 = x + <usize>b * 308, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    const scales = scalesOf(wb, m63);
    const b0 = v128.load(wb, 144), b1 = v128.load(wb, 160);
    storePair(wb, u, b0, 0, m31, m7, m24);
    storePair(wb, u, b0, 1, m31, m7, m24);
    storePair(wb, u, b0, 2, m31, m7, m24);
    storePair(wb, u, b0, 3, m31, m7, m24);
    storePair(wb, u, b1, 4, m31, m7, m24);
    storePair(wb, u, b1, 5, m31, m7, m24);
    storePair(wb, u, b1, 6, m31, m7, m24);
    storePair(wb, u, b1, 7, m31, m7, m24);
    let i0 = i32x4.splat(0), i1 = i32x4.splat(0), i2 = i32x4.splat(0), i3 = i32x4.splat(0);
    // Four vectors (8 products of u < 32 per lane) per i16 sum, then the scales.
    for (let p: usize = 0; p < 4; p++) {
      let a0 = i16x8.splat(0), a1 = i16x8.splat(0), a2 = i16x8.splat(0), a3 = i16x8.splat(0);
      for (let v: usize = p << 2; v < (p << 2) + 4; v++) {
        const uv = v128.load(u + (v << 4));
        const o: usize = 4 + (v << 4);
        a0 = i16x8.add(a0, adjacentPairsOf(uv, v128.load(x0 + o), lowByte));
        a1 = i16x8.add(a1, adjacentPairsOf(uv, v128.load(x1 + o), lowByte));
        a2 = i16x8.add(a2, adjacentPairsOf(uv, v128.load(x2 + o), lowByte));
        a3 = i16x8.add(a3, adjacentPairsOf(uv, v128.load(x3 + o), lowByte));
      }
      i0 = i32x4.add(i0, i32x4.dot_i16x8_s(a0, scales));
      i1 = i32x4.add(i1, i32x4.dot_i16x8_s(a1, scales));
      i2 = i32x4.add(i2, i32x4.dot_i16x8_s(a2, scales));
      i3 = i32x4.add(i3, i32x4.dot_i16x8_s(a3, scales));
    }
    const mn = minsOf(wb, mask);
    const d = lutF16(wb), dmin = lutF16(wb + 2);
    s0 += blockTerm(hsumI32(i0), hsumI32(i32x4.dot_i16x8_s(mn, v128.load(x0, 292))), load<f32>(x0), d, dmin);
    s1 += blockTerm(hsumI32(i1), hsumI32(i32x4.dot_i16x8_s(mn, v128.load(x1, 292))), load<f32>(x1), d, dmin);
    s2 += blockTerm(hsumI32(i2), hsumI32(i32x4.dot_i16x8_s(mn, v128.load(x2, 292))), load<f32>(x2), d, dmin);
    s3 += blockTerm(hsumI32(i3), hsumI32(i32x4.dot_i16x8_s(mn, v128.load(x3, 292))), load<f32>(x3), d, dmin);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
  store<f32>(y + 2 * ys, s2);
  store<f32>(y + 3 * ys, s3);
}
