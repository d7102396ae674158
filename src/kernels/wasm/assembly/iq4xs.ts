// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// IQ4_XS one token, straight from the stored blocks (136 bytes: f16 d, u16 scales_h,
// scales_l[4], qs[128]): the 32 weights of sub-block ib are the levels of the low (elements
// 0..15) and high (16..31) nibbles of qs[16ib..], times the 6-bit scale − 32. The relaxed build
// takes the byte dot on |level| (≤ 127) with each activation carrying its level's sign (no pair
// sum reaches 2^15); the plain build the 16-bit products of the signed levels — the integers
// and float step of the unpacked form (unpack.ts), so the bits prompts give.
import { KVALUES } from "./iq-tables";
import { lutF16 } from "./f16";
import { hsumI32, mulAddI8x16 } from "./simd";

/** i16x8 pair sums of 16 levels (nibbles n) times 16 activations a. */
// @ts-ignore: decorator
@inline
function levelPairs(n: v128, a: v128, kv: v128, kvAbs: v128, eight: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    // Levels below index 8 are negative: flip those activations, multiply by |level|.
    const neg = i8x16.lt_u(n, eight);
    return i16x8.relaxed_dot_i8x16_i7x16_s(i8x16.sub(v128.xor(a, neg), neg), i8x16.relaxed_swizzle(kvAbs, n));
  }
  return mulAddI8x16(i8x16.swizzle(kv, n), a);
}

/** IQ4_XS row (stored) × Q8_K row; tmp: 16 bytes of scratch for the block's scales. */
export function dotIQ4_XS(w: usize, x: usize, nb: i32, tmp: usize): f32 {
  const kv = v128.load(KVALUES), kvAbs = i8x16.abs(kv), m15 = i8x16.splat(15), eight = i8x16.splat(8);
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 136, xb = x + <usize>b * 308;
    // The 8 scales − 32 as i16 at tmp: low nibbles from scales_l, 2 high bits from scales_h.
    const sl = <u32>load<u32>(wb, 4), sh = <u32>load<u16>(wb, 2);
    for (let ib: u32 = 0; ib < 8; ib++) {
      const ls = ((sl >> (4 * ib)) & 15) | (((sh >> (2 * ib)) & 3) << 4);
      store<i16>(tmp + (ib << 1), <i16>(<i32>ls - 32));
    }
    let acc = i32x4.splat(0);
    for (let ib: usize = 0; ib < 8; ib++) {
      const q = v128.load(wb + 8 + (ib << 4));
      const a = xb + 4 + (ib << 5);
      const s = v128.load16_splat(tmp + (ib << 1));
      acc = i32x4.add(acc, i32x4.dot_i16x8_s(levelPairs(v128.and(q, m15), v128.load(a), kv, kvAbs, eight), s));
      acc = i32x4.add(acc, i32x4.dot_i16x8_s(levelPairs(v128.and(i16x8.shr_u(q, 4), m15), v128.load(a, 16), kv, kvAbs, eight), s));
    }
    sum += (load<f32>(xb) * lutF16(wb)) * <f32>hsumI32(acc);
  }
  return sum;
}
