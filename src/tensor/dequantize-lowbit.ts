/**
 * Q2_K and Q3_K → F32, following ggml's dequantize_row_q2_K / _q3_K (block layouts from
 * ggml-common.h), every float step rounded to f32 as ggml does it.
 *
 * Both hold 256 elements as 16 sub-blocks of 16. Element e lies in half n = e >> 7 of the
 * block, pass j = (e >> 5) & 3 (bits 2j, 2j+1 of its byte), row half h = (e >> 4) & 1 and lane
 * l = e & 15: its 2 low bits are bits 2j.. of qs[32n + 16h + l], its sub-block is 8n + 2j + h.
 *   Q2_K (84):  scales[16] (low nibble scale, high nibble min), qs[64], f16 d, f16 dmin;
 *               x = d·sc·q − dmin·m.
 *   Q3_K (110): hmask[32], qs[64], scales[12] (16 six-bit scales, −32), f16 d;
 *               x = d·(s − 32)·(q − 4·(1 − high bit)), the high bit being bit 4n + j of hmask[16h + l].
 */
import { F16_TO_F32 } from "./half.ts";

const f = Math.fround;
const h = (b: Uint8Array, p: number) => F16_TO_F32[b[p]! | (b[p + 1]! << 8)]!;

/** Where element e's 2 low bits are: byte offset within qs, and the shift. */
export const lowBitsOf = (e: number): [number, number] => [32 * (e >> 7) + 16 * ((e >> 4) & 1) + (e & 15), 2 * ((e >> 5) & 3)];
/** Sub-block (0..15) of element e. */
export const subBlockOf = (e: number): number => 8 * (e >> 7) + 2 * ((e >> 5) & 3) + ((e >> 4) & 1);

/** The 16 six-bit Q3_K scales (before the −32) packed in 12 bytes at s. */
export function q3kScale(b: Uint8Array, s: number, j: number): number {
  const low = j < 8 ? b[s + j]! & 15 : b[s + j - 8]! >> 4;
  const high = (b[s + 8 + (j & 3)]! >> (2 * (j >> 2))) & 3;
  return low | (high << 4);
}

export function dequantQ2K(b: Uint8Array, at: number, nb: number, out: Float32Array, o: number): void {
  for (let k = 0; k < nb; k++) {
    const p = at + 84 * k, y = o + 256 * k;
    const d = h(b, p + 80), dmin = h(b, p + 82);
    for (let e = 0; e < 256; e++) {
      const sc = b[p + subBlockOf(e)]!;
      const [q, shift] = lowBitsOf(e);
      out[y + e] = f(f(f(d * (sc & 15)) * ((b[p + 16 + q]! >> shift) & 3)) - f(dmin * (sc >> 4)));
    }
  }
}

export function dequantQ3K(b: Uint8Array, at: number, nb: number, out: Float32Array, o: number): void {
  for (let k = 0; k < nb; k++) {
    const p = at + 110 * k, y = o + 256 * k;
    const d = h(b, p + 108);
    for (let e = 0; e < 256; e++) {
      const [q, shift] = lowBitsOf(e);
      const high = (b[p + 16 * ((e >> 4) & 1) + (e & 15)]! >> (4 * (e >> 7) + ((e >> 5) & 3))) & 1;
      const v = ((b[p + 32 + q]! >> shift) & 3) - (high ? 0 : 4);
      out[y + e] = f(f(d * (q3kScale(b, p + 96, subBlockOf(e)) - 32)) * v);
    }
  }
}
