// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// IQ2_XXS, IQ2_XS and IQ2_S one token, straight from the stored blocks, as iq3.ts does for the
// 3-bit grids: each 16 weights are two 8-byte grid entries (values 8, 25, 43) and two 8-byte sign
// masks, the sign moved onto the activations for the relaxed byte dot (two vectors' pair sums,
// 2·2·43·127, fit an i16 lane). The integers, the float step (dx·d)·isum and the row scale 1/8
// are the unpacked form's (unpack.ts), so prompts and one token give the same bits.
import { IQ2S_GRID, IQ2XS_GRID, IQ2XXS_GRID, signMask, signMask7 } from "./iq-tables";
import { lutF16 } from "./f16";
import { hsumI32 } from "./simd";
import { masks, signedPairs } from "./iq3";

/** The 8-byte grid entries i0, i1 of table t as one vector. */
// @ts-ignore: decorator
@inline
function gather2(t: usize, i0: u32, i1: u32): v128 {
  return masks(load<u64>(t + (<usize>i0 << 3)), load<u64>(t + (<usize>i1 << 3)));
}

/** IQ2_XXS (66: f16 d, then per 32 weights u32 grid indices, u32 signs and scale) stored row × Q8_K row. */
export function dotIQ2_XXS(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 66, xb = x + <usize>b * 308;
    let acc = i32x4.splat(0);
    for (let ib: usize = 0; ib < 8; ib++) {
      const idx = load<u32>(wb + 2 + (ib << 3)), aux = load<u32>(wb + 6 + (ib << 3));
      const a = xb + 4 + (ib << 5);
      const p = i16x8.add(
        signedPairs(gather2(IQ2XXS_GRID, idx & 255, (idx >> 8) & 255), masks(signMask7(aux), signMask7(aux >> 7)), v128.load(a)),
        signedPairs(gather2(IQ2XXS_GRID, (idx >> 16) & 255, idx >> 24), masks(signMask7(aux >> 14), signMask7(aux >> 21)), v128.load(a, 16)),
      );
      acc = i32x4.add(acc, i32x4.dot_i16x8_s(p, i16x8.splat(<i16>(2 * (aux >> 28) + 1))));
    }
    sum += (load<f32>(xb) * lutF16(wb)) * <f32>hsumI32(acc);
  }
  return sum * 0.125;
}

/** IQ2_XS (74: f16 d, u16 qs[32] (9-bit grid index, 7 sign bits), scales[8]) stored row × Q8_K row. */
export function dotIQ2_XS(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 74, xb = x + <usize>b * 308;
    let acc = i32x4.splat(0);
    for (let ib: usize = 0; ib < 8; ib++) {
      const q = wb + 2 + (ib << 3), a = xb + 4 + (ib << 5);
      const q0 = <u32>load<u16>(q), q1 = <u32>load<u16>(q, 2), q2 = <u32>load<u16>(q, 4), q3 = <u32>load<u16>(q, 6);
      const sc = <i32>load<u8>(wb + 66 + ib);
      const p0 = signedPairs(gather2(IQ2XS_GRID, q0 & 511, q1 & 511), masks(signMask7(q0 >> 9), signMask7(q1 >> 9)), v128.load(a));
      const p1 = signedPairs(gather2(IQ2XS_GRID, q2 & 511, q3 & 511), masks(signMask7(q2 >> 9), signMask7(q3 >> 9)), v128.load(a, 16));
      acc = i32x4.add(acc, i32x4.add(i32x4.dot_i16x8_s(p0, i16x8.splat(<i16>(2 * (sc & 15) + 1))), i32x4.dot_i16x8_s(p1, i16x8.splat(<i16>(2 * (sc >> 4) + 1)))));
    }
    sum += (load<f32>(xb) * lutF16(wb)) * <f32>hsumI32(acc);
  }
  return sum * 0.125;
}

/** IQ2_S (82: f16 d, qs[32] grid index low bytes, signs[32], qh[8], scales[8]) stored row × Q8_K row. */
export function dotIQ2_S(w: usize, x: usize, nb: i32): f32 {
  let sum: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const wb = w + <usize>b * 82, xb = x + <usize>b * 308;
    let acc = i32x4.splat(0);
    for (let ib: usize = 0; ib < 8; ib++) {
      const q = wb + 2 + (ib << 2), s = wb + 34 + (ib << 2), a = xb + 4 + (ib << 5);
      const qh = <u32>load<u8>(wb + 66 + ib);
      const sc = <i32>load<u8>(wb + 74 + ib);
      // Grid index l: qs byte l, bits 8 and 9 from qh bits 2l, 2l + 1.
      const p0 = signedPairs(
        gather2(IQ2S_GRID, <u32>load<u8>(q) | ((qh << 8) & 0x300), <u32>load<u8>(q, 1) | ((qh << 6) & 0x300)),
        masks(signMask(load<u8>(s)), signMask(load<u8>(s, 1))), v128.load(a));
      const p1 = signedPairs(
        gather2(IQ2S_GRID, <u32>load<u8>(q, 2) | ((qh << 4) & 0x300), <u32>load<u8>(q, 3) | ((qh << 2) & 0x300)),
        masks(signMask(load<u8>(s, 2)), signMask(load<u8>(s, 3))), v128.load(a, 16));
      acc = i32x4.add(acc, i32x4.add(i32x4.dot_i16x8_s(p0, i16x8.splat(<i16>(2 * (sc & 15) + 1))), i32x4.dot_i16x8_s(p1, i16x8.splat(<i16>(2 * (sc >> 4) + 1)))));
    }
    sum += (load<f32>(xb) * lutF16(wb)) * <f32>hsumI32(acc);
  }
  return sum * 0.125;
}
