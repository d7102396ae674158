/**
 * Where each block-quantized type keeps its f16 scales, so loaders can refuse NaN/Inf scales
 * (as llama.cpp's ggml_validate_row_data does) and test writers can set sane ones. IQ1_M has
 * no f16 field: its scale is assembled from the top nibbles of its four 16-bit sub-block scales.
 */
import { GgmlType, TYPE_TRAITS } from "./dtypes.ts";

/** Byte offsets of the f16 scales inside one block (IQ1_M: see iq1mScaleBits). */
export const F16_SCALES: Readonly<Partial<Record<number, readonly number[]>>> = {
  [GgmlType.Q4_0]: [0], [GgmlType.Q4_1]: [0, 2], [GgmlType.Q5_0]: [0], [GgmlType.Q5_1]: [0, 2], [GgmlType.Q8_0]: [0],
  [GgmlType.Q2_K]: [80, 82], [GgmlType.Q3_K]: [108], [GgmlType.Q4_K]: [0, 2], [GgmlType.Q5_K]: [0, 2], [GgmlType.Q6_K]: [208],
  [GgmlType.IQ2_XXS]: [0], [GgmlType.IQ2_XS]: [0], [GgmlType.IQ2_S]: [0], [GgmlType.IQ3_XXS]: [0], [GgmlType.IQ3_S]: [0],
  [GgmlType.IQ1_S]: [0], [GgmlType.IQ4_NL]: [0], [GgmlType.IQ4_XS]: [0],
};

const u16 = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8);

/** The f16 bits of an IQ1_M block's scale (block at p): nibble k is the top nibble of scale word k. */
export const iq1mScaleBits = (b: Uint8Array, p: number): number =>
  (u16(b, p + 48) >> 12) | ((u16(b, p + 50) >> 8) & 0x00f0) | ((u16(b, p + 52) >> 4) & 0x0f00) | (u16(b, p + 54) & 0xf000);

/** True for a type with f16 block scales this module knows where to find. */
export const hasBlockScales = (type: number): boolean => F16_SCALES[type] !== undefined || type === GgmlType.IQ1_M;

/** Writes f16 bits as the scale(s) of the block of `type` at p. */
export function setBlockScale(type: number, bytes: Uint8Array, p: number, bits: number): void {
  if (type === GgmlType.IQ1_M) {
    for (let k = 0; k < 4; k++) bytes[p + 49 + 2 * k] = (bytes[p + 49 + 2 * k]! & 0x0f) | (((bits >> (4 * k)) & 15) << 4);
    return;
  }
  for (const at of F16_SCALES[type] ?? []) {
    bytes[p + at] = bits & 0xff;
    bytes[p + at + 1] = bits >> 8;
  }
}

/** Index of the first block of `type` in `bytes` with a NaN or infinite f16 scale, or −1. */
export function firstNonFiniteScale(type: number, bytes: Uint8Array): number {
  const size = TYPE_TRAITS.get(type)?.typeSize;
  if (!size || !hasBlockScales(type)) return -1;
  const at = F16_SCALES[type];
  for (let p = 0, k = 0; p + size <= bytes.length; p += size, k++) {
    // An f16 whose exponent bits are all ones is Inf or NaN.
    if (at) {
      for (const o of at) if ((bytes[p + o + 1]! & 0x7c) === 0x7c) return k;
    } else if ((iq1mScaleBits(bytes, p) & 0x7c00) === 0x7c00) return k;
  }
  return -1;
}
