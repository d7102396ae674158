// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q3_K in Q6_K's lane interleave (q6k.ts pos), so a block's 16 scales multiply as two i16x8
// vectors against Q8_Kp activations (one pmaddwd per 8 unpacked vectors) instead of a splat per
// 16 elements, and a Q3_K weight shares its activations with Q4_K, Q5_K and Q6_K ones (Q3_K_M's
// Q/K with a Q4_K or Q5_K V: one pass).
//
// Stored Q3_K (110): hmask[32], qs[64], 6-bit scales[12], f16 d; element e is
// u(e) − 4 with u(e) = 2 low bits (qs[32·(e >> 7) + (e & 31)] >> 2·((e >> 5) & 3)) | high bit
// (hmask[e & 31] >> (e >> 5)) << 2, scale scales[e >> 4] − 32 (ggml's dequantize_row_q3_K).
// Repacked in place at commit, same 110 bytes, with u_v(j) = u(pos(v, j)) (pos below):
//   @48h  3 vectors C_h0, C_h1, C_h2 per half h (vectors 8h .. 8h + 7, u_r short for u_{8h+r}):
//         byte j of C_h0 = u_0 | u_1 << 3 | (u_2 & 3) << 6, of C_h1 = u_3 | u_4 << 3 | (u_5 & 3) << 6,
//         of C_h2 = u_6 | u_7 << 3 | (u_2 >> 2) << 6 | (u_5 >> 2) << 7
//         (six vectors unpack in one or two operations, two in five: 19 operations for 8 vectors)
//   @96  the 12 scale bytes in the stored packing, slot t holding scale 2t (t < 8) or
//        2(t − 8) + 1: decoded, even sub-blocks then odd, as Q8_Kp's bsums
//   @108 f16 d
// with pos(v, j) = 32·(j >> 1) + 2v + (j & 1): byte pair k of unpacked vector v holds elements
// of sub-block 2k (v < 8) or 2k + 1 (v ≥ 8). u < 8, so 8 vectors' pair sums (16 products,
// 16·7·127 = 14,224) fit an i16 lane. The −4 is taken off as 4·Σ s·bsum; the integers and the
// float step (dx·d)·isum are the stored layout's, as ggml forms them.
import { lutF16 } from "./f16";
import { adjacentPairsOf, hsumI32 } from "./simd";
import { maskLow4, maskLowByte16, onesU8 } from "./consts";

/** Bytes of a Q3_K block, stored and repacked. */
export const Q3K_BYTES: usize = 110;

/** Scale t (0..15, 6 bits, +32) of the 12 stored-format scale bytes at s. */
// @ts-ignore: decorator
@inline
function packedScale(s: usize, t: i32): u32 {
  const low = t < 8 ? <u32>load<u8>(s + t) & 15 : <u32>load<u8>(s + t - 8) >> 4;
  return low | (((<u32>load<u8>(s + 8 + (t & 3)) >> (2 * (<u32>t >> 2))) & 3) << 4);
}

/** Repacks one stored Q3_K block at src into the interleaved layout at dst (≠ src); u: 256 bytes of scratch. */
export function repackQ3KBlock(src: usize, dst: usize, u: usize): void {
  for (let e = 0; e < 256; e++) {
    const low = (<u32>load<u8>(src + 32 + ((e >> 7) << 5) + (e & 31)) >> (2 * ((<u32>e >> 5) & 3))) & 3;
    const high = (<u32>load<u8>(src + (e & 31)) >> (<u32>e >> 5)) & 1;
    store<u8>(u + e, <u8>(low | (high << 2)));
  }
  for (let h = 0; h < 2; h++) {
    for (let j = 0; j < 16; j++) {
      // u_r: u of element pos(8h + r, j).
      const at = u + 32 * (j >> 1) + 16 * h + (j & 1);
      const u0 = <u32>load<u8>(at), u1 = <u32>load<u8>(at, 2), u2 = <u32>load<u8>(at, 4), u3 = <u32>load<u8>(at, 6);
      const u4 = <u32>load<u8>(at, 8), u5 = <u32>load<u8>(at, 10), u6 = <u32>load<u8>(at, 12), u7 = <u32>load<u8>(at, 14);
      const c = dst + 48 * h + j;
      store<u8>(c, <u8>(u0 | (u1 << 3) | ((u2 & 3) << 6)));
      store<u8>(c + 16, <u8>(u3 | (u4 << 3) | ((u5 & 3) << 6)));
      store<u8>(c + 32, <u8>(u6 | (u7 << 3) | ((u2 >> 2) << 6) | ((u5 >> 2) << 7)));
    }
  }
  memory.fill(dst + 96, 0, 12);
  for (let t = 0; t < 16; t++) {
    const sc = packedScale(src + 96, t < 8 ? 2 * t : 2 * (t - 8) + 1);
    const lo = dst + 96 + (t & 7), hi = dst + 104 + (t & 3);
    store<u8>(lo, <u8>(<u32>load<u8>(lo) | ((sc & 15) << (t < 8 ? 0 : 4))));
    store<u8>(hi, <u8>(<u32>load<u8>(hi) | ((sc >> 4) << (2 * (<u32>t >> 2)))));
  }
  store<u16>(dst + 108, load<u16>(src + 108));
}

/** u of element e of a repacked block (scalar; dequantization). */
function valueOf(wb: usize, e: i32): i32 {
  const v = (e & 31) >> 1, j = ((e >> 5) << 1) | (e & 1), r = v & 7;
  const c = wb + 48 * (<usize>v >> 3) + <usize>j;
  const c0 = <i32>load<u8>(c), c1 = <i32>load<u8>(c, 16), c2 = <i32>load<u8>(c, 32);
  if (r == 0) return c0 & 7;
  if (r == 1) return (c0 >> 3) & 7;
  if (r == 2) return (c0 >> 6) | (((c2 >> 6) & 1) << 2);
  if (r == 3) return c1 & 7;
  if (r == 4) return (c1 >> 3) & 7;
  if (r == 5) return (c1 >> 6) | ((c2 >> 7) << 2);
  return r == 6 ? c2 & 7 : (c2 >> 3) & 7;
}

/** Dequantizes one repacked Q3_K row to f32: (d·(sc − 32))·(u − 4), as ggml's dequantize_row_q3_K. */
export function dequantQ3K(w: usize, cols: i32, out: usize): void {
  for (let b = 0; b < cols >> 8; b++) {
    const wb = w + <usize>b * Q3K_BYTES;
    const o = out + (<usize>b << 10);
    const d = lutF16(wb + 108);
    for (let g = 0; g < 16; g++) {
      const dl = d * <f32>(<i32>packedScale(wb + 96, (g & 1) ? 8 + (g >> 1) : g >> 1) - 32);
      for (let e = g << 4; e < (g + 1) << 4; e++) store<f32>(o + (<usize>e << 2), dl * <f32>(valueOf(wb, e) - 4));
    }
  }
}

/** The 16 scales − 32 of a repacked block as i8x16 (even sub-blocks, then odd), from its 12 bytes at s. */
// @ts-ignore: decorator
@inline
function scalesOf(s: usize, m15: v128, m3: v128, m32: v128): v128 {
  const low8 = v128.load64_zero(s); // bytes t < 8: slot t's low nibble (low), slot t + 8's (high)
  const nibbles = i8x16.shuffle(v128.and(low8, m15), v128.and(i16x8.shr_u(low8, 4), m15), 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
  const h = load<u32>(s, 8); // slot t's 2 high bits: bits 2(t >> 2) of byte t & 3
  const high = v128.and(i32x4(h, h >> 2, h >> 4, h >> 6), m3);
  return i8x16.sub(v128.or(nibbles, i16x8.shl(high, 4)), m32);
}

/** u of unpacked vector 8h + r from its half's vectors c0, c1, c2 (16-bit shifts: the masks drop what crosses bytes). */
// @ts-ignore: decorator
@inline
function weights(c0: v128, c1: v128, c2: v128, r: i32, m7: v128, m3: v128, m4: v128): v128 {
  if (r == 0) return v128.and(c0, m7);
  if (r == 1) return v128.and(i16x8.shr_u(c0, 3), m7);
  if (r == 2) return v128.or(v128.and(i16x8.shr_u(c0, 6), m3), v128.and(i16x8.shr_u(c2, 4), m4));
  if (r == 3) return v128.and(c1, m7);
  if (r == 4) return v128.and(i16x8.shr_u(c1, 3), m7);
  if (r == 5) return v128.or(v128.and(i16x8.shr_u(c1, 6), m3), v128.and(i16x8.shr_u(c2, 5), m4));
  if (r == 6) return v128.and(c2, m7);
  return v128.and(i16x8.shr_u(c2, 3), m7);
}

/** Pair sums of unpacked vectors 8s .. 8s + 7 (s = 0: even sub-blocks, 1: odd) against one token: i16x8, lane k = sub-block 2k + s. */
// @ts-ignore: decorator
@inline
function half(wb: usize, xb: usize, s: i32, m7: v128, m3: v128, m4: v128, lowByte: v128): v128 {
  const c0 = v128.load(wb + 48 * <usize>s), c1 = v128.load(wb + 48 * <usize>s, 16), c2 = v128.load(wb + 48 * <usize>s, 32);
  const x = xb + (<usize>s << 7);
  const p0 = i16x8.add(adjacentPairsOf(weights(c0, c1, c2, 0, m7, m3, m4), v128.load(x, 4), lowByte), adjacentPairsOf(weights(c0, c1, c2, 1, m7, m3, m4), v128.load(x, 20), lowByte));
  const p1 = i16x8.add(adjacentPairsOf(weights(c0, c1, c2, 2, m7, m3, m4), v128.load(x, 36), lowByte), adjacentPairsOf(weights(c0, c1, c2, 3, m7, m3, m4), v128.load(x, 52), lowByte));
  const p2 = i16x8.add(adjacentPairsOf(weights(c0, c1, c2, 4, m7, m3, m4), v128.load(x, 68), lowByte), adjacentPairsOf(weights(c0, c1, c2, 5, m7, m3, m4), v128.load(x, 84), lowByte));
  const p3 = i16x8.add(adjacentPairsOf(weights(c0, c1, c2, 6, m7, m3, m4), v128.load(x, 100), lowByte), adjacentPairsOf(weights(c0, c1, c2, 7, m7, m3, m4), v128.load(x, 116), lowByte));
  return i16x8.add(i16x8.add(p0, p1), i16x8.add(p2, p3));
}

/** 4·Σ s·bsum of one token's block (the −4 of every weight), as i32x4 lanes. */
// @ts-ignore: decorator
@inline
function offsetTerm(even: v128, odd: v128, xb: usize): v128 {
  return i32x4.shl(i32x4.add(i32x4.dot_i16x8_s(even, v128.load(xb, 260)), i32x4.dot_i16x8_s(odd, v128.load(xb, 276))), 2);
}

/** Repacked Q3_K row × Q8_Kp row. */
export function dotQ3_K(w: usize, x: usize, nb: i32): f32 {
  const m15 = maskLow4(), one = onesU8(), lowByte = maskLowByte16();
  const m3 = i8x16.shr_u(m15, 2), m4 = i8x16.shl(one, 2), m7 = i8x16.shr_u(m15, 1), m32 = i8x16.shl(one, 5);
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * Q3K_BYTES, xb = x + <usize>b * 308;
    const sc = scalesOf(wb + 96, m15, m3, m32);
    const even = i16x8.extend_low_i8x16_s(sc), odd = i16x8.extend_high_i8x16_s(sc);
    const acc = i32x4.sub(
      i32x4.add(i32x4.dot_i16x8_s(half(wb, xb, 0, m7, m3, m4, lowByte), even), i32x4.dot_i16x8_s(half(wb, xb, 1, m7, m3, m4, lowByte), odd)),
      offsetTerm(even, odd, xb),
    );
    sum += (load<f32>(xb) * lutF16(wb + 108)) * <f32>hsumI32(acc);
  }
  return sum;
}

/** Writes the 16 unpacked vectors (u of vectors 0..15, 16 bytes each) of a repacked block to u. */
// @ts-ignore: decorator
@inline
function unpackVectors(wb: usize, u: usize, m7: v128, m3: v128, m4: v128): void {
  const c0 = v128.load(wb), c1 = v128.load(wb, 16), c2 = v128.load(wb, 32);
  const c3 = v128.load(wb, 48), c4 = v128.load(wb, 64), c5 = v128.load(wb, 80);
  v128.store(u, weights(c0, c1, c2, 0, m7, m3, m4));
  v128.store(u, weights(c0, c1, c2, 1, m7, m3, m4), 16);
  v128.store(u, weights(c0, c1, c2, 2, m7, m3, m4), 32);
  v128.store(u, weights(c0, c1, c2, 3, m7, m3, m4), 48);
  v128.store(u, weights(c0, c1, c2, 4, m7, m3, m4), 64);
  v128.store(u, weights(c0, c1, c2, 5, m7, m3, m4), 80);
  v128.store(u, weights(c0, c1, c2, 6, m7, m3, m4), 96);
  v128.store(u, weights(c0, c1, c2, 7, m7, m3, m4), 112);
  v128.store(u, weights(c3, c4, c5, 0, m7, m3, m4), 128);
  v128.store(u, weights(c3, c4, c5, 1, m7, m3, m4), 144);
  v128.store(u, weights(c3, c4, c5, 2, m7, m3, m4), 160);
  v128.store(u, weights(c3, c4, c5, 3, m7, m3, m4), 176);
  v128.store(u, weights(c3, c4, c5, 4, m7, m3, m4), 192);
  v128.store(u, weights(c3, c4, c5, 5, m7, m3, m4), 208);
  v128.store(u, weights(c3, c4, c5, 6, m7, m3, m4), 224);
  v128.store(u, weights(c3, c4, c5, 7, m7, m3, m4), 240);
}

/**
 * Repacked Q3_K row × 4 Q8_Kp rows (xs bytes apart) → 4 f32 at y, ys apart: each block's
 * vectors unpacked once into `u` (256 bytes of scratch) for all four tokens. Same integers and
 * float step as dotQ3_K, so a token gets the same bits in a batch or alone.
 */
export function dotQ3_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize, u: usize): void {
  const m15 = maskLow4(), one = onesU8(), lowByte = maskLowByte16();
  const m3 = i8x16.shr_u(m15, 2), m4 = i8x16.shl(one, 2), m7 = i8x16.shr_u(m15, 1), m32 = i8x16.shl(one, 5);
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * Q3K_BYTES;
    const x0 = x + <usize>b * 308, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    const sc = scalesOf(wb + 96, m15, m3, m32);
    const even = i16x8.extend_low_i8x16_s(sc), odd = i16x8.extend_high_i8x16_s(sc);
    unpackVectors(wb, u, m7, m3, m4);
    let i0 = i32x4.sub(i32x4.splat(0), offsetTerm(even, odd, x0));
    let i1 = i32x4.sub(i32x4.splat(0), offsetTerm(even, odd, x1));
    let i2 = i32x4.sub(i32x4.splat(0), offsetTerm(even, odd, x2));
    let i3 = i32x4.sub(i32x4.splat(0), offsetTerm(even, odd, x3));
    for (let s: usize = 0; s < 2; s++) {
      let a0 = i16x8.splat(0), a1 = i16x8.splat(0), a2 = i16x8.splat(0), a3 = i16x8.splat(0);
      for (let v: usize = s << 3; v < (s << 3) + 8; v++) {
        const uv = v128.load(u + (v << 4));
        const o: usize = 4 + (v << 4);
        a0 = i16x8.add(a0, adjacentPairsOf(uv, v128.load(x0 + o), lowByte));
        a1 = i16x8.add(a1, adjacentPairsOf(uv, v128.load(x1 + o), lowByte));
        a2 = i16x8.add(a2, adjacentPairsOf(uv, v128.load(x2 + o), lowByte));
        a3 = i16x8.add(a3, adjacentPairsOf(uv, v128.load(x3 + o), lowByte));
      }
      const scales = s == 0 ? even : odd;
      i0 = i32x4.add(i0, i32x4.dot_i16x8_s(a0, scales));
      i1 = i32x4.add(i1, i32x4.dot_i16x8_s(a1, scales));
      i2 = i32x4.add(i2, i32x4.dot_i16x8_s(a2, scales));
      i3 = i32x4.add(i3, i32x4.dot_i16x8_s(a3, scales));
    }
    const d = lutF16(wb + 108);
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
