// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Small SIMD helpers shared by the dot products.

/** i32x4 partial sums of the 16 products a[i]·b[i] (both signed i8). */
// @ts-ignore: decorator
@inline
export function dotI8x16(a: v128, b: v128): v128 {
  return i32x4.add(
    i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(a), i16x8.extend_low_i8x16_s(b)),
    i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(a), i16x8.extend_high_i8x16_s(b)),
  );
}

/** i16x8 pair sums of the 16 products a[i]·b[i]; caller guarantees no i16 overflow. */
// @ts-ignore: decorator
@inline
export function mulAddI8x16(a: v128, b: v128): v128 {
  return i16x8.add(i16x8.extmul_low_i8x16_s(a, b), i16x8.extmul_high_i8x16_s(a, b));
}

// @ts-ignore: decorator
@inline
export function hsumI32(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

// @ts-ignore: decorator
@inline
export function hsumF32(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
