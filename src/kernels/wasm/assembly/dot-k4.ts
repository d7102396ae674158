// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Batched K-quant dot products for prompt processing: one weight row × 4 activation rows, so the
// weight unpacking (nibbles, 6-bit values, scales) is done once for 4 tokens. Same integer sums
// as dot-k.ts; layouts there. x: first Q8_K row, xs: bytes between rows; y: 4 f32, ys apart.
import { loadF16 } from "./f16";
import { hsumF32, mulAddI8x16 } from "./simd";

/** i16x8 pair sums of u (unsigned < 64) · a (i8) over 16 elements. */
// @ts-ignore: decorator
@inline
function pairs16(u: v128, a: usize): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(a), u);
  return mulAddI8x16(u, v128.load(a));
}

/** Σ over 32 elements (u0: 16, u1: 16) scaled by sc (i16x8 splat) → i32x4. */
// @ts-ignore: decorator
@inline
function scaled32(u0: v128, u1: v128, a: usize, sc: v128): v128 {
  return i32x4.dot_i16x8_s(i16x8.add(pairs16(u0, a), pairs16(u1, a + 16)), sc);
}

export function dotQ4_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  const mask = i8x16.splat(0x0f);
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 152;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
    for (let c = 0; c < 4; c++) {
      const q0 = v128.load(wb + 24 + (c << 5));
      const q1 = v128.load(wb + 40 + (c << 5));
      const lo0 = v128.and(q0, mask), lo1 = v128.and(q1, mask);
      const hi0 = i8x16.shr_u(q0, 4), hi1 = i8x16.shr_u(q1, 4);
      const scl = i16x8.splat(<i16>load<u8>(wb + 8 + 2 * c));
      const sch = i16x8.splat(<i16>load<u8>(wb + 9 + 2 * c));
      const o: usize = 4 + (c << 6);
      a0 = i32x4.add(a0, i32x4.add(scaled32(lo0, lo1, x0 + o, scl), scaled32(hi0, hi1, x0 + o + 32, sch)));
      a1 = i32x4.add(a1, i32x4.add(scaled32(lo0, lo1, x1 + o, scl), scaled32(hi0, hi1, x1 + o + 32, sch)));
      a2 = i32x4.add(a2, i32x4.add(scaled32(lo0, lo1, x2 + o, scl), scaled32(hi0, hi1, x2 + o + 32, sch)));
      a3 = i32x4.add(a3, i32x4.add(scaled32(lo0, lo1, x3 + o, scl), scaled32(hi0, hi1, x3 + o + 32, sch)));
    }
    const m = i16x8.extend_low_i8x16_u(v128.load64_zero(wb + 16));
    const d = load<f32>(wb), dmin = load<f32>(wb + 4);
    s0 = f32x4.add(s0, f32x4.sub(f32x4.mul(f32x4.convert_i32x4_s(a0), f32x4.splat(load<f32>(x0) * d)), f32x4.mul(f32x4.convert_i32x4_s(i32x4.dot_i16x8_s(m, v128.load(x0 + 292))), f32x4.splat(load<f32>(x0) * dmin))));
    s1 = f32x4.add(s1, f32x4.sub(f32x4.mul(f32x4.convert_i32x4_s(a1), f32x4.splat(load<f32>(x1) * d)), f32x4.mul(f32x4.convert_i32x4_s(i32x4.dot_i16x8_s(m, v128.load(x1 + 292))), f32x4.splat(load<f32>(x1) * dmin))));
    s2 = f32x4.add(s2, f32x4.sub(f32x4.mul(f32x4.convert_i32x4_s(a2), f32x4.splat(load<f32>(x2) * d)), f32x4.mul(f32x4.convert_i32x4_s(i32x4.dot_i16x8_s(m, v128.load(x2 + 292))), f32x4.splat(load<f32>(x2) * dmin))));
    s3 = f32x4.add(s3, f32x4.sub(f32x4.mul(f32x4.convert_i32x4_s(a3), f32x4.splat(load<f32>(x3) * d)), f32x4.mul(f32x4.convert_i32x4_s(i32x4.dot_i16x8_s(m, v128.load(x3 + 292))), f32x4.splat(load<f32>(x3) * dmin))));
  }
  store<f32>(y, hsumF32(s0));
  store<f32>(y + ys, hsumF32(s1));
  store<f32>(y + 2 * ys, hsumF32(s2));
  store<f32>(y + 3 * ys, hsumF32(s3));
}

/** Q6_K block sum for one token: Σ scale·(u·a) − 32·Σ scale·bsum, as i32x4 partials. */
// @ts-ignore: decorator
@inline
function q6Corr(sc: v128, xb: usize): v128 {
  return i32x4.shl(i32x4.add(
    i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(sc), v128.load(xb + 260)),
    i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(sc), v128.load(xb + 276)),
  ), 5);
}

export function dotQ6_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  const mask = i8x16.splat(0x0f);
  const hiMask = i8x16.splat(0x30);
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 210;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
    for (let h = 0; h < 2; h++) {
      const ql = wb + (h << 6);
      const qh = wb + 128 + (h << 5);
      const scp = wb + 192 + (h << 3);
      for (let i = 0; i < 2; i++) {
        const l = i << 4;
        const L0 = v128.load(ql + l);
        const L1 = v128.load(ql + 32 + l);
        const H = v128.load(qh + l);
        const u1 = v128.or(v128.and(L0, mask), v128.and(i16x8.shl(H, 4), hiMask));
        const u2 = v128.or(v128.and(L1, mask), v128.and(i16x8.shl(H, 2), hiMask));
        const u3 = v128.or(v128.and(i16x8.shr_u(L0, 4), mask), v128.and(H, hiMask));
        const u4 = v128.or(v128.and(i16x8.shr_u(L1, 4), mask), v128.and(i16x8.shr_u(H, 2), hiMask));
        const c1 = i16x8.splat(<i16>load<i8>(scp + i)), c2 = i16x8.splat(<i16>load<i8>(scp + 2 + i));
        const c3 = i16x8.splat(<i16>load<i8>(scp + 4 + i)), c4 = i16x8.splat(<i16>load<i8>(scp + 6 + i));
        const o: usize = 4 + (<usize>h << 7) + l;
        a0 = i32x4.add(a0, i32x4.add(i32x4.add(i32x4.dot_i16x8_s(pairs16(u1, x0 + o), c1), i32x4.dot_i16x8_s(pairs16(u2, x0 + o + 32), c2)), i32x4.add(i32x4.dot_i16x8_s(pairs16(u3, x0 + o + 64), c3), i32x4.dot_i16x8_s(pairs16(u4, x0 + o + 96), c4))));
        a1 = i32x4.add(a1, i32x4.add(i32x4.add(i32x4.dot_i16x8_s(pairs16(u1, x1 + o), c1), i32x4.dot_i16x8_s(pairs16(u2, x1 + o + 32), c2)), i32x4.add(i32x4.dot_i16x8_s(pairs16(u3, x1 + o + 64), c3), i32x4.dot_i16x8_s(pairs16(u4, x1 + o + 96), c4))));
        a2 = i32x4.add(a2, i32x4.add(i32x4.add(i32x4.dot_i16x8_s(pairs16(u1, x2 + o), c1), i32x4.dot_i16x8_s(pairs16(u2, x2 + o + 32), c2)), i32x4.add(i32x4.dot_i16x8_s(pairs16(u3, x2 + o + 64), c3), i32x4.dot_i16x8_s(pairs16(u4, x2 + o + 96), c4))));
        a3 = i32x4.add(a3, i32x4.add(i32x4.add(i32x4.dot_i16x8_s(pairs16(u1, x3 + o), c1), i32x4.dot_i16x8_s(pairs16(u2, x3 + o + 32), c2)), i32x4.add(i32x4.dot_i16x8_s(pairs16(u3, x3 + o + 64), c3), i32x4.dot_i16x8_s(pairs16(u4, x3 + o + 96), c4))));
      }
    }
    const sc = v128.load(wb + 192);
    const d = loadF16(wb + 208);
    s0 = f32x4.add(s0, f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(a0, q6Corr(sc, x0))), f32x4.splat(load<f32>(x0) * d)));
    s1 = f32x4.add(s1, f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(a1, q6Corr(sc, x1))), f32x4.splat(load<f32>(x1) * d)));
    s2 = f32x4.add(s2, f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(a2, q6Corr(sc, x2))), f32x4.splat(load<f32>(x2) * d)));
    s3 = f32x4.add(s3, f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(a3, q6Corr(sc, x3))), f32x4.splat(load<f32>(x3) * d)));
  }
  store<f32>(y, hsumF32(s0));
  store<f32>(y + ys, hsumF32(s1));
  store<f32>(y + 2 * ys, hsumF32(s2));
  store<f32>(y + 3 * ys, hsumF32(s3));
}
