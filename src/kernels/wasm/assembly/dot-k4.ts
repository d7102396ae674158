// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Batched Q6_K dot product for prompt processing: one weight row × 4 activation rows, so the
// weight unpacking (6-bit values, scales) is done once for 4 tokens. Same integer sums as
// dot-k.ts; layouts there. x: first Q8_K row, xs: bytes between rows; y: 4 f32, ys apart.
// (Q4_K's batched kernel is in q4k.ts.)
import { hsumF32 } from "./simd";
import { maskBits45, maskLow4 } from "./consts";
import { pairSums, q6kFinish, scaleSplat } from "./dot-k";

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
        const c1 = scaleSplat(scp + i), c2 = scaleSplat(scp + 2 + i);
        const c3 = scaleSplat(scp + 4 + i), c4 = scaleSplat(scp + 6 + i);
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
