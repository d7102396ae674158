// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q4_K prompt kernels (driven by kq-prompt.ts): 4 tokens per byte dot.
//
// Per 16-row tile, each row's repacked blocks (q4k.ts) are unpacked once into the thread's
// scratch (Q4K_ROW_BLOCK bytes a block): words [m][k] at 32m + 4k holding elements 4m..4m+3 of
// sub-block k (u8 0..15), the 8 scales as i32 @256, the mins as i16 pairs (mn_2p, mn_2p+1)
// @288, f32 d @304, dmin @308. Every token group of the activation copy (kq-groups.ts) then
// reads a word as a splat; one dot adds 4 products to each of 4 tokens' sum of sub-block k.
// The block's integers isum = Σ sc_k·S_k, msum = Σ mn_k·sums32_k are exact and the float step
// is q4k.ts blockTerm lane-wise, so the bits are those of the one-token kernel (tested).
import { minsOf, scalesOf } from "./q4k";
import { GROUP_BLOCK, wordsHi, wordsLo } from "./kq-groups";
import { dotBytesU8, store4 } from "./simd";
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
      for (let m: usize = 0; m < 8; m++) {
        const q = v128.load(wb + 16 + (m << 4));
        const lo = v128.and(q, mask);
        const hi = v128.and(i16x8.shr_u(q, 4), mask);
        v128.store(ob + (m << 5), wordsLo(lo, hi));
        v128.store(ob + (m << 5) + 16, wordsHi(lo, hi));
      }
      const sc = scalesOf(wb, m63);
      v128.store(ob + 256, i32x4.extend_low_i16x8_u(sc));
      v128.store(ob + 272, i32x4.extend_high_i16x8_u(sc));
      v128.store(ob + 288, minsOf(wb, mask));
      store<f32>(ob + 304, lutF16(wb));
      store<f32>(ob + 308, lutF16(wb + 2));
    }
  }
}

/** blockTerm lane-wise: o + (f32(isum)·(dx·d) − f32(msum)·(dx·dmin)). */
// @ts-ignore: decorator
@inline
function addTerm(o: v128, isum: v128, msum: v128, dx: v128, d: v128, dmin: v128): v128 {
  return f32x4.add(o, f32x4.sub(f32x4.mul(f32x4.convert_i32x4_s(isum), f32x4.mul(dx, d)), f32x4.mul(f32x4.convert_i32x4_s(msum), f32x4.mul(dx, dmin))));
}

/** Σ_p (mn_2p, mn_2p+1)·(sums32 pairs of the group at x): the group's 4 msums. */
// @ts-ignore: decorator
@inline
function minsTerm(wb: usize, x: usize): v128 {
  return i32x4.add(
    i32x4.add(i32x4.dot_i16x8_s(v128.load32_splat(wb + 288), v128.load(x + 1024)), i32x4.dot_i16x8_s(v128.load32_splat(wb + 292), v128.load(x + 1040))),
    i32x4.add(i32x4.dot_i16x8_s(v128.load32_splat(wb + 296), v128.load(x + 1056)), i32x4.dot_i16x8_s(v128.load32_splat(wb + 300), v128.load(x + 1072))),
  );
}

/**
 * Σ over m = 0, 2, 4, 6 (even) or 1, 3, 5, 7 (odd) of the group's vector (k, m) at x + 16m
 * against the splat of word (m, k) at w + 32m: written out with constant offsets, since a loop
 * here cost V8 more address arithmetic and loop checks than dots.
 */
// @ts-ignore: decorator
@inline
function evenChain(x: usize, w: usize): v128 {
  let a = dotBytesU8(v128.load(x), v128.load32_splat(w), i32x4.splat(0));
  a = dotBytesU8(v128.load(x, 32), v128.load32_splat(w, 64), a);
  a = dotBytesU8(v128.load(x, 64), v128.load32_splat(w, 128), a);
  return dotBytesU8(v128.load(x, 96), v128.load32_splat(w, 192), a);
}
// @ts-ignore: decorator
@inline
function oddChain(x: usize, w: usize): v128 {
  let a = dotBytesU8(v128.load(x, 16), v128.load32_splat(w, 32), i32x4.splat(0));
  a = dotBytesU8(v128.load(x, 48), v128.load32_splat(w, 96), a);
  a = dotBytesU8(v128.load(x, 80), v128.load32_splat(w, 160), a);
  return dotBytesU8(v128.load(x, 112), v128.load32_splat(w, 224), a);
}

/**
 * One unpacked row (scratch at wt) · `groups` (1, 2 or 4; constant after inlining) token groups
 * from xt, gs bytes apart → f32 at y, token t at y + t·ys. Two accumulators per group (even and
 * odd m) keep 8 dot chains in flight.
 */
// @ts-ignore: decorator
@inline
function rowGroups(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize, groups: i32): void {
  let o0 = f32x4.splat(0), o1 = f32x4.splat(0), o2 = f32x4.splat(0), o3 = f32x4.splat(0);
  const zero = i32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const wb = wt + <usize>b * Q4K_ROW_BLOCK;
    const x0 = xt + <usize>b * GROUP_BLOCK;
    let i0 = zero, i1 = zero, i2 = zero, i3 = zero;
    for (let k: usize = 0; k < 8; k++) {
      const xk = x0 + (k << 7), wk = wb + (k << 2);
      const e0 = evenChain(xk, wk), f0 = oddChain(xk, wk);
      let e1 = zero, f1 = zero, e2 = zero, f2 = zero, e3 = zero, f3 = zero;
      if (groups > 1) {
        e1 = evenChain(xk + gs, wk);
        f1 = oddChain(xk + gs, wk);
      }
      if (groups > 2) {
        e2 = evenChain(xk + 2 * gs, wk);
        f2 = oddChain(xk + 2 * gs, wk);
        e3 = evenChain(xk + 3 * gs, wk);
        f3 = oddChain(xk + 3 * gs, wk);
      }
      const sc = v128.load32_splat(wb + 256 + (k << 2));
      i0 = i32x4.add(i0, i32x4.mul(sc, i32x4.add(e0, f0)));
      if (groups > 1) i1 = i32x4.add(i1, i32x4.mul(sc, i32x4.add(e1, f1)));
      if (groups > 2) {
        i2 = i32x4.add(i2, i32x4.mul(sc, i32x4.add(e2, f2)));
        i3 = i32x4.add(i3, i32x4.mul(sc, i32x4.add(e3, f3)));
      }
    }
    const d = f32x4.splat(load<f32>(wb + 304)), dmin = f32x4.splat(load<f32>(wb + 308));
    o0 = addTerm(o0, i0, minsTerm(wb, x0), v128.load(x0 + 1088), d, dmin);
    if (groups > 1) o1 = addTerm(o1, i1, minsTerm(wb, x0 + gs), v128.load(x0 + gs + 1088), d, dmin);
    if (groups > 2) {
      o2 = addTerm(o2, i2, minsTerm(wb, x0 + 2 * gs), v128.load(x0 + 2 * gs + 1088), d, dmin);
      o3 = addTerm(o3, i3, minsTerm(wb, x0 + 3 * gs), v128.load(x0 + 3 * gs + 1088), d, dmin);
    }
  }
  store4(o0, y, ys);
  if (groups > 1) store4(o1, y + 4 * ys, ys);
  if (groups > 2) {
    store4(o2, y + 8 * ys, ys);
    store4(o3, y + 12 * ys, ys);
  }
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

