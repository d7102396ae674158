// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q6_K prompt kernels (driven by kq-prompt.ts): 4 tokens per byte dot, as q4k-prompt.ts.
//
// Per 16-row tile, each row's repacked blocks (q6k.ts) are unpacked once into the thread's
// scratch (Q6K_ROW_BLOCK bytes a block): words [p][k] at 32p + 4k holding the 6-bit values
// (0..63, +32 biased) of elements 32k + 4p .. 32k + 4p + 3 — word p & 3 of 16-element sub-block
// 2k + (p >> 2), the same elements as activation vector (k, p) of kq-groups.ts; the scales as
// i32 (sc_2k @256 + 8k, sc_2k+1 @260 + 8k); the scales again as i16 pairs in Q8_Kp's
// even-then-odd bsum order @320; f32 d @352.
// The block's integer isum = Σ_s sc_s·S_s − 32·Σ_s sc_s·bsum_s is exact and the float step is
// q6k.ts q6kFinish's (dx·d)·f32(isum) lane-wise, so the bits are the one-token kernel's (tested).
import { q6kMasks, sixBits } from "./q6k";
import { GROUP_BLOCK, wordsHi, wordsLo } from "./kq-groups";
import { dotBytesU8, storeGroups } from "./simd";
import { lutF16 } from "./f16";

export const Q6K_ROW_BLOCK: usize = 356;

/** Unpacks repacked Q6_K rows [r0, r1) (rowBytes apart from w) into the scratch at s. */
export function unpackQ6KRows(w: usize, rowBytes: usize, nb: i32, r0: i32, r1: i32, s: usize): void {
  const mask = q6kMasks();
  for (let r = r0; r < r1; r++) {
    const row = w + <usize>r * rowBytes;
    const out = s + <usize>(r - r0) * <usize>nb * Q6K_ROW_BLOCK;
    for (let b = 0; b < nb; b++) {
      const wb = row + <usize>b * 210;
      const ob = out + <usize>b * Q6K_ROW_BLOCK;
      for (let i: usize = 0; i < 4; i++) {
        // Unpacked vectors 4i .. 4i+3 (q6k.ts q6kGroup): pairs (4i, 4i+1) and (4i+2, 4i+3) give words p = 2i, 2i+1.
        const ca = v128.load(wb + 48 * i), cb = v128.load(wb + 48 * i, 16), cc = v128.load(wb + 48 * i, 32);
        const u0 = sixBits(ca, cb, cc, 0, mask);
        const u1 = sixBits(ca, cb, cc, 1, mask);
        const u2 = sixBits(ca, cb, cc, 2, mask);
        const u3 = sixBits(ca, cb, cc, 3, mask);
        v128.store(ob + (i << 6), wordsLo(u0, u1));
        v128.store(ob + (i << 6) + 16, wordsHi(u0, u1));
        v128.store(ob + (i << 6) + 32, wordsLo(u2, u3));
        v128.store(ob + (i << 6) + 48, wordsHi(u2, u3));
      }
      for (let k: usize = 0; k < 8; k++) {
        store<i32>(ob + 256 + (k << 3), <i32>load<i8>(wb + 192 + k));
        store<i32>(ob + 260 + (k << 3), <i32>load<i8>(wb + 200 + k));
      }
      v128.store(ob + 320, v128.load8x8_s(wb + 192));
      v128.store(ob + 336, v128.load8x8_s(wb + 200));
      store<f32>(ob + 352, lutF16(wb + 208));
    }
  }
}

/** Σ_s sc_s·bsum_s of the group at x: 8 pairwise products of i16 pairs. */
// @ts-ignore: decorator
@inline
export function q6kBsumTerm(wb: usize, x: usize): v128 {
  let c = i32x4.splat(0);
  for (let q: usize = 0; q < 8; q++) c = i32x4.add(c, i32x4.dot_i16x8_s(v128.load32_splat(wb + 320 + (q << 2)), v128.load(x + 1104 + (q << 4))));
  return c;
}

/** q6kFinish lane-wise: o + (dx·d)·f32(isum − 32·corr). */
// @ts-ignore: decorator
@inline
export function q6kAddTerm(o: v128, sums: v128, corr: v128, dx: v128, d: v128): v128 {
  return f32x4.add(o, f32x4.mul(f32x4.mul(dx, d), f32x4.convert_i32x4_s(i32x4.sub(sums, i32x4.shl(corr, 5)))));
}

/**
 * Σ over p = 0..3 (sub-block 2k: lowChain) or 4..7 (2k + 1: highChain) of the group's vector
 * (k, p) at x + 16p against the splat of word (p, k) at w + 32p, with constant offsets (see
 * q4k-prompt.ts evenChain).
 */
// @ts-ignore: decorator
@inline
function lowChain(x: usize, w: usize): v128 {
  let a = dotBytesU8(v128.load(x), v128.load32_splat(w), i32x4.splat(0));
  a = dotBytesU8(v128.load(x, 16), v128.load32_splat(w, 32), a);
  a = dotBytesU8(v128.load(x, 32), v128.load32_splat(w, 64), a);
  return dotBytesU8(v128.load(x, 48), v128.load32_splat(w, 96), a);
}
// @ts-ignore: decorator
@inline
function highChain(x: usize, w: usize): v128 {
  let a = dotBytesU8(v128.load(x, 64), v128.load32_splat(w, 128), i32x4.splat(0));
  a = dotBytesU8(v128.load(x, 80), v128.load32_splat(w, 160), a);
  a = dotBytesU8(v128.load(x, 96), v128.load32_splat(w, 192), a);
  return dotBytesU8(v128.load(x, 112), v128.load32_splat(w, 224), a);
}

/**
 * One unpacked row (scratch at wt) · `groups` (1, 2 or 4; constant after inlining) token groups
 * from xt, gs bytes apart → f32 at y, token t at y + t·ys. Two accumulators per group (the two
 * 16-element sub-blocks of each 32) keep 8 dot chains in flight.
 */
// @ts-ignore: decorator
@inline
function rowGroups(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize, groups: i32): void {
  let o0 = f32x4.splat(0), o1 = f32x4.splat(0), o2 = f32x4.splat(0), o3 = f32x4.splat(0);
  const zero = i32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const wb = wt + <usize>b * Q6K_ROW_BLOCK;
    const x0 = xt + <usize>b * GROUP_BLOCK;
    let i0 = zero, i1 = zero, i2 = zero, i3 = zero;
    for (let k: usize = 0; k < 8; k++) {
      const xk = x0 + (k << 7), wk = wb + (k << 2);
      const e0 = lowChain(xk, wk), f0 = highChain(xk, wk);
      let e1 = zero, f1 = zero, e2 = zero, f2 = zero, e3 = zero, f3 = zero;
      if (groups > 1) {
        e1 = lowChain(xk + gs, wk);
        f1 = highChain(xk + gs, wk);
      }
      if (groups > 2) {
        e2 = lowChain(xk + 2 * gs, wk);
        f2 = highChain(xk + 2 * gs, wk);
        e3 = lowChain(xk + 3 * gs, wk);
        f3 = highChain(xk + 3 * gs, wk);
      }
      const se = v128.load32_splat(wb + 256 + (k << 3)), so = v128.load32_splat(wb + 260 + (k << 3));
      i0 = i32x4.add(i0, i32x4.add(i32x4.mul(se, e0), i32x4.mul(so, f0)));
      if (groups > 1) i1 = i32x4.add(i1, i32x4.add(i32x4.mul(se, e1), i32x4.mul(so, f1)));
      if (groups > 2) {
        i2 = i32x4.add(i2, i32x4.add(i32x4.mul(se, e2), i32x4.mul(so, f2)));
        i3 = i32x4.add(i3, i32x4.add(i32x4.mul(se, e3), i32x4.mul(so, f3)));
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

export function q6kRowGroups1(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 1);
}
export function q6kRowGroups2(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 2);
}
export function q6kRowGroups4(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 4);
}
