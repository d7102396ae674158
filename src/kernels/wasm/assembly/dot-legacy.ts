// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Dot products of one weight row in a 32-element block type with one quantized activation row.
// Weight layouts (bytes): Q4_0 = f16 d, u8 qs[16] (18);
// Q4_1 = f16 d, f16 m, u8 qs[16] (20); Q5_0 = f16 d, u32 qh, u8 qs[16] (22);
// Q5_1 = f16 d, f16 m, u32 qh, u8 qs[16] (24). Nibble j holds element j (low) and j+16 (high).
import { lutF16 } from "./f16";
import { dotI8x16, hsumF32 } from "./simd";

/** Q4_0 row × Q8_0 row. */
export function dotQ4_0(w: usize, x: usize, nb: i32): f32 {
  let acc = f32x4.splat(0);
  const mask = i8x16.splat(0x0f);
  const eight = i8x16.splat(8);
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 18;
    const xb = x + <usize>b * 34;
    const q = v128.load(wb, 2);
    const lo = i8x16.sub(v128.and(q, mask), eight);
    const hi = i8x16.sub(i8x16.shr_u(q, 4), eight);
    const s = i32x4.add(dotI8x16(lo, v128.load(xb, 2)), dotI8x16(hi, v128.load(xb, 18)));
    acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(s), f32x4.splat(lutF16(wb) * lutF16(xb))));
  }
  return hsumF32(acc);
}

/** Q4_1 row × Q8_1 row: d_w·d_x·Σq·a + m_w·s_x. */
export function dotQ4_1(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  const mask = i8x16.splat(0x0f);
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 20;
    const xb = x + <usize>b * 36;
    const q = v128.load(wb, 4);
    const s = i32x4.add(dotI8x16(v128.and(q, mask), v128.load(xb, 4)), dotI8x16(i8x16.shr_u(q, 4), v128.load(xb, 20)));
    const isum = i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1) + i32x4.extract_lane(s, 2) + i32x4.extract_lane(s, 3);
    sum += lutF16(wb) * lutF16(xb) * <f32>isum + lutF16(wb + 2) * lutF16(xb + 2);
  }
  return sum;
}

/** Σ of one 5-bit block against 32 activations; offset is 16 for Q5_0, 0 for Q5_1. */
// @ts-ignore: decorator
@inline
function q5BlockSum(qh: u32, qs: usize, a: usize, offset: i32): i32 {
  let isum = 0;
  for (let j = 0; j < 16; j++) {
    const q = <i32>load<u8>(qs + j);
    const lo = ((q & 15) | ((<i32>(qh >> j) & 1) << 4)) - offset;
    const hi = ((q >> 4) | ((<i32>(qh >> (j + 16)) & 1) << 4)) - offset;
    isum += lo * <i32>load<i8>(a + j) + hi * <i32>load<i8>(a + 16 + j);
  }
  return isum;
}

/** Q5_0 row × Q8_0 row. */
export function dotQ5_0(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 22;
    const xb = x + <usize>b * 34;
    const isum = q5BlockSum(load<u32>(wb, 2), wb + 6, xb + 2, 16);
    sum += lutF16(wb) * lutF16(xb) * <f32>isum;
  }
  return sum;
}

/** Q5_1 row × Q8_1 row. */
export function dotQ5_1(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 24;
    const xb = x + <usize>b * 36;
    const isum = q5BlockSum(load<u32>(wb, 4), wb + 8, xb + 4, 0);
    sum += lutF16(wb) * lutF16(xb) * <f32>isum + lutF16(wb + 2) * lutF16(xb + 2);
  }
  return sum;
}
