// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// K-quant (Q4_K, Q6_K) prompt kernels for hosts whose byte dot is not one instruction (x86
// without VNNI, e.g. AMD Zen 4: V8 lowers i32x4.relaxed_dot_i8x16_i7x16_add_s to pmaddubsw,
// pmaddwd and paddd there, so the byte-dot kernels paid three instructions per 16 products).
// These sum the 16-bit adjacent pair sums (i16x8.relaxed_dot_i8x16_i7x16_s: one pmaddubsw) in i16 for as
// long as they cannot overflow and then multiply by the sub-block scale with one
// i32x4.dot_i16x8_s, which also widens to i32: about a third fewer vector instructions.
//
// Both read the group copy (kq-groups.ts GROUP_BLOCK: vector (k, p), lane t = token t's 4 quants
// at elements 32k + 4p .. 32k + 4p + 3) against 4-byte splats of the matching weight word of
// the unpacked tile (q4k-prompt.ts, q6k-prompt.ts), so i16 lanes 2t and 2t + 1 belong to token
// t and the scale multiply leaves token t in i32 lane t. Bounds, with Q8_K codes |a| ≤ 128:
//   Q4_K: 8 vectors (a whole sub-block) of pairs 2·15·128 → 16·15·128 = 30,720 < 2^15;
//   Q6_K: 2 vectors of pairs 2·63·128 → 4·63·128 = 32,256 < 2^15, so a 16-element sub-block
//         takes two scale multiplies.
// The block integers are the byte-dot kernels' (exact), and the float steps are theirs, so the
// bits are the one-token kernels' (test/kernels-wasm/matmul.test.ts runs both paths).
import { GROUP_BLOCK } from "./kq-groups";
import { Q4K_ROW_BLOCK, q4kAddTerm, q4kMinsTerm } from "./q4k-prompt";
import { Q6K_ROW_BLOCK, q6kAddTerm, q6kBsumTerm } from "./q6k-prompt";
import { adjacentPairsOf, storeGroups } from "./simd";
import { maskLowByte16 } from "./consts";

/** i16 Σ of the pair sums of vectors (k, p), p = 0..7 at x + 16p, against word p of sub-block k at w + 4p (Q4_K tile). */
// @ts-ignore: decorator
@inline
function q4kSubBlock(x: usize, w: usize, lowByte: v128): v128 {
  const a = i16x8.add(adjacentPairsOf(v128.load32_splat(w), v128.load(x), lowByte), adjacentPairsOf(v128.load32_splat(w, 4), v128.load(x, 16), lowByte));
  const b = i16x8.add(adjacentPairsOf(v128.load32_splat(w, 8), v128.load(x, 32), lowByte), adjacentPairsOf(v128.load32_splat(w, 12), v128.load(x, 48), lowByte));
  const c = i16x8.add(adjacentPairsOf(v128.load32_splat(w, 16), v128.load(x, 64), lowByte), adjacentPairsOf(v128.load32_splat(w, 20), v128.load(x, 80), lowByte));
  const d = i16x8.add(adjacentPairsOf(v128.load32_splat(w, 24), v128.load(x, 96), lowByte), adjacentPairsOf(v128.load32_splat(w, 28), v128.load(x, 112), lowByte));
  return i16x8.add(i16x8.add(a, b), i16x8.add(c, d));
}

/**
 * One unpacked Q4_K row (tile at wt) · `groups` (1, 2 or 4; constant after inlining) token
 * groups of the group copy from xt, gs bytes apart → f32 at y, token t at y + t·ys.
 */
// @ts-ignore: decorator
@inline
function q4kRowGroups(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize, groups: i32): void {
  let o0 = f32x4.splat(0), o1 = f32x4.splat(0), o2 = f32x4.splat(0), o3 = f32x4.splat(0);
  const lowByte = maskLowByte16(); // used by the plain-SIMD pairing only
  for (let b = 0; b < nb; b++) {
    const wb = wt + <usize>b * Q4K_ROW_BLOCK;
    const x0 = xt + <usize>b * GROUP_BLOCK;
    let i0 = i32x4.splat(0), i1 = i0, i2 = i0, i3 = i0;
    for (let k: usize = 0; k < 8; k++) {
      const xk = x0 + (k << 7), wk = wb + (k << 5);
      // The (sc, sc) i16 pairs of the tile: every lane the scale.
      const sc = v128.load32_splat(wb + 256 + (k << 2));
      i0 = i32x4.add(i0, i32x4.dot_i16x8_s(q4kSubBlock(xk, wk, lowByte), sc));
      if (groups > 1) i1 = i32x4.add(i1, i32x4.dot_i16x8_s(q4kSubBlock(xk + gs, wk, lowByte), sc));
      if (groups > 2) {
        i2 = i32x4.add(i2, i32x4.dot_i16x8_s(q4kSubBlock(xk + 2 * gs, wk, lowByte), sc));
        i3 = i32x4.add(i3, i32x4.dot_i16x8_s(q4kSubBlock(xk + 3 * gs, wk, lowByte), sc));
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

/**
 * Σ_s sc_s·S_s over the two 16-element sub-blocks 2k (vectors p = 0..3) and 2k + 1 (4..7) of
 * one group (vectors (k, p) at x + 16p) against the Q6_K tile's words (p, k) at w + 32p, with
 * the scales se, so as i16 splats: i32 lane t = token t.
 */
// @ts-ignore: decorator
@inline
function q6kPair(x: usize, w: usize, se: v128, so: v128, lowByte: v128): v128 {
  const e0 = i16x8.add(adjacentPairsOf(v128.load32_splat(w), v128.load(x), lowByte), adjacentPairsOf(v128.load32_splat(w, 32), v128.load(x, 16), lowByte));
  const e1 = i16x8.add(adjacentPairsOf(v128.load32_splat(w, 64), v128.load(x, 32), lowByte), adjacentPairsOf(v128.load32_splat(w, 96), v128.load(x, 48), lowByte));
  const o0 = i16x8.add(adjacentPairsOf(v128.load32_splat(w, 128), v128.load(x, 64), lowByte), adjacentPairsOf(v128.load32_splat(w, 160), v128.load(x, 80), lowByte));
  const o1 = i16x8.add(adjacentPairsOf(v128.load32_splat(w, 192), v128.load(x, 96), lowByte), adjacentPairsOf(v128.load32_splat(w, 224), v128.load(x, 112), lowByte));
  return i32x4.add(
    i32x4.add(i32x4.dot_i16x8_s(e0, se), i32x4.dot_i16x8_s(e1, se)),
    i32x4.add(i32x4.dot_i16x8_s(o0, so), i32x4.dot_i16x8_s(o1, so)),
  );
}

/** q4kRowGroups for one unpacked Q6_K row. */
// @ts-ignore: decorator
@inline
function q6kRowGroups(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize, groups: i32): void {
  let o0 = f32x4.splat(0), o1 = f32x4.splat(0), o2 = f32x4.splat(0), o3 = f32x4.splat(0);
  const lowByte = maskLowByte16(); // used by the plain-SIMD pairing only
  for (let b = 0; b < nb; b++) {
    const wb = wt + <usize>b * Q6K_ROW_BLOCK;
    const x0 = xt + <usize>b * GROUP_BLOCK;
    let i0 = i32x4.splat(0), i1 = i0, i2 = i0, i3 = i0;
    for (let k: usize = 0; k < 8; k++) {
      const xk = x0 + (k << 7), wk = wb + (k << 2);
      // sc_2k and sc_2k+1 as i16 (the tile's even-then-odd scale vectors @320, @336).
      const se = v128.load16_splat(wb + 320 + (k << 1)), so = v128.load16_splat(wb + 336 + (k << 1));
      i0 = i32x4.add(i0, q6kPair(xk, wk, se, so, lowByte));
      if (groups > 1) i1 = i32x4.add(i1, q6kPair(xk + gs, wk, se, so, lowByte));
      if (groups > 2) {
        i2 = i32x4.add(i2, q6kPair(xk + 2 * gs, wk, se, so, lowByte));
        i3 = i32x4.add(i3, q6kPair(xk + 3 * gs, wk, se, so, lowByte));
      }
    }
    const d = f32x4.splat(load<f32>(wb + 352));
    o0 = q6kAddTerm(o0, i0, q6kBsumTerm(wb, x0), v128.load(x0 + 1088), d);
    if (groups > 1) o1 = q6kAddTerm(o1, i1, q6kBsumTerm(wb, x0 + gs), v128.load(x0 + gs + 1088), d);
    if (groups > 2) {
      o2 = q6kAddTerm(o2, i2, q6kBsumTerm(wb, x0 + 2 * gs), v128.load(x0 + 2 * gs + 1088), d);
      o3 = q6kAddTerm(o3, i3, q6kBsumTerm(wb, x0 + 3 * gs), v128.load(x0 + 3 * gs + 1088), d);
    }
  }
  storeGroups(o0, o1, o2, o3, y, ys, groups);
}

export function q4kPairSumGroups1(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  q4kRowGroups(wt, nb, xt, gs, y, ys, 1);
}
export function q4kPairSumGroups2(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  q4kRowGroups(wt, nb, xt, gs, y, ys, 2);
}
export function q4kPairSumGroups4(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  q4kRowGroups(wt, nb, xt, gs, y, ys, 4);
}
export function q6kPairSumGroups1(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  q6kRowGroups(wt, nb, xt, gs, y, ys, 1);
}
export function q6kPairSumGroups2(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  q6kRowGroups(wt, nb, xt, gs, y, ys, 2);
}
export function q6kPairSumGroups4(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  q6kRowGroups(wt, nb, xt, gs, y, ys, 4);
}
