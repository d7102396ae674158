// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// IQ3_S and IQ3_XXS one token, straight from the stored blocks, with no unpacked copy: each 16
// weights are four grid entries gathered into one vector (4 bytes each, element order) and the
// 16 sign bytes of two 8-bit sign patterns (the SIGN_MASKS table). The relaxed build moves each
// weight's sign onto its activation (Q8_K codes are within ±127, so the flip cannot overflow)
// and takes the byte dot on the grid magnitudes (IQ3_S ≤ 15, IQ3_XXS ≤ 62: below 128, and a
// sub-block's 32 products per i16 lane stay below 2·2·62·127 < 2^15); the plain build the
// 16-bit products of the signed grid values. Both form Σ_ib s_ib·Σ ±grid·a, the integers of the
// unpacked form (unpack.ts, u = 64 ± grid less 64·Σ s·bsum), with its float step (dx·d)·isum
// and its row scale (IQ3_XXS 1/4), so prompts and one token give the same bits.
import { IQ3S_GRID, IQ3XXS_GRID, signMask, signMask7 } from "./iq-tables";
import { lutF16 } from "./f16";
import { hsumI32, mulAddI8x16 } from "./simd";

/** i16x8 sums of 16 products ±g·a, with m the sign bytes (0xff: negative). */
// @ts-ignore: decorator
@inline
export function signedPairs(g: v128, m: v128, a: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i16x8.relaxed_dot_i8x16_i7x16_s(i8x16.sub(v128.xor(a, m), m), g);
  return mulAddI8x16(i8x16.sub(v128.xor(g, m), m), a);
}

/** The four 4-byte grid entries at t + 4·i0 .. t + 4·i3 as one vector. */
// @ts-ignore: decorator
@inline
function gather4(t: usize, i0: u32, i1: u32, i2: u32, i3: u32): v128 {
  let g = v128.load32_zero(t + (<usize>i0 << 2));
  g = i32x4.replace_lane(g, 1, load<u32>(t + (<usize>i1 << 2)));
  g = i32x4.replace_lane(g, 2, load<u32>(t + (<usize>i2 << 2)));
  return i32x4.replace_lane(g, 3, load<u32>(t + (<usize>i3 << 2)));
}

/** Two 8-byte sign masks (or grid entries) as one vector. */
// @ts-ignore: decorator
@inline
export function masks(m0: u64, m1: u64): v128 {
  return i64x2.replace_lane(i64x2.splat(m0), 1, m1);
}

/** IQ3_S (110: f16 d, qs[64], qh[8], signs[32], scales[4]) stored row × Q8_K row. */
export function dotIQ3_S(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 110, xb = x + <usize>b * 308;
    let acc = i32x4.splat(0);
    for (let ib: usize = 0; ib < 8; ib++) {
      const q = wb + 2 + (ib << 3), s = wb + 74 + (ib << 2);
      const qh = <u32>load<u8>(wb + 66 + ib);
      // Grid index k of the sub-block: qs byte k, ninth bit qh bit k.
      const g0 = gather4(IQ3S_GRID, <u32>load<u8>(q) | ((qh << 8) & 256), <u32>load<u8>(q, 1) | ((qh << 7) & 256), <u32>load<u8>(q, 2) | ((qh << 6) & 256), <u32>load<u8>(q, 3) | ((qh << 5) & 256));
      const g1 = gather4(IQ3S_GRID, <u32>load<u8>(q, 4) | ((qh << 4) & 256), <u32>load<u8>(q, 5) | ((qh << 3) & 256), <u32>load<u8>(q, 6) | ((qh << 2) & 256), <u32>load<u8>(q, 7) | ((qh << 1) & 256));
      const p = i16x8.add(
        signedPairs(g0, masks(signMask(load<u8>(s)), signMask(load<u8>(s, 1))), v128.load(xb + 4 + (ib << 5))),
        signedPairs(g1, masks(signMask(load<u8>(s, 2)), signMask(load<u8>(s, 3))), v128.load(xb + 4 + (ib << 5), 16)),
      );
      const sc = <i32>load<u8>(wb + 106 + (ib >> 1));
      acc = i32x4.add(acc, i32x4.dot_i16x8_s(p, i16x8.splat(<i16>(2 * ((ib & 1) ? sc >> 4 : sc & 15) + 1))));
    }
    sum += (load<f32>(xb) * lutF16(wb)) * <f32>hsumI32(acc);
  }
  return sum;
}

/** IQ3_XXS (98: f16 d, qs[64] grid indices, u32 scale-and-signs[8]) stored row × Q8_K row. */
export function dotIQ3_XXS(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 98, xb = x + <usize>b * 308;
    let acc = i32x4.splat(0);
    for (let ib: usize = 0; ib < 8; ib++) {
      const q = wb + 2 + (ib << 3);
      const aux = load<u32>(wb + 66 + (ib << 2));
      const g0 = gather4(IQ3XXS_GRID, load<u8>(q), load<u8>(q, 1), load<u8>(q, 2), load<u8>(q, 3));
      const g1 = gather4(IQ3XXS_GRID, load<u8>(q, 4), load<u8>(q, 5), load<u8>(q, 6), load<u8>(q, 7));
      const p = i16x8.add(
        signedPairs(g0, masks(signMask7(aux), signMask7(aux >> 7)), v128.load(xb + 4 + (ib << 5))),
        signedPairs(g1, masks(signMask7(aux >> 14), signMask7(aux >> 21)), v128.load(xb + 4 + (ib << 5), 16)),
      );
      acc = i32x4.add(acc, i32x4.dot_i16x8_s(p, i16x8.splat(<i16>(2 * (aux >> 28) + 1))));
    }
    sum += (load<f32>(xb) * lutF16(wb)) * <f32>hsumI32(acc);
  }
  return sum * 0.25;
}
