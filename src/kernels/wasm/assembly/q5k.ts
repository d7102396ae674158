// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q5_K in Q4_K's lane-interleaved layout (q4k.ts) plus a plane of fifth bits, so a block's eight
// sub-block scales multiply as i16x8 vectors against Q8_Kp activations instead of a splat per
// 32 elements, and a Q5_K weight shares its activations with Q4_K and Q6_K ones (Q5_K_M's Q/K
// with a Q6_K V: one pass).
//
// Stored Q5_K (176): f16 d, f16 dmin, 6-bit scales/mins[12], qh[32], qs[128]; element e has low
// nibble in qs (as Q4_K) and fifth bit qh[e & 31] >> (e >> 5). Repacked in place at commit, same
// 176 bytes (so memory = file size):
//   @0   f16 d, f16 dmin, the scales and mins as Q4_K repacked holds them (q4k.ts)
//   @16  8 vectors Q_m, low nibbles exactly as repacked Q4_K: unpacked vector v = 2m (low
//        nibble) or 2m + 1 (high) holds, in byte j, element pos(v, j) = 32·(j >> 1) + 2v + (j & 1)
//   @144 2 vectors H_i: byte j, bit r = fifth bit of element pos(8i + r, j)
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
  // The low nibbles and scales: a Q4_K block (d, dmin, scales, qs) through Q4_K's repack.
  memory.copy(tmp, src, 16);
  memory.copy(tmp + 16, src + 48, 128);
  repackQ4KBlock(tmp, sc, dst);
  memory.fill(dst + 144, 0, 32);
  for (let e = 0; e < 256; e++) {
    const bit = (<u32>load<u8>(src + 16 + (e & 31)) >> (<u32>e >> 5)) & 1;
    const v = (e & 31) >> 1, j = ((e >> 5) << 1) | (e & 1);
    const at = dst + 144 + ((<usize>v >> 3) << 4) + <usize>j;
    store<u8>(at, <u8>(<u32>load<u8>(at) | (bit << (<u32>v & 7))));
  }
}

/** The 5-bit value of element e of a repacked block (scalar; dequantization). */
function valueOf(wb: usize, e: i32): i32 {
  const v = (e & 31) >> 1, j = ((e >> 5) << 1) | (e & 1);
  const q = <i32>load<u8>(wb + 16 + ((<usize>v >> 1) << 4) + <usize>j);
  const low = v & 1 ? q >> 4 : q & 15;
  const high = (<i32>load<u8>(wb + 144 + ((<usize>v >> 3) << 4) + <usize>j) >> (v & 7)) & 1;
  return low | (high << 4);
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

/** Bit r of every byte of h moved to bit 4 (16-bit shifts: the mask drops what crosses bytes). */
// @ts-ignore: decorator
@inline
function fifthBit(h: v128, r: i32, m16: v128): v128 {
  return v128.and(r < 4 ? i16x8.shl(h, 4 - r) : r > 4 ? i16x8.shr_u(h, r - 4) : h, m16);
}

/**
 * Unpacked vectors 2m, 2m + 1 (from Q_m = q and H = h, the plane holding them) against their 32
 * activations xa, xb: i16x8, lane k = sub-block k.
 */
// @ts-ignore: decorator
@inline
function pairStep(q: v128, h: v128, m: i32, xa: v128, xb: v128, mask: v128, m16: v128, lowByte: v128): v128 {
  const r = (m & 3) << 1;
  const lo = v128.or(v128.and(q, mask), fifthBit(h, r, m16));
  const hi = v128.or(v128.and(i16x8.shr_u(q, 4), mask), fifthBit(h, r + 1, m16));
  return i16x8.add(adjacentPairsOf(lo, xa, lowByte), adjacentPairsOf(hi, xb, lowByte));
}

/** Vectors 4p .. 4p + 3 of a block against one token's Q8_Kp block, scaled: i32x4. Constant offsets (folded by V8). */
// @ts-ignore: decorator
@inline
function quarter(wb: usize, xb: usize, h: v128, p: i32, scales: v128, mask: v128, m16: v128, lowByte: v128): v128 {
  const m = p << 1;
  const s = i16x8.add(
    pairStep(v128.load(wb + (<usize>m << 4), 16), h, m, v128.load(xb + (<usize>m << 5), 4), v128.load(xb + (<usize>m << 5), 20), mask, m16, lowByte),
    pairStep(v128.load(wb + (<usize>m << 4), 32), h, m + 1, v128.load(xb + (<usize>m << 5), 36), v128.load(xb + (<usize>m << 5), 52), mask, m16, lowByte),
  );
  return i32x4.dot_i16x8_s(s, scales);
}

/** One repacked block × one Q8_Kp block: blockTerm of its whole integer sums (as q4k.ts blockDot). */
// @ts-ignore: decorator
@inline
function blockDot(wb: usize, xb: usize, mask: v128, m16: v128, lowByte: v128, m63: v128): f32 {
  const scales = scalesOf(wb, m63);
  const h0 = v128.load(wb, 144), h1 = v128.load(wb, 160);
  const i = i32x4.add(
    i32x4.add(quarter(wb, xb, h0, 0, scales, mask, m16, lowByte), quarter(wb, xb, h0, 1, scales, mask, m16, lowByte)),
    i32x4.add(quarter(wb, xb, h1, 2, scales, mask, m16, lowByte), quarter(wb, xb, h1, 3, scales, mask, m16, lowByte)),
  );
  const msum = hsumI32(i32x4.dot_i16x8_s(minsOf(wb, mask), v128.load(xb, 292)));
  return blockTerm(hsumI32(i), msum, load<f32>(xb), lutF16(wb), lutF16(wb + 2));
}

/** Repacked Q5_K row × Q8_Kp row. */
export function dotQ5_K(w: usize, x: usize, nb: i32): f32 {
  const mask = maskLow4(), lowByte = maskLowByte16(), m63 = mask63();
  const m16 = i8x16.shl(onesU8(), 4);
  let acc: f32 = 0;
  for (let b = 0; b < nb; b++) acc += blockDot(w + <usize>b * Q5K_BYTES, x + <usize>b * 308, mask, m16, lowByte, m63);
  return acc;
}

/** u of unpacked vectors 2m (low nibbles of q) and 2m + 1 (high), fifth bits from plane h, stored at u + 32m. */
// @ts-ignore: decorator
@inline
function storePair(wb: usize, u: usize, h: v128, m: i32, mask: v128, m16: v128): void {
  const q = v128.load(wb + (<usize>m << 4), 16);
  const r = (m & 3) << 1;
  v128.store(u + (<usize>m << 5), v128.or(v128.and(q, mask), fifthBit(h, r, m16)));
  v128.store(u + (<usize>m << 5), v128.or(v128.and(i16x8.shr_u(q, 4), mask), fifthBit(h, r + 1, m16)), 16);
}

/**
 * Repacked Q5_K row × 4 Q8_Kp rows (xs bytes apart) → 4 f32 at y, ys apart: each block's 16
 * vectors unpacked once into `u` (256 bytes of scratch) for all four tokens. Same integers and
 * float step as dotQ5_K, so a token gets the same bits in a batch or alone.
 */
export function dotQ5_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize, u: usize): void {
  const mask = maskLow4(), lowByte = maskLowByte16(), m63 = mask63();
  const m16 = i8x16.shl(onesU8(), 4);
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * Q5K_BYTES;
    const x0 = x + <usize>b * 308, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    const scales = scalesOf(wb, m63);
    const h0 = v128.load(wb, 144), h1 = v128.load(wb, 160);
    storePair(wb, u, h0, 0, mask, m16);
    storePair(wb, u, h0, 1, mask, m16);
    storePair(wb, u, h0, 2, mask, m16);
    storePair(wb, u, h0, 3, mask, m16);
    storePair(wb, u, h1, 4, mask, m16);
    storePair(wb, u, h1, 5, mask, m16);
    storePair(wb, u, h1, 6, mask, m16);
    storePair(wb, u, h1, 7, mask, m16);
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
