// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q2_K in Q6_K's lane interleave (q6k.ts pos) as planes of 2-bit values, so a block's 16
// scales and 16 mins multiply as i16x8 vectors against Q8_Kp activations instead of a splat per
// 16 elements, and a Q2_K weight shares its activations with the other K-quants (a Q2_K mix's
// Q/K with its Q3_K or Q4_K V: one pass).
//
// Stored Q2_K (84): scales[16] (low nibble scale, high nibble min of each 16 elements), qs[64],
// f16 d, f16 dmin; element e is q(e) = (qs[32·(e >> 7) + (e & 31)] >> 2·((e >> 5) & 3)) & 3,
// value d·sc·q − dmin·m (ggml's dequantize_row_q2_K). Repacked in place at commit, same 84 bytes:
//   @0   4 vectors L_i: byte j, bits 2r..2r + 1 = q(pos(4i + r, j)), r = 0..3
//   @64  the 16 scale bytes, even sub-blocks then odd (as Q8_Kp's bsums)
//   @80  f16 d, f16 dmin
// with pos(v, j) = 32·(j >> 1) + 2v + (j & 1): byte pair k of unpacked vector v holds elements
// of sub-block 2k (v < 8) or 2k + 1 (v ≥ 8). q < 4, so 8 vectors' pair sums fit an i16 lane.
// The integers and the float step (dx·d)·isum − (dx·dmin)·Σ m·bsum are ggml's, so one token and
// prompts give the same bits.
import { lutF16 } from "./f16";
import { adjacentPairsOf, hsumI32 } from "./simd";
import { maskLow4, maskLowByte16 } from "./consts";

/** Bytes of a Q2_K block, stored and repacked. */
export const Q2K_BYTES: usize = 84;

/** Repacks one stored Q2_K block at src into the interleaved layout at dst (≠ src). */
export function repackQ2KBlock(src: usize, dst: usize): void {
  memory.fill(dst, 0, 64);
  for (let e = 0; e < 256; e++) {
    const q = (<u32>load<u8>(src + 16 + ((e >> 7) << 5) + (e & 31)) >> (2 * ((<u32>e >> 5) & 3))) & 3;
    const v = (e & 31) >> 1, j = ((e >> 5) << 1) | (e & 1);
    const l = dst + ((<usize>v >> 2) << 4) + <usize>j;
    store<u8>(l, <u8>(<u32>load<u8>(l) | (q << (2 * (<u32>v & 3)))));
  }
  for (let t = 0; t < 8; t++) {
    store<u8>(dst + 64 + t, load<u8>(src + 2 * t));
    store<u8>(dst + 72 + t, load<u8>(src + 2 * t + 1));
  }
  store<u32>(dst + 80, load<u32>(src + 80));
}

/** Dequantizes one repacked Q2_K row to f32: (d·sc)·q − dmin·m, as ggml's dequantize_row_q2_K. */
export function dequantQ2K(w: usize, cols: i32, out: usize): void {
  for (let b = 0; b < cols >> 8; b++) {
    const wb = w + <usize>b * Q2K_BYTES;
    const o = out + (<usize>b << 10);
    const d = lutF16(wb + 80), dmin = lutF16(wb + 82);
    for (let g = 0; g < 16; g++) {
      const sc = <u32>load<u8>(wb + 64 + ((g & 1) << 3) + (g >> 1));
      const dl = d * <f32>(sc & 15), ml = dmin * <f32>(sc >> 4);
      for (let e = g << 4; e < (g + 1) << 4; e++) {
        const v = (e & 31) >> 1, j = ((e >> 5) << 1) | (e & 1);
        const q = (<i32>load<u8>(wb + ((<usize>v >> 2) << 4) + <usize>j) >> (2 * (v & 3))) & 3;
        store<f32>(o + (<usize>e << 2), dl * <f32>q - ml);
      }
    }
  }
}

/** q of unpacked vector v (bits 2(v & 3) of its L vector l; 16-bit shifts: the mask drops what crosses bytes). */
// @ts-ignore: decorator
@inline
function weights(l: v128, v: i32, m3: v128): v128 {
  const r = v & 3;
  return v128.and(r == 0 ? l : i16x8.shr_u(l, 2 * r), m3);
}

/** Pair sums of unpacked vectors 8s .. 8s + 7 (s = 0: even sub-blocks, 1: odd) against one token: i16x8, lane k = sub-block 2k + s. */
// @ts-ignore: decorator
@inline
function half(wb: usize, xb: usize, s: i32, m3: v128, lowByte: v128): v128 {
  const l0 = v128.load(wb + (<usize>s << 5)), l1 = v128.load(wb + (<usize>s << 5), 16);
  const x = xb + (<usize>s << 7);
  const p0 = i16x8.add(adjacentPairsOf(weights(l0, 0, m3), v128.load(x, 4), lowByte), adjacentPairsOf(weights(l0, 1, m3), v128.load(x, 20), lowByte));
  const p1 = i16x8.add(adjacentPairsOf(weights(l0, 2, m3), v128.load(x, 36), lowByte), adjacentPairsOf(weights(l0, 3, m3), v128.load(x, 52), lowByte));
  const p2 = i16x8.add(adjacentPairsOf(weights(l1, 4, m3), v128.load(x, 68), lowByte), adjacentPairsOf(weights(l1, 5, m3), v128.load(x, 84), lowByte));
  const p3 = i16x8.add(adjacentPairsOf(weights(l1, 6, m3), v128.load(x, 100), lowByte), adjacentPairsOf(weights(l1, 7, m3), v128.load(x, 116), lowByte));
  return i16x8.add(i16x8.add(p0, p1), i16x8.add(p2, p3));
}

/** Σ m·bsum of one token's block (the mins' term), as i32x4 lanes; mins even then odd as i16x8. */
// @ts-ignore: decorator
@inline
function minsTerm(even: v128, odd: v128, xb: usize): v128 {
  return i32x4.add(i32x4.dot_i16x8_s(even, v128.load(xb, 260)), i32x4.dot_i16x8_s(odd, v128.load(xb, 276)));
}

/** The block's float step from its whole integer sums (as the unpacked form's blockTerm did). */
// @ts-ignore: decorator
@inline
function blockTerm(isum: i32, msum: i32, dx: f32, wb: usize): f32 {
  return (dx * lutF16(wb + 80)) * <f32>isum - (dx * lutF16(wb + 82)) * <f32>msum;
}

/** Repacked Q2_K row × Q8_Kp row. */
export function dotQ2_K(w: usize, x: usize, nb: i32): f32 {
  const m15 = maskLow4(), lowByte = maskLowByte16();
  const m3 = i8x16.shr_u(m15, 2);
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * Q2K_BYTES, xb = x + <usize>b * 308;
    const sb = v128.load(wb, 64);
    const sc = v128.and(sb, m15), mn = v128.and(i16x8.shr_u(sb, 4), m15);
    const acc = i32x4.add(
      i32x4.dot_i16x8_s(half(wb, xb, 0, m3, lowByte), i16x8.extend_low_i8x16_u(sc)),
      i32x4.dot_i16x8_s(half(wb, xb, 1, m3, lowByte), i16x8.extend_high_i8x16_u(sc)),
    );
    const msum = hsumI32(minsTerm(i16x8.extend_low_i8x16_u(mn), i16x8.extend_high_i8x16_u(mn), xb));
    sum += blockTerm(hsumI32(acc), msum, load<f32>(xb), wb);
  }
  return sum;
}

/** Writes the 16 unpacked vectors (q of vectors 0..15, 16 bytes each) of a repacked block to u. */
// @ts-ignore: decorator
@inline
function unpackVectors(wb: usize, u: usize, m3: v128): void {
  const l0 = v128.load(wb), l1 = v128.load(wb, 16), l2 = v128.load(wb, 32), l3 = v128.load(wb, 48);
  v128.store(u, weights(l0, 0, m3));
  v128.store(u, weights(l0, 1, m3), 16);
  v128.store(u, weights(l0, 2, m3), 32);
  v128.store(u, weights(l0, 3, m3), 48);
  v128.store(u, weights(l1, 0, m3), 64);
  v128.store(u, weights(l1, 1, m3), 80);
  v128.store(u, weights(l1, 2, m3), 96);
  v128.store(u, weights(l1, 3, m3), 112);
  v128.store(u, weights(l2, 0, m3), 128);
  v128.store(u, weights(l2, 1, m3), 144);
  v128.store(u, weights(l2, 2, m3), 160);
  v128.store(u, weights(l2, 3, m3), 176);
  v128.store(u, weights(l3, 0, m3), 192);
  v128.store(u, weights(l3, 1, m3), 208);
  v128.store(u, weights(l3, 2, m3), 224);
  v128.store(u, weights(l3, 3, m3), 240);
}

/**
 * Repacked Q2_K row × 4 Q8_Kp rows (xs bytes apart) → 4 f32 at y, ys apart: each block's
 * vectors unpacked once into `u` (256 bytes of scratch) for all four tokens. Same integers and
 * float step as dotQ2_K, so a token gets the same bits in a batch or alone.
 */
export function dotQ2_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize, u: usize): void {
  const m15 = maskLow4(), lowByte = maskLowByte16();
  const m3 = i8x16.shr_u(m15, 2);
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * Q2K_BYTES;
    const x0 = x + <usize>b * 308, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    const sb = v128.load(wb, 64);
    const sc = v128.and(sb, m15), mn = v128.and(i16x8.shr_u(sb, 4), m15);
    const mnE = i16x8.extend_low_i8x16_u(mn), mnO = i16x8.extend_high_i8x16_u(mn);
    unpackVectors(wb, u, m3);
    let i0 = i32x4.splat(0), i1 = i32x4.splat(0), i2 = i32x4.splat(0), i3 = i32x4.splat(0);
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
      const scales = s == 0 ? i16x8.extend_low_i8x16_u(sc) : i16x8.extend_high_i8x16_u(sc);
      i0 = i32x4.add(i0, i32x4.dot_i16x8_s(a0, scales));
      i1 = i32x4.add(i1, i32x4.dot_i16x8_s(a1, scales));
      i2 = i32x4.add(i2, i32x4.dot_i16x8_s(a2, scales));
      i3 = i32x4.add(i3, i32x4.dot_i16x8_s(a3, scales));
    }
    s0 += blockTerm(hsumI32(i0), hsumI32(minsTerm(mnE, mnO, x0)), load<f32>(x0), wb);
    s1 += blockTerm(hsumI32(i1), hsumI32(minsTerm(mnE, mnO, x1)), load<f32>(x1), wb);
    s2 += blockTerm(hsumI32(i2), hsumI32(minsTerm(mnE, mnO, x2)), load<f32>(x2), wb);
    s3 += blockTerm(hsumI32(i3), hsumI32(minsTerm(mnE, mnO, x3)), load<f32>(x3), wb);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
  store<f32>(y + 2 * ys, s2);
  store<f32>(y + 3 * ys, s3);
}
