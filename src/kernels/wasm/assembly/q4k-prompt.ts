// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q4_K prompt kernels (driven by kq-prompt.ts): 4 tokens per byte dot.
//
// Per 16-row tile, each row's repacked blocks (q4k.ts) are unpacked once into the thread's
// scratch (Q4K_ROW_BLOCK bytes a block): words [k][m] at 32k + 4m holding elements 4m..4m+3 of
// sub-block k (u8 0..15), the 8 scales as i16 pairs (sc, sc) @256, the mins as i16 pairs
// (mn_2p, mn_2p+1) @288, f32 d @304, dmin @308. The tokens come from the pair copy
// (kq-groups.ts PAIR_BLOCK): one dot of vector (k, j, h) with the 8-byte splat of words 2j, 2j+1
// adds to lanes (token, even word), (token, odd word) of tokens 2h, 2h+1. Over a sub-block such a
// lane sums 16 products of 4-bit weights and int8 activations (|·| ≤ 16·15·128 < 2^15), so the
// two chains of a group pack into i16 and one i32x4.dot_i16x8_s with (sc, sc) gives the 4
// tokens' sc·S_k — one multiply where i32x4.mul took two (the dot unit's ports are the limit).
// The block's integers isum = Σ sc_k·S_k, msum = Σ mn_k·sums32_k are exact and the float step
// is q4k.ts blockTerm lane-wise, so the bits are those of the one-token kernel (tested).
import { minsOf, scalesOf } from "./q4k";
import { PAIR_BLOCK, wordsHi, wordsLo } from "./kq-groups";
import { dotBytesU8, storeGroups, storeTransposed } from "./simd";
import { mask63, maskLow4 } from "./consts";
import { lutF16 } from "./f16";

export const Q4K_ROW_BLOCK: usize = 312;

/** Unpacks repacked Q4_K rows [r0, r1) (rowBytes apart from w) into the scratch at s. */
export function unpackQ4KRows(w: usize, rowBytes: usize, nb: i32, r0: i32, r1: i32, s: usize): void {
  const mask = maskLow4();
  const m63 = mask63();
  for (let r = r0; r < r1; r++) {
    const row = w + <usize>r * rowBytes;
    const out = s + <usize>(r - r0) * <usize>nb * Q4K_ROW_BLOCK;
    for (let b = 0; b < nb; b++) {
      const wb = row + <usize>b * 144;
      const ob = out + <usize>b * Q4K_ROW_BLOCK;
      // Words m of sub-blocks 0..3 (wordsLo) and 4..7 (wordsHi), 4 m at a time, transposed to [k][m].
      for (let m4: usize = 0; m4 < 8; m4 += 4) {
        const q0 = v128.load(wb + 16 + (m4 << 4)), q1 = v128.load(wb + 32 + (m4 << 4));
        const q2 = v128.load(wb + 48 + (m4 << 4)), q3 = v128.load(wb + 64 + (m4 << 4));
        const l0 = v128.and(q0, mask), h0 = v128.and(i16x8.shr_u(q0, 4), mask);
        const l1 = v128.and(q1, mask), h1 = v128.and(i16x8.shr_u(q1, 4), mask);
        const l2 = v128.and(q2, mask), h2 = v128.and(i16x8.shr_u(q2, 4), mask);
        const l3 = v128.and(q3, mask), h3 = v128.and(i16x8.shr_u(q3, 4), mask);
        storeTransposed(wordsLo(l0, h0), wordsLo(l1, h1), wordsLo(l2, h2), wordsLo(l3, h3), ob + (m4 << 2), 32);
        storeTransposed(wordsHi(l0, h0), wordsHi(l1, h1), wordsHi(l2, h2), wordsHi(l3, h3), ob + 128 + (m4 << 2), 32);
      }
      const sc = scalesOf(wb, m63);
      v128.store(ob + 256, i8x16.shuffle(sc, sc, 0, 1, 0, 1, 2, 3, 2, 3, 4, 5, 4, 5, 6, 7, 6, 7));
      v128.store(ob + 272, i8x16.shuffle(sc, sc, 8, 9, 8, 9, 10, 11, 10, 11, 12, 13, 12, 13, 14, 15, 14, 15));
      v128.store(ob + 288, minsOf(wb, mask));
      store<f32>(ob + 304, lutF16(wb));
      store<f32>(ob + 308, lutF16(wb + 2));
    }
  }
}

/** blockTerm lane-wise: o + (f32(isum)·(dx·d) − f32(msum)·(dx·dmin)). */
// @ts-ignore: decorator
@inline
export function q4kAddTerm(o: v128, isum: v128, msum: v128, dx: v128, d: v128, dmin: v128): v128 {
  return f32x4.add(o, f32x4.sub(f32x4.mul(f32x4.convert_i32x4_s(isum), f32x4.mul(dx, d)), f32x4.mul(f32x4.convert_i32x4_s(msum), f32x4.mul(dx, dmin))));
}

/** Σ_p (mn_2p, mn_2p+1)·(sums32 pairs of the group at x): the group's 4 msums. */
// @ts-ignore: decorator
@inline
export function q4kMinsTerm(wb: usize, x: usize): v128 {
  return i32x4.add(
    i32x4.add(i32x4.dot_i16x8_s(v128.load32_splat(wb + 288), v128.load(x + 1024)), i32x4.dot_i16x8_s(v128.load32_splat(wb + 292), v128.load(x + 1040))),
    i32x4.add(i32x4.dot_i16x8_s(v128.load32_splat(wb + 296), v128.load(x + 1056)), i32x4.dot_i16x8_s(v128.load32_splat(wb + 300), v128.load(x + 1072))),
  );
}

/**
 * Σ over j = 0..3 of the group's pair vector (k, j, h) at x + 32j against the 8-byte splat of
 * words 2j, 2j+1 at w + 8j: written out with constant offsets, since a loop here cost V8 more
 * address arithmetic and loop checks than dots.
 */
// @ts-ignore: decorator
@inline
function pairChain(x: usize, w: usize): v128 {
  let a = dotBytesU8(v128.load(x), v128.load64_splat(w), i32x4.splat(0));
  a = dotBytesU8(v128.load(x, 32), v128.load64_splat(w, 8), a);
  a = dotBytesU8(v128.load(x, 64), v128.load64_splat(w, 16), a);
  return dotBytesU8(v128.load(x, 96), v128.load64_splat(w, 24), a);
}

/** The 4 tokens' sc·S_k from a group's two pair chains (tokens 0, 1 and 2, 3): exact, see above. */
// @ts-ignore: decorator
@inline
function scaled(a: v128, b: v128, sc: v128): v128 {
  return i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(a, b), sc);
}

/**
 * One unpacked row (scratch at wt) · `groups` (1, 2 or 4; constant after inlining) token groups
 * of the pair copy from xt, gs bytes apart → f32 at y, token t at y + t·ys. Two chains per group
 * (its token pairs) keep 8 dot chains in flight.
 */
// @ts-ignore: decorator
@inline
function rowGroups(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize, groups: i32): void {
  let o0 = f32x4.splat(0), o1 = f32x4.splat(0), o2 = f32x4.splat(0), o3 = f32x4.splat(0);
  const zero = i32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const wb = wt + <usize>b * Q4K_ROW_BLOCK;
    const x0 = xt + <usize>b * PAIR_BLOCK;
    let i0 = zero, i1 = zero, i2 = zero, i3 = zero;
    for (let k: usize = 0; k < 8; k++) {
      const xk = x0 + (k << 7), wk = wb + (k << 5);
      const a0 = pairChain(xk, wk), b0 = pairChain(xk + 16, wk);
      let a1 = zero, b1 = zero, a2 = zero, b2 = zero, a3 = zero, b3 = zero;
      if (groups > 1) {
        a1 = pairChain(xk + gs, wk);
        b1 = pairChain(xk + gs + 16, wk);
      }
      if (groups > 2) {
        a2 = pairChain(xk + 2 * gs, wk);
        b2 = pairChain(xk + 2 * gs + 16, wk);
        a3 = pairChain(xk + 3 * gs, wk);
        b3 = pairChain(xk + 3 * gs + 16, wk);
      }
      const sc = v128.load32_splat(wb + 256 + (k << 2));
      i0 = i32x4.add(i0, scaled(a0, b0, sc));
      if (groups > 1) i1 = i32x4.add(i1, scaled(a1, b1, sc));
      if (groups > 2) {
        i2 = i32x4.add(i2, scaled(a2, b2, sc));
        i3 = i32x4.add(i3, scaled(a3, b3, sc));
      }
    }
    const d = f32x4.splat(load<f32>(wb + 304)), dmin = f32x4.splat(load<f32>(wb + 308));
    o0 = q4kAddTerm(o0, i0, q4kMinsTerm(wb, x0), v128.load(x0 + 1088), d, dmin);
    if (groups > 1) o1 = q4kAddTerm(o1, i1, q4kMinsTerm(wb, x0 + gs), v128.load(x0 + gs + 1088), d, dmin);
    if (groups > 2) {
      o2 = q4kAddTerm(o2, i2, q4kMinsTerm(wb, x0 + 2 * gs), v128.load(x0 + 2 * gs + 1088), d, dmin);
      o3 = q4kAddTerm(o3, i3, q4kMinsTerm(wb, x0 + 3 * gs), v128.load(x0 + 3 * gs + 1088), d, dmin);
    }
  }
  storeGroups(o0, o1, o2, o3, y, ys, groups);
}

export function q4kRowGroups1(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 1);
}
export function q4kRowGroups2(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 2);
}
export function q4kRowGroups4(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 4);
}

