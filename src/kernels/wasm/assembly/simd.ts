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
  // Folded in the vector unit first: V8 lowers four lane extracts to four moves and three adds.
  const s = i32x4.add(v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  return i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1);
}

// @ts-ignore: decorator
@inline
export function hsumF32(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * i16x8 pair sums u·a over 16 elements (u unsigned < 64, a = i8 activations at `a`): one
 * pmaddubsw with relaxed SIMD; extending multiplies otherwise. Same integers either way.
 */
// @ts-ignore: decorator
@inline
export function pairSums(u: v128, a: usize): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_dot_i8x16_i7x16_s(v128.load(a), u);
  return mulAddI8x16(u, v128.load(a));
}

/**
 * i16x8 sums of adjacent products u[2i]·a[2i] + u[2i+1]·a[2i+1] (u unsigned < 128, a = i8 at
 * `a`): one pmaddubsw with relaxed SIMD; the plain build computes the same pairs from even and
 * odd bytes (the layout depends on the pairing, unlike the other kernels).
 */
// @ts-ignore: decorator
@inline
export function adjacentPairs(u: v128, a: usize, lowByte: v128): v128 {
  return adjacentPairsOf(u, v128.load(a), lowByte);
}

/** adjacentPairs of activations already loaded (x), so callers can load with constant offsets. */
// @ts-ignore: decorator
@inline
export function adjacentPairsOf(u: v128, x: v128, lowByte: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_dot_i8x16_i7x16_s(x, u);
  const even = i16x8.mul(v128.and(u, lowByte), i16x8.shr_s(i16x8.shl(x, 8), 8));
  const odd = i16x8.mul(i16x8.shr_u(u, 8), i16x8.shr_s(x, 8));
  return i16x8.add(even, odd);
}

/**
 * c + the sums of 4 adjacent products a[4i+t]·b[4i+t], a signed bytes, b *unsigned* bytes.
 * The relaxed build emits the CPU's byte dot (x86 VNNI vpdpbusd, Arm sdot, …): exact for b < 128
 * everywhere (the K-quant prompt kernels), for b ≥ 128 only where the host's self-test says so
 * (module.ts; q8-bytedot.ts runs only then); the plain build computes the same integers from
 * 16-bit products.
 */
// @ts-ignore: decorator
@inline
export function dotBytesU8(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i32x4.relaxed_dot_i8x16_i7x16_add_s(a, b, c);
  const lo = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(a), i16x8.extend_low_i8x16_u(b));
  const hi = i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(a), i16x8.extend_high_i8x16_u(b));
  return i32x4.add(c, i32x4.add(i32x4.shuffle(lo, hi, 0, 2, 4, 6), i32x4.shuffle(lo, hi, 1, 3, 5, 7)));
}

/** Lane 0 of dotBytesU8(splat a, splat b, 0): the host's self-test of the byte dot (module.ts). */
export function probeByteDot(a: i32, b: i32): i32 {
  return i32x4.extract_lane(dotBytesU8(i8x16.splat(<i8>a), i8x16.splat(<i8>b), i32x4.splat(0)), 0);
}

/** Stores lane t of an f32x4 at y + t·ys (4 tokens' outputs of one row). */
// @ts-ignore: decorator
@inline
export function store4(acc: v128, y: usize, ys: usize): void {
  store<f32>(y, f32x4.extract_lane(acc, 0));
  store<f32>(y + ys, f32x4.extract_lane(acc, 1));
  store<f32>(y + 2 * ys, f32x4.extract_lane(acc, 2));
  store<f32>(y + 3 * ys, f32x4.extract_lane(acc, 3));
}

/**
 * The outputs of `groups` (1, 2 or 4: a constant after inlining) groups of 4 tokens of one row:
 * group g's lanes at y + (4g + t)·ys (the prompt kernels' rowGroups).
 */
// @ts-ignore: decorator
@inline
export function storeGroups(o0: v128, o1: v128, o2: v128, o3: v128, y: usize, ys: usize, groups: i32): void {
  store4(o0, y, ys);
  if (groups > 1) store4(o1, y + 4 * ys, ys);
  if (groups > 2) {
    store4(o2, y + 8 * ys, ys);
    store4(o3, y + 12 * ys, ys);
  }
}

/** [a0 b0 c0 d0] … [a3 b3 c3 d3] of four i32x4, stored `stride` bytes apart from p. */
// @ts-ignore: decorator
@inline
export function storeTransposed(a: v128, b: v128, c: v128, d: v128, p: usize, stride: usize): void {
  const abLo = i32x4.shuffle(a, b, 0, 4, 1, 5), abHi = i32x4.shuffle(a, b, 2, 6, 3, 7);
  const cdLo = i32x4.shuffle(c, d, 0, 4, 1, 5), cdHi = i32x4.shuffle(c, d, 2, 6, 3, 7);
  v128.store(p, i64x2.shuffle(abLo, cdLo, 0, 2));
  v128.store(p + stride, i64x2.shuffle(abLo, cdLo, 1, 3));
  v128.store(p + 2 * stride, i64x2.shuffle(abHi, cdHi, 0, 2));
  v128.store(p + 3 * stride, i64x2.shuffle(abHi, cdHi, 1, 3));
}

/**
 * a·b + c for products a·b that are exact in f32 (f16·f16, bf16·bf16, and the attention's
 * f16 values with their 2^±112 rebias split between the factors): fused where relaxed SIMD has
 * FMA, and the same bits either way, since only the addition rounds.
 */
// @ts-ignore: decorator
@inline
export function maddExact(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
