// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Batched K-quant dot products for prompt processing: one weight row × 4 activation rows, so the
// weight unpacking (nibbles, 6-bit values, scales) is done once for 4 tokens. Same integer sums
// as dot-k.ts; layouts there. x: first Q8_K row, xs: bytes between rows; y: 4 f32, ys apart.
import { hsumF32 } from "./simd";
import { maskBits45, maskLow4, maskLowByte16 } from "./consts";
import { pairSums, q4kFinish, q6kFinish } from "./dot-k";

/** Σ over 32 elements (u0: 16, u1: 16) scaled by sc (i16x8 splat) → i32x4. */
// @ts-ignore: decorator
@inline
function scaled32(u0: v128, u1: v128, a: usize, sc: v128): v128 {
  return i32x4.dot_i16x8_s(i16x8.add(pairSums(u0, a), pairSums(u1, a + 16)), sc);
}

export function dotQ4_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  const mask = maskLow4();
  const lowByte = maskLowByte16();
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 152;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
    // Chunk by chunk: the unpacked nibbles and scale splats serve all four tokens.
    for (let c: usize = 0; c < 4; c++) {
      const q0 = v128.load(wb + 24 + (c << 5));
      const q1 = v128.load(wb + 40 + (c << 5));
      const l0 = v128.and(q0, mask), l1 = v128.and(q1, mask);
      const h0 = v128.and(i16x8.shr_u(q0, 4), mask), h1 = v128.and(i16x8.shr_u(q1, 4), mask);
      const scl = v128.and(v128.load8_splat(wb + 8 + (c << 1)), lowByte);
      const sch = v128.and(v128.load8_splat(wb + 9 + (c << 1)), lowByte);
      const o: usize = 4 + (c << 6);
      a0 = i32x4.add(a0, i32x4.add(scaled32(l0, l1, x0 + o, scl), scaled32(h0, h1, x0 + o + 32, sch)));
      a1 = i32x4.add(a1, i32x4.add(scaled32(l0, l1, x1 + o, scl), scaled32(h0, h1, x1 + o + 32, sch)));
      a2 = i32x4.add(a2, i32x4.add(scaled32(l0, l1, x2 + o, scl), scaled32(h0, h1, x2 + o + 32, sch)));
      a3 = i32x4.add(a3, i32x4.add(scaled32(l0, l1, x3 + o, scl), scaled32(h0, h1, x3 + o + 32, sch)));
    }
    s0 = f32x4.add(s0, q4kFinish(a0, wb, x0));
    s1 = f32x4.add(s1, q4kFinish(a1, wb, x1));
    s2 = f32x4.add(s2, q4kFinish(a2, wb, x2));
    s3 = f32x4.add(s3, q4kFinish(a3, wb, x3));
  }
  store<f32>(y, hsumF32(s0));
  store<f32>(y + ys, hsumF32(s1));
  store<f32>(y + 2 * ys, hsumF32(s2));
  store<f32>(y + 3 * ys, hsumF32(s3));
}

export function dotQ6_Kx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  const mask = maskLow4();
  const hiMask = maskBits45();
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 210;
    const x0 = x + <usize>b * 308;
    const x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
    for (let h: usize = 0; h < 2; h++) {
      const ql = wb + (h << 6);
      const qh = wb + 128 + (h << 5);
      const scp = wb + 192 + (h << 3);
      for (let i: usize = 0; i < 2; i++) {
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
        const o: usize = 4 + (h << 7) + l;
        a0 = i32x4.add(a0, i32x4.add(i32x4.add(i32x4.dot_i16x8_s(pairSums(u1, x0 + o), c1), i32x4.dot_i16x8_s(pairSums(u2, x0 + o + 32), c2)), i32x4.add(i32x4.dot_i16x8_s(pairSums(u3, x0 + o + 64), c3), i32x4.dot_i16x8_s(pairSums(u4, x0 + o + 96), c4))));
        a1 = i32x4.add(a1, i32x4.add(i32x4.add(i32x4.dot_i16x8_s(pairSums(u1, x1 + o), c1), i32x4.dot_i16x8_s(pairSums(u2, x1 + o + 32), c2)), i32x4.add(i32x4.dot_i16x8_s(pairSums(u3, x1 + o + 64), c3), i32x4.dot_i16x8_s(pairSums(u4, x1 + o + 96), c4))));
        a2 = i32x4.add(a2, i32x4.add(i32x4.add(i32x4.dot_i16x8_s(pairSums(u1, x2 + o), c1), i32x4.dot_i16x8_s(pairSums(u2, x2 + o + 32), c2)), i32x4.add(i32x4.dot_i16x8_s(pairSums(u3, x2 + o + 64), c3), i32x4.dot_i16x8_s(pairSums(u4, x2 + o + 96), c4))));
        a3 = i32x4.add(a3, i32x4.add(i32x4.add(i32x4.dot_i16x8_s(pairSums(u1, x3 + o), c1), i32x4.dot_i16x8_s(pairSums(u2, x3 + o + 32), c2)), i32x4.add(i32x4.dot_i16x8_s(pairSums(u3, x3 + o + 64), c3), i32x4.dot_i16x8_s(pairSums(u4, x3 + o + 96), c4))));
      }
    }
    s0 += q6kFinish(a0, wb, x0);
    s1 += q6kFinish(a1, wb, x1);
    s2 += q6kFinish(a2, wb, x2);
    s3 += q6kFinish(a3, wb, x3);
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
  store<f32>(y + 2 * ys, s2);
  store<f32>(y + 3 * ys, s3);
}
