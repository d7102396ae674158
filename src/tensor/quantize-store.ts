/** What the block quantizers (quantize.ts, quantize-lowbit.ts) share: storing f16s, and K-quant scale picking. */
import { f32ToF16, F16_TO_F32 } from "./half.ts";

/** Little-endian 16 bits at p. */
export const put16 = (b: Uint8Array, p: number, v: number): void => {
  b[p] = v & 0xff;
  b[p + 1] = (v >> 8) & 0xff;
};

/** Stores v as f16 at p and returns what readers will see: later quantization must use that. */
export const storedF16 = (b: Uint8Array, p: number, v: number): number => {
  const bits = f32ToF16(v);
  put16(b, p, bits);
  return F16_TO_F32[bits]!;
};

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Signed per-sub-block scales of a 256-value super-block (16 sub-blocks of 16), as Q3_K and Q6_K
 * pick them: each sub-block's value of largest magnitude / `levels` into scales[j] (read back
 * from `scales`, so its element type rounds as the caller chose). Returns the scale of largest
 * magnitude, with its sign (0 when every value is 0).
 */
export function signedSubScales(x: Float32Array, xi: number, levels: number, scales: Float32Array | Float64Array): number {
  let maxAbs = 0, maxScale = 0;
  for (let j = 0; j < 16; j++) {
    let amax = 0, max = 0;
    for (let l = 0; l < 16; l++) { const v = x[xi + 16 * j + l]!; if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; } }
    scales[j] = max / levels;
    if (Math.abs(scales[j]!) > maxAbs) { maxAbs = Math.abs(scales[j]!); maxScale = scales[j]!; }
  }
  return maxScale;
}
