// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q3_K one token, straight from the stored blocks (110 bytes: hmask[32], qs[64], scales[12],
// f16 d): each 16 weights are u = 2 low bits | high bit << 2 (value u − 4) against Q8_K
// activations, times their 6-bit scale − 32, the −4 folded in as 4·Σ s·bsum: the integers and
// float step of the unpacked form (unpack.ts, K = 4), so the bits prompts give.
import { lutF16 } from "./f16";
import { hsumI32 } from "./simd";
import { pairsUnsigned } from "./unpacked-dot";

/** The 16 scales − 32 of a block as i8x16, from its 12 packed bytes at s. */
// @ts-ignore: decorator
@inline
function q3kScales(s: usize, m15: v128, m3: v128): v128 {
  const low8 = v128.load64_zero(s); // bytes j < 8: scale j's low nibble (low), scale j + 8's (high)
  const nibbles = i8x16.shuffle(v128.and(low8, m15), v128.and(i16x8.shr_u(low8, 4), m15), 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
  const h = load<u32>(s, 8); // scale j's 2 high bits: bits 2(j >> 2) of byte j & 3
  const high = v128.and(i32x4(h, h >> 2, h >> 4, h >> 6), m3);
  return i8x16.sub(v128.or(nibbles, i8x16.shl(high, 4)), i8x16.splat(32));
}

/** u of 16 weights: bits 2j, 2j + 1 of q, and bit `bit` of h as bit 2 (16-bit shifts: the masks drop what crosses bytes). */
// @ts-ignore: decorator
@inline
function weights(q: v128, h: v128, j: i32, bit: i32, m3: v128, m4: v128): v128 {
  const low = v128.and(i16x8.shr_u(q, 2 * j), m3);
  const high = v128.and(bit >= 2 ? i16x8.shr_u(h, bit - 2) : i16x8.shl(h, 2 - bit), m4);
  return v128.or(low, high);
}

/** s·Σ u·a of the 32 weights of pass j of half n (scales at sc: i16[16]), added to acc. */
// @ts-ignore: decorator
@inline
function pass(q0: v128, q1: v128, h0: v128, h1: v128, a: usize, sc: usize, n: i32, j: i32, acc: v128, m3: v128, m4: v128): v128 {
  const s = 8 * n + 2 * j;
  const p0 = pairsUnsigned(weights(q0, h0, j, 4 * n + j, m3, m4), v128.load(a + 32 * j));
  const p1 = pairsUnsigned(weights(q1, h1, j, 4 * n + j, m3, m4), v128.load(a + 32 * j, 16));
  acc = i32x4.add(acc, i32x4.dot_i16x8_s(p0, v128.load16_splat(sc + 2 * s)));
  return i32x4.add(acc, i32x4.dot_i16x8_s(p1, v128.load16_splat(sc + 2 * s + 2)));
}

/** Q3_K row (stored) × Q8_K row; tmp: 32 bytes of scratch for the block's scales. */
export function dotQ3_K(w: usize, x: usize, nb: i32, tmp: usize): f32 {
  const m15 = i8x16.splat(15), m3 = i8x16.splat(3), m4 = i8x16.splat(4);
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 110, xb = x + <usize>b * 308;
    const sc8 = q3kScales(wb + 96, m15, m3);
    const scLo = i16x8.extend_low_i8x16_s(sc8), scHi = i16x8.extend_high_i8x16_s(sc8);
    v128.store(tmp, scLo);
    v128.store(tmp, scHi, 16);
    // The −4 of every weight: 4·Σ s_j·bsum_j, taken off before the sum.
    let acc = i32x4.sub(i32x4.splat(0), i32x4.shl(i32x4.add(i32x4.dot_i16x8_s(scLo, v128.load(xb, 260)), i32x4.dot_i16x8_s(scHi, v128.load(xb, 276))), 2));
    const h0 = v128.load(wb), h1 = v128.load(wb, 16);
    let q0 = v128.load(wb, 32), q1 = v128.load(wb, 48);
    acc = pass(q0, q1, h0, h1, xb + 4, tmp, 0, 0, acc, m3, m4);
    acc = pass(q0, q1, h0, h1, xb + 4, tmp, 0, 1, acc, m3, m4);
    acc = pass(q0, q1, h0, h1, xb + 4, tmp, 0, 2, acc, m3, m4);
    acc = pass(q0, q1, h0, h1, xb + 4, tmp, 0, 3, acc, m3, m4);
    q0 = v128.load(wb, 64);
    q1 = v128.load(wb, 80);
    acc = pass(q0, q1, h0, h1, xb + 132, tmp, 1, 0, acc, m3, m4);
    acc = pass(q0, q1, h0, h1, xb + 132, tmp, 1, 1, acc, m3, m4);
    acc = pass(q0, q1, h0, h1, xb + 132, tmp, 1, 2, acc, m3, m4);
    acc = pass(q0, q1, h0, h1, xb + 132, tmp, 1, 3, acc, m3, m4);
    sum += (load<f32>(xb) * lutF16(wb + 108)) * <f32>hsumI32(acc);
  }
  return sum;
}
