// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q4_K prompt kernels on the byte dot product (relaxed build): 4 tokens per instruction.
//
// The weights' 4-bit values (0..15) are the 7-bit operand of
// i32x4.relaxed_dot_i8x16_i7x16_add_s, which relaxed SIMD defines exactly for bytes < 128, so
// this runs on every host with relaxed SIMD (x86 VNNI: vpdpbusd; Arm: sdot; else pmaddubsw,
// which cannot saturate here: 2·15·128 < 2^15).
//
// Per 16-row tile, each row's repacked blocks (q4k.ts) are unpacked once into the thread's
// scratch (ROW_BLOCK bytes a block): words [m][k] at 32m + 4k holding elements 4m..4m+3 of
// sub-block k (u8), the 8 scales as i32 @256, the mins as i16 pairs (mn_2p, mn_2p+1) @288,
// f32 d @304, dmin @308. Every token group then reads a word as a splat.
// The activations of each whole group of 4 tokens are copied once per matmul from their Q8_Kp
// rows (GROUP_BLOCK bytes a block): vector (k, m) @16·(8k + m) holds in lane t the quants of
// token t at elements 4m..4m+3 of sub-block k; @1024 the sums32 as i16 pairs (lane t of
// vector p = sums of sub-blocks 2p, 2p+1); @1088 the 4 tokens' d.
// One dot of a splat with vector (k, m) adds 4 products to each token's sum of sub-block k;
// the block's integers isum = Σ sc_k·S_k, msum = Σ mn_k·sums32_k are exact and the float step
// is q4k.ts blockTerm lane-wise, so the bits are those of the one-token kernel (tested).
import { minsOf, scalesOf, dotQ4_K } from "./q4k";
import { dotBytesU8 } from "./simd";
import { mask63, maskLow4 } from "./consts";
import { lutF16 } from "./f16";

const ROW_BLOCK: usize = 312;
const GROUP_BLOCK: usize = 1104;

/** Scratch bytes a thread needs for one tile of 16 unpacked rows of nb blocks. */
export function q4kTileBytes(nb: i32): usize {
  return 16 * <usize>nb * ROW_BLOCK;
}

/** Bytes of the interleaved copy of n Q8_Kp rows of nb blocks (whole groups of 4 only). */
export function q4kGroupBytes(nb: i32, n: i32): usize {
  return <usize>(n >> 2) * <usize>nb * GROUP_BLOCK;
}

/** [a0 b0 c0 d0] … [a3 b3 c3 d3] of four i32x4, stored 16·stride bytes apart from p. */
// @ts-ignore: decorator
@inline
function storeTransposed(a: v128, b: v128, c: v128, d: v128, p: usize, stride: usize): void {
  const abLo = i32x4.shuffle(a, b, 0, 4, 1, 5), abHi = i32x4.shuffle(a, b, 2, 6, 3, 7);
  const cdLo = i32x4.shuffle(c, d, 0, 4, 1, 5), cdHi = i32x4.shuffle(c, d, 2, 6, 3, 7);
  v128.store(p, i64x2.shuffle(abLo, cdLo, 0, 2));
  v128.store(p + stride, i64x2.shuffle(abLo, cdLo, 1, 3));
  v128.store(p + 2 * stride, i64x2.shuffle(abHi, cdHi, 0, 2));
  v128.store(p + 3 * stride, i64x2.shuffle(abHi, cdHi, 1, 3));
}

/**
 * Words k = 0..3 (h = 0) or 4..7 (h = 1) of elements 4m..4m+3, natural order, from the two
 * Q8_Kp vectors 2m (a) and 2m+1 (b): byte 2k+t of a is element 32k+4m+t, of b 32k+4m+2+t.
 */
// @ts-ignore: decorator
@inline
function wordsLo(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
}
// @ts-ignore: decorator
@inline
function wordsHi(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
}

/** Writes the token-interleaved copy of every whole group of 4 of the n Q8_Kp rows at xq to xt. */
export function interleaveQ8_Kp(xq: usize, nb: i32, n: i32, xt: usize): void {
  const rowBytes = <usize>nb * 308;
  for (let g = 0; g + 4 <= n; g += 4) {
    const x0 = xq + <usize>g * rowBytes, x1 = x0 + rowBytes, x2 = x1 + rowBytes, x3 = x2 + rowBytes;
    const out = xt + (<usize>g >> 2) * <usize>nb * GROUP_BLOCK;
    for (let b = 0; b < nb; b++) {
      const o = <usize>b * 308;
      const ob = out + <usize>b * GROUP_BLOCK;
      for (let m: usize = 0; m < 8; m++) {
        const q = o + 4 + (m << 5);
        const a0 = v128.load(x0 + q), b0 = v128.load(x0 + q + 16);
        const a1 = v128.load(x1 + q), b1 = v128.load(x1 + q + 16);
        const a2 = v128.load(x2 + q), b2 = v128.load(x2 + q + 16);
        const a3 = v128.load(x3 + q), b3 = v128.load(x3 + q + 16);
        // vector (k, m) at 16·(8k + m): consecutive k are 128 bytes apart
        storeTransposed(wordsLo(a0, b0), wordsLo(a1, b1), wordsLo(a2, b2), wordsLo(a3, b3), ob + (m << 4), 128);
        storeTransposed(wordsHi(a0, b0), wordsHi(a1, b1), wordsHi(a2, b2), wordsHi(a3, b3), ob + 512 + (m << 4), 128);
      }
      storeTransposed(v128.load(x0 + o + 292), v128.load(x1 + o + 292), v128.load(x2 + o + 292), v128.load(x3 + o + 292), ob + 1024, 16);
      v128.store(ob + 1088, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(x0 + o)), 1, load<f32>(x1 + o)), 2, load<f32>(x2 + o)), 3, load<f32>(x3 + o)));
    }
  }
}

/** Unpacks repacked Q4_K rows [r0, r1) (rowBytes apart from w) into the scratch at s. */
function unpackRows(w: usize, rowBytes: usize, nb: i32, r0: i32, r1: i32, s: usize): void {
  const mask = maskLow4();
  const m63 = mask63();
  for (let r = r0; r < r1; r++) {
    const row = w + <usize>r * rowBytes;
    const out = s + <usize>(r - r0) * <usize>nb * ROW_BLOCK;
    for (let b = 0; b < nb; b++) {
      const wb = row + <usize>b * 144;
      const ob = out + <usize>b * ROW_BLOCK;
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

// @ts-ignore: decorator
@inline
function dot4(x: usize, w: v128, acc: v128): v128 {
  return dotBytesU8(v128.load(x), w, acc);
}

// @ts-ignore: decorator
@inline
function store4(acc: v128, y: usize, ys: usize): void {
  store<f32>(y, f32x4.extract_lane(acc, 0));
  store<f32>(y + ys, f32x4.extract_lane(acc, 1));
  store<f32>(y + 2 * ys, f32x4.extract_lane(acc, 2));
  store<f32>(y + 3 * ys, f32x4.extract_lane(acc, 3));
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
    const wb = wt + <usize>b * ROW_BLOCK;
    const x0 = xt + <usize>b * GROUP_BLOCK;
    let i0 = zero, i1 = zero, i2 = zero, i3 = zero;
    for (let k: usize = 0; k < 8; k++) {
      let e0 = zero, e1 = zero, e2 = zero, e3 = zero, f0 = zero, f1 = zero, f2 = zero, f3 = zero;
      const xk = x0 + (k << 7);
      for (let m: usize = 0; m < 8; m += 2) {
        const we = v128.load32_splat(wb + (m << 5) + (k << 2));
        e0 = dot4(xk + (m << 4), we, e0);
        if (groups > 1) e1 = dot4(xk + gs + (m << 4), we, e1);
        if (groups > 2) {
          e2 = dot4(xk + 2 * gs + (m << 4), we, e2);
          e3 = dot4(xk + 3 * gs + (m << 4), we, e3);
        }
        const wo = v128.load32_splat(wb + (m << 5) + 32 + (k << 2));
        f0 = dot4(xk + (m << 4) + 16, wo, f0);
        if (groups > 1) f1 = dot4(xk + gs + (m << 4) + 16, wo, f1);
        if (groups > 2) {
          f2 = dot4(xk + 2 * gs + (m << 4) + 16, wo, f2);
          f3 = dot4(xk + 3 * gs + (m << 4) + 16, wo, f3);
        }
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

function rowGroups1(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 1);
}
function rowGroups2(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 2);
}
function rowGroups4(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 4);
}

/**
 * y (n, rows) = xq (n Q8_Kp rows, then their interleaved copy) · repacked Q4_K rows [r0, r1)ᵀ,
 * tile by tile: unpack 16 rows into `scratch` (q4kTileBytes), pass every whole group of tokens
 * over them 16, 8 or 4 at a time, then the n mod 4 last tokens with the one-token kernel.
 */
export function matmulQ4KPrompt(w: usize, rowBytes: usize, cols: i32, rows: i32, xq: usize, n: i32, y: usize, r0: i32, r1: i32, scratch: usize): void {
  const nb = cols >> 8;
  const xb = <usize>nb * 308;
  const ys = <usize>rows << 2;
  const xt = xq + <usize>n * xb, gs = <usize>nb * GROUP_BLOCK;
  const rowScratch = <usize>nb * ROW_BLOCK;
  for (let t0 = r0; t0 < r1; t0 += 16) {
    const t1 = min(t0 + 16, r1);
    unpackRows(w, rowBytes, nb, t0, t1, scratch);
    let j = 0;
    for (; j + 4 <= n; ) {
      const g = n - j >= 16 ? 16 : n - j >= 8 ? 8 : 4;
      const xg = xt + (<usize>j >> 2) * gs;
      const yr = y + <usize>j * ys;
      for (let r = t0; r < t1; r++) {
        const wt = scratch + <usize>(r - t0) * rowScratch, yo = yr + (<usize>r << 2);
        if (g == 16) rowGroups4(wt, nb, xg, gs, yo, ys);
        else if (g == 8) rowGroups2(wt, nb, xg, gs, yo, ys);
        else rowGroups1(wt, nb, xg, gs, yo, ys);
      }
      j += g;
    }
    for (; j < n; j++) {
      for (let r = t0; r < t1; r++) {
        store<f32>(y + <usize>j * ys + (<usize>r << 2), dotQ4_K(w + <usize>r * rowBytes, xq + <usize>j * xb, nb));
      }
    }
  }
}
