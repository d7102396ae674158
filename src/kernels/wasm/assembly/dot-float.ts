// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Float weight rows × f32 activation rows (activations already rounded to the weight type).
import { f16EvenRebiasFree, f16Mask, f16OddRebiasFree, f16RebiasFree } from "./f16";
import { hsumF32, maddExact } from "./simd";

export function dotF32(w: usize, x: usize, k: i32): f32 {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const o = <usize>i << 2;
    a0 = f32x4.add(a0, f32x4.mul(v128.load(w + o), v128.load(x + o)));
    a1 = f32x4.add(a1, f32x4.mul(v128.load(w + o, 16), v128.load(x + o, 16)));
  }
  let s = hsumF32(f32x4.add(a0, a1));
  for (; i < k; i++) s += load<f32>(w + (<usize>i << 2)) * load<f32>(x + (<usize>i << 2));
  return s;
}

// The relaxed build fuses these multiply-adds (maddExact): F16 prompt +25–50 % (1 thread, 1.7B
// ffn shape). Same bits as unfused: f16·f16 and bf16·bf16 products are exact in f32.
// F16 weights are widened without their 2^112 rebias: the activations arrive pre-multiplied by
// 2^112 (roundRowF16), and (w·2^-112)·(x·2^112) rounds the same real product w·x once — the
// same bits for one multiply fewer per 4 weights (|x| ≤ 65504 after f16 rounding: no overflow).

// F16: 8 weights widen as their even elements (the low half of each i32 lane) and their odd
// ones (the high half) — shifts and a mask, no extend instructions — and the activations for
// F16 weights arrive in that order within each whole 8-group (x0 x2 x4 x6 x1 x3 x5 x7;
// quant.ts roundRowF16). BF16 (a shift per lane) widens in element order: lanes 0–3, 4–7.

/** Weights 0, 2, 4, 6 (F16, rebias-free bits) or 0–3 (BF16, exact) of the 8 at h as f32x4. */
// @ts-ignore: decorator
@inline
function widenLo(h: v128, bf16: bool, mask: v128): v128 {
  return bf16 ? i32x4.shl(i32x4.extend_low_i16x8_u(h), 16) : f16EvenRebiasFree(h, mask);
}
/** Weights 1, 3, 5, 7 (F16, rebias-free bits) or 4–7 (BF16). */
// @ts-ignore: decorator
@inline
function widenHi(h: v128, bf16: bool, mask: v128): v128 {
  return bf16 ? i32x4.shl(i32x4.extend_high_i16x8_u(h), 16) : f16OddRebiasFree(h, mask);
}

/** Scalar weight i of an F16 (rebias-free) / BF16 row. */
// @ts-ignore: decorator
@inline
function weightAt(w: usize, i: i32, bf16: bool): f32 {
  const h = <u32>load<u16>(w + (<usize>i << 1));
  return bf16 ? reinterpret<f32>(h << 16) : f16RebiasFree(h);
}

/** One F16 (bf16 false) or BF16 row × one activation row: lanes over 8 weights, then the tail. */
// @ts-ignore: decorator
@inline
function dotHalf(w: usize, bf16: bool, x: usize, k: i32): f32 {
  const mask = f16Mask();
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const h = v128.load(w + (<usize>i << 1));
    const o = <usize>i << 2;
    a0 = maddExact(widenLo(h, bf16, mask), v128.load(x + o), a0);
    a1 = maddExact(widenHi(h, bf16, mask), v128.load(x + o, 16), a1);
  }
  let s = hsumF32(f32x4.add(a0, a1));
  for (; i < k; i++) s += weightAt(w, i, bf16) * load<f32>(x + (<usize>i << 2));
  return s;
}

export function dotF16(w: usize, x: usize, k: i32): f32 {
  return dotHalf(w, false, x, k);
}

export function dotBF16(w: usize, x: usize, k: i32): f32 {
  return dotHalf(w, true, x, k);
}

/**
 * Four or eight (`rows`, a constant after inlining) F16 / BF16 rows, gap bytes apart, × one
 * activation row → y + k·yGap, each with dotHalf's steps (same bits): the activations are
 * loaded once for all, and several weight streams are in flight (decode: matmul.ts decodeRows).
 * One function per type and count, so the loop tests neither. Four rows keep their eight
 * accumulators, the activations and the mask in registers; eight spill, which the Sapphire
 * Rapids host's short streams still repaid (4 → 8 rows 21.7 → 25.5 GB/s) and the AMD EPYC Zen 5
 * host's long ones did not (1.7B F16 decode step 108 → 88 ms with four).
 */
// @ts-ignore: decorator
@inline
function halfRows(w: usize, gap: usize, bf16: bool, x: usize, k: i32, y: usize, yGap: usize, rows: i32): void {
  const mask = f16Mask();
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  let e0 = f32x4.splat(0), e1 = f32x4.splat(0), f0 = f32x4.splat(0), f1 = f32x4.splat(0);
  let g0 = f32x4.splat(0), g1 = f32x4.splat(0), k0 = f32x4.splat(0), k1 = f32x4.splat(0);
  const w1 = w + gap, w2 = w1 + gap, w3 = w2 + gap, w4 = w3 + gap, w5 = w4 + gap, w6 = w5 + gap, w7 = w6 + gap;
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const o = <usize>i << 2, oh = <usize>i << 1;
    const xl = v128.load(x + o), xh = v128.load(x + o, 16);
    let h = v128.load(w + oh);
    a0 = maddExact(widenLo(h, bf16, mask), xl, a0); a1 = maddExact(widenHi(h, bf16, mask), xh, a1);
    h = v128.load(w1 + oh);
    b0 = maddExact(widenLo(h, bf16, mask), xl, b0); b1 = maddExact(widenHi(h, bf16, mask), xh, b1);
    h = v128.load(w2 + oh);
    c0 = maddExact(widenLo(h, bf16, mask), xl, c0); c1 = maddExact(widenHi(h, bf16, mask), xh, c1);
    h = v128.load(w3 + oh);
    d0 = maddExact(widenLo(h, bf16, mask), xl, d0); d1 = maddExact(widenHi(h, bf16, mask), xh, d1);
    if (rows > 4) {
      h = v128.load(w4 + oh);
      e0 = maddExact(widenLo(h, bf16, mask), xl, e0); e1 = maddExact(widenHi(h, bf16, mask), xh, e1);
      h = v128.load(w5 + oh);
      f0 = maddExact(widenLo(h, bf16, mask), xl, f0); f1 = maddExact(widenHi(h, bf16, mask), xh, f1);
      h = v128.load(w6 + oh);
      g0 = maddExact(widenLo(h, bf16, mask), xl, g0); g1 = maddExact(widenHi(h, bf16, mask), xh, g1);
      h = v128.load(w7 + oh);
      k0 = maddExact(widenLo(h, bf16, mask), xl, k0); k1 = maddExact(widenHi(h, bf16, mask), xh, k1);
    }
  }
  let s0 = hsumF32(f32x4.add(a0, a1)), s1 = hsumF32(f32x4.add(b0, b1));
  let s2 = hsumF32(f32x4.add(c0, c1)), s3 = hsumF32(f32x4.add(d0, d1));
  let s4 = hsumF32(f32x4.add(e0, e1)), s5 = hsumF32(f32x4.add(f0, f1));
  let s6 = hsumF32(f32x4.add(g0, g1)), s7 = hsumF32(f32x4.add(k0, k1));
  for (; i < k; i++) {
    const xi = load<f32>(x + (<usize>i << 2));
    s0 += weightAt(w, i, bf16) * xi; s1 += weightAt(w1, i, bf16) * xi;
    s2 += weightAt(w2, i, bf16) * xi; s3 += weightAt(w3, i, bf16) * xi;
    if (rows > 4) {
      s4 += weightAt(w4, i, bf16) * xi; s5 += weightAt(w5, i, bf16) * xi;
      s6 += weightAt(w6, i, bf16) * xi; s7 += weightAt(w7, i, bf16) * xi;
    }
  }
  store<f32>(y, s0); store<f32>(y + yGap, s1); store<f32>(y + 2 * yGap, s2); store<f32>(y + 3 * yGap, s3);
  if (rows > 4) {
    store<f32>(y + 4 * yGap, s4); store<f32>(y + 5 * yGap, s5); store<f32>(y + 6 * yGap, s6); store<f32>(y + 7 * yGap, s7);
  }
}

export function dotHalf4F16(w: usize, gap: usize, x: usize, k: i32, y: usize, yGap: usize): void {
  halfRows(w, gap, false, x, k, y, yGap, 4);
}

export function dotHalf4BF16(w: usize, gap: usize, x: usize, k: i32, y: usize, yGap: usize): void {
  halfRows(w, gap, true, x, k, y, yGap, 4);
}

export function dotHalf8F16(w: usize, gap: usize, x: usize, k: i32, y: usize, yGap: usize): void {
  halfRows(w, gap, false, x, k, y, yGap, 8);
}

export function dotHalf8BF16(w: usize, gap: usize, x: usize, k: i32, y: usize, yGap: usize): void {
  halfRows(w, gap, true, x, k, y, yGap, 8);
}

/**
 * One F16 (bf16 false) or BF16 row × 4 f32 rows (xs bytes apart) → 4 f32 at y, ys apart: each
 * 8 weights widened once for the four tokens — or, `tiled`, read already widened from a prompt
 * tile (widenRows). Per token the same lanes, steps and tail as dotHalf, so a token gets the
 * same bits in a batch or alone.
 */
// @ts-ignore: decorator
@inline
function halfx4(w: usize, wt: usize, tiled: bool, bf16: bool, x: usize, xs: usize, k: i32, y: usize, ys: usize): void {
  const mask = f16Mask();
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
  let a2 = f32x4.splat(0), b2 = f32x4.splat(0), a3 = f32x4.splat(0), b3 = f32x4.splat(0);
  const x1 = x + xs, x2 = x1 + xs, x3 = x2 + xs;
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const o = <usize>i << 2;
    const h = tiled ? i32x4.splat(0) : v128.load(w + (<usize>i << 1));
    const lo = tiled ? v128.load(wt + o) : widenLo(h, bf16, mask), hi = tiled ? v128.load(wt + o, 16) : widenHi(h, bf16, mask);
    a0 = maddExact(lo, v128.load(x + o), a0);
    b0 = maddExact(hi, v128.load(x + o, 16), b0);
    a1 = maddExact(lo, v128.load(x1 + o), a1);
    b1 = maddExact(hi, v128.load(x1 + o, 16), b1);
    a2 = maddExact(lo, v128.load(x2 + o), a2);
    b2 = maddExact(hi, v128.load(x2 + o, 16), b2);
    a3 = maddExact(lo, v128.load(x3 + o), a3);
    b3 = maddExact(hi, v128.load(x3 + o, 16), b3);
  }
  let s0 = hsumF32(f32x4.add(a0, b0)), s1 = hsumF32(f32x4.add(a1, b1));
  let s2 = hsumF32(f32x4.add(a2, b2)), s3 = hsumF32(f32x4.add(a3, b3));
  for (; i < k; i++) {
    const wi = weightAt(w, i, bf16);
    const o = <usize>i << 2;
    s0 += wi * load<f32>(x + o);
    s1 += wi * load<f32>(x1 + o);
    s2 += wi * load<f32>(x2 + o);
    s3 += wi * load<f32>(x3 + o);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
  store<f32>(y + 2 * ys, s2);
  store<f32>(y + 3 * ys, s3);
}

export function dotHalfx4(w: usize, bf16: bool, x: usize, xs: usize, k: i32, y: usize, ys: usize): void {
  halfx4(w, 0, false, bf16, x, xs, k, y, ys);
}

/** dotHalfx4 with the row's whole 8-groups read from its widened copy at wt (widenRows). */
export function dotHalfx4Tiled(w: usize, wt: usize, bf16: bool, x: usize, xs: usize, k: i32, y: usize, ys: usize): void {
  halfx4(w, wt, true, bf16, x, xs, k, y, ys);
}

/**
 * Rows [r0, r1) of an F16 / BF16 weight (rowBytes apart from w), their whole 8-groups widened
 * as dotHalf widens them (lo then hi, 32 bytes a group), to the tile at t (k·4 bytes a row): a
 * prompt's token passes then load 2 vectors where they widened 8 values each time (F16 prompt
 * 17 → 21 GMAC/s a thread, its multiply-adds' limit).
 */
export function widenRows(w: usize, rowBytes: usize, bf16: bool, k: i32, r0: i32, r1: i32, t: usize): void {
  const mask = f16Mask();
  for (let r = r0; r < r1; r++) {
    const row = w + <usize>r * rowBytes, out = t + <usize>(r - r0) * (<usize>k << 2);
    for (let i = 0; i + 8 <= k; i += 8) {
      const h = v128.load(row + (<usize>i << 1));
      v128.store(out + (<usize>i << 2), widenLo(h, bf16, mask));
      v128.store(out + (<usize>i << 2), widenHi(h, bf16, mask), 16);
    }
  }
}
