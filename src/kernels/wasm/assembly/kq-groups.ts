// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// The token-interleaved copy of a batch's Q8_Kp activations that the K-quant prompt kernels
// (q4k-prompt.ts, q6k-prompt.ts) read, 4 tokens per byte dot, and the word shuffles they share.
//
// Each whole group of 4 tokens gets GROUP_BLOCK bytes per block, copied once per matmul from
// the tokens' Q8_Kp rows (q4k.ts):
//   @16·(8k + m)  vector (k, m): lane t = token t's quants at elements 32k + 4m .. 32k + 4m + 3
//                 (natural order: for Q6_K, word m & 3 of 16-element sub-block 2k + (m >> 2))
//   @1024         4 vectors: lane t = token t's sums32 of sub-blocks 2p, 2p+1 as an i16 pair
//   @1088         the 4 tokens' d (f32)
//   @1104         8 vectors: lane t = token t's bsums as i16 pairs, Q8_Kp's even-then-odd
//                 order ((b0, b2), (b4, b6), …, (b1, b3), …)

import { storeTransposed } from "./simd";

export const GROUP_BLOCK: usize = 1232;

/**
 * The Q4_K prompt kernel's copy (q4k-prompt.ts) takes the group's tokens in pairs, so that a
 * dot's lanes are (token, even/odd word) and two chains pack into i16 for one multiply by the
 * sub-block scale. Per group, PAIR_BLOCK bytes a block:
 *   @16·(8k + 2j + h)  vector (k, j, h): lanes (token 2h, word 2j), (2h, 2j+1), (2h+1, 2j),
 *                      (2h+1, 2j+1), a word being 4 quants at 32k + 4m .. 32k + 4m + 3
 *   @1024, @1088       sums32 pairs and d, as in the GROUP_BLOCK copy
 */
export const PAIR_BLOCK: usize = 1104;

/** Bytes of the interleaved copy of n Q8_Kp rows of nb blocks (whole groups of 4 only). */
export function kqGroupBytes(nb: i32, n: i32): usize {
  return <usize>(n >> 2) * <usize>nb * GROUP_BLOCK;
}

/** Bytes of the pair copy (PAIR_BLOCK) of n Q8_Kp rows of nb blocks (whole groups of 4 only). */
export function kqPairBytes(nb: i32, n: i32): usize {
  return <usize>(n >> 2) * <usize>nb * PAIR_BLOCK;
}

/**
 * Words k = 0..3 (wordsLo) or 4..7 (wordsHi) of 4 consecutive elements from two vectors in the
 * K-quant lane interleave (q4k.ts pos): byte pair k of `a` holds elements e, e+1 of sub-block
 * pair k and byte pair k of `b` elements e+2, e+3.
 */
// @ts-ignore: decorator
@inline
export function wordsLo(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
}
// @ts-ignore: decorator
@inline
export function wordsHi(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
}

/** Writes the token-interleaved copy of every whole group of 4 Q8_Kp rows inside [r0, r1) (rows at xq) to its place in xt. */
export function interleaveQ8_Kp(xq: usize, nb: i32, r0: i32, r1: i32, xt: usize): void {
  const rowBytes = <usize>nb * 308;
  for (let g = (r0 + 3) & ~3; g + 4 <= r1; g += 4) {
    const x0 = xq + <usize>g * rowBytes, x1 = x0 + rowBytes, x2 = x1 + rowBytes, x3 = x2 + rowBytes;
    const out = xt + (<usize>g >> 2) * <usize>nb * GROUP_BLOCK;
    for (let b = 0; b < nb; b++) {
      const o = <usize>b * 308;
      const ob = out + <usize>b * GROUP_BLOCK;
      for (let m: usize = 0; m < 8; m++) {
        // Q8_Kp vectors 2m and 2m+1 hold elements 32k + 4m + {0, 1} and {2, 3} in byte pair k.
        const q = o + 4 + (m << 5);
        const a0 = v128.load(x0 + q), b0 = v128.load(x0 + q + 16);
        const a1 = v128.load(x1 + q), b1 = v128.load(x1 + q + 16);
        const a2 = v128.load(x2 + q), b2 = v128.load(x2 + q + 16);
        const a3 = v128.load(x3 + q), b3 = v128.load(x3 + q + 16);
        storeTransposed(wordsLo(a0, b0), wordsLo(a1, b1), wordsLo(a2, b2), wordsLo(a3, b3), ob + (m << 4), 128);
        storeTransposed(wordsHi(a0, b0), wordsHi(a1, b1), wordsHi(a2, b2), wordsHi(a3, b3), ob + 512 + (m << 4), 128);
      }
      storeTransposed(v128.load(x0 + o + 292), v128.load(x1 + o + 292), v128.load(x2 + o + 292), v128.load(x3 + o + 292), ob + 1024, 16);
      v128.store(ob + 1088, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(x0 + o)), 1, load<f32>(x1 + o)), 2, load<f32>(x2 + o)), 3, load<f32>(x3 + o)));
      storeTransposed(v128.load(x0 + o + 260), v128.load(x1 + o + 260), v128.load(x2 + o + 260), v128.load(x3 + o + 260), ob + 1104, 16);
      storeTransposed(v128.load(x0 + o + 276), v128.load(x1 + o + 276), v128.load(x2 + o + 276), v128.load(x3 + o + 276), ob + 1168, 16);
    }
  }
}

/** Writes the pair copy (PAIR_BLOCK) of every whole group of 4 Q8_Kp rows inside [r0, r1) (rows at xq) to its place in xp. */
export function interleaveQ8_KpPairs(xq: usize, nb: i32, r0: i32, r1: i32, xp: usize): void {
  const rowBytes = <usize>nb * 308;
  for (let g = (r0 + 3) & ~3; g + 4 <= r1; g += 4) {
    const x0 = xq + <usize>g * rowBytes;
    const out = xp + (<usize>g >> 2) * <usize>nb * PAIR_BLOCK;
    for (let b = 0; b < nb; b++) {
      const o = <usize>b * 308;
      const ob = out + <usize>b * PAIR_BLOCK;
      for (let j: usize = 0; j < 4; j++) {
        for (let h: usize = 0; h < 2; h++) {
          // Tokens 2h, 2h+1; words 2j, 2j+1 (Q8_Kp vectors 4j .. 4j+3, as in interleaveQ8_Kp).
          const xa = x0 + (h << 1) * rowBytes + o + 4 + (j << 6), xb = xa + rowBytes;
          const a0 = v128.load(xa), b0 = v128.load(xa, 16), a1 = v128.load(xa, 32), b1 = v128.load(xa, 48);
          const c0 = v128.load(xb), d0 = v128.load(xb, 16), c1 = v128.load(xb, 32), d1 = v128.load(xb, 48);
          const dst = ob + ((j << 1) + h << 4);
          storeTransposed(wordsLo(a0, b0), wordsLo(a1, b1), wordsLo(c0, d0), wordsLo(c1, d1), dst, 128);
          storeTransposed(wordsHi(a0, b0), wordsHi(a1, b1), wordsHi(c0, d0), wordsHi(c1, d1), dst + 512, 128);
        }
      }
      const x1 = x0 + rowBytes, x2 = x1 + rowBytes, x3 = x2 + rowBytes;
      storeTransposed(v128.load(x0 + o + 292), v128.load(x1 + o + 292), v128.load(x2 + o + 292), v128.load(x3 + o + 292), ob + 1024, 16);
      v128.store(ob + 1088, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(x0 + o)), 1, load<f32>(x1 + o)), 2, load<f32>(x2 + o)), 3, load<f32>(x3 + o)));
    }
  }
}
