// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// IQ4_NL (18 bytes per 32: f16 d, qs[16]; nibble j holds elements j (low) and j + 16 (high),
// each an index into the 16 non-linear levels) × Q8_0 activations (34 bytes: f16 d, i8[32]),
// as ggml's vec_dot_iq4_nl_q8_0: an integer block sum, then (dx·d)·isum.
import { KVALUES } from "./iq-tables";
import { lutF16 } from "./f16";
import { dotI8x16, hsumI32 } from "./simd";

/** The 32 levels of a block as two i8x16 (elements 0..15, 16..31) against 32 activations at a: i32x4. */
// @ts-ignore: decorator
@inline
function blockSum(q: v128, a: usize, kv: v128, mask: v128): v128 {
  return i32x4.add(dotI8x16(i8x16.swizzle(kv, v128.and(q, mask)), v128.load(a)), dotI8x16(i8x16.swizzle(kv, i8x16.shr_u(q, 4)), v128.load(a, 16)));
}

/** IQ4_NL row × Q8_0 row. */
export function dotIQ4_NL(w: usize, x: usize, nb: i32): f32 {
  const kv = v128.load(KVALUES), mask = i8x16.splat(15);
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 18, xb = x + <usize>b * 34;
    sum += (lutF16(xb) * lutF16(wb)) * <f32>hsumI32(blockSum(v128.load(wb, 2), xb + 2, kv, mask));
  }
  return sum;
}

/** IQ4_NL row × 4 Q8_0 rows (xs bytes apart) → y + t·ys, each token as dotIQ4_NL. */
export function dotIQ4_NLx4(w: usize, x: usize, xs: usize, nb: i32, y: usize, ys: usize): void {
  const kv = v128.load(KVALUES), mask = i8x16.splat(15);
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 18, x0 = x + <usize>b * 34, x1 = x0 + xs, x2 = x1 + xs, x3 = x2 + xs;
    const q = v128.load(wb, 2), d = lutF16(wb);
    s0 += (lutF16(x0) * d) * <f32>hsumI32(blockSum(q, x0 + 2, kv, mask));
    s1 += (lutF16(x1) * d) * <f32>hsumI32(blockSum(q, x1 + 2, kv, mask));
    s2 += (lutF16(x2) * d) * <f32>hsumI32(blockSum(q, x2 + 2, kv, mask));
    s3 += (lutF16(x3) * d) * <f32>hsumI32(blockSum(q, x3 + 2, kv, mask));
  }
  store<f32>(y, s0);
  store<f32>(y + ys, s1);
  store<f32>(y + 2 * ys, s2);
  store<f32>(y + 3 * ys, s3);
}

/** Dequantizes one IQ4_NL row: d·level, as ggml's dequantize_row_iq4_nl. */
export function dequantIQ4_NL(w: usize, cols: i32, out: usize): void {
  for (let b = 0; b < cols >> 5; b++) {
    const wb = w + <usize>b * 18, o = out + (<usize>b << 7);
    const d = lutF16(wb);
    for (let j: usize = 0; j < 16; j++) {
      const q = <usize>load<u8>(wb + 2 + j);
      store<f32>(o + (j << 2), d * <f32>load<i8>(KVALUES + (q & 15)));
      store<f32>(o + ((j + 16) << 2), d * <f32>load<i8>(KVALUES + (q >> 4)));
    }
  }
}
