/**
 * Dequantization of every stored type to F32, following ggml's dequantize_row_* exactly
 * (block layouts from ggml-common.h). One row = `cols` values; rows are contiguous.
 */
import { GgmlType, TYPE_TRAITS, typeName } from "./dtypes.ts";
import { bf16ToF32, F16_TO_F32 } from "./half.ts";
import { TensorLayoutError } from "./errors.ts";
import { dequantQ2K, dequantQ3K } from "./dequantize-lowbit.ts";
import { dequantIq, dequantIq4Nl } from "./dequantize-iq.ts";

/** (scale, min) of sub-block j of a Q4_K/Q5_K block, from the 12 packed 6-bit bytes at `s`. */
export function scaleMinK4(j: number, b: Uint8Array, s: number): [number, number] {
  if (j < 4) return [b[s + j]! & 63, b[s + j + 4]! & 63];
  return [(b[s + j + 4]! & 0xf) | ((b[s + j - 4]! >> 6) << 4), (b[s + j + 4]! >> 4) | ((b[s + j]! >> 6) << 4)];
}

const h = (b: Uint8Array, p: number) => F16_TO_F32[b[p]! | (b[p + 1]! << 8)]!;
const i8 = (v: number) => (v << 24) >> 24;

/** Dequantizes `cols` values starting at byte `at` of `b` into out[o ..]. */
export function dequantizeRow(type: number, b: Uint8Array, at: number, cols: number, out: Float32Array, o = 0): void {
  const t = TYPE_TRAITS.get(type);
  if (!t || !t.supported || cols % t.blockSize !== 0) {
    throw new TensorLayoutError(`cannot dequantize ${cols} values of ${typeName(type)}`, t ? `a multiple of ${t.blockSize}` : "a supported type");
  }
  const nb = cols / t.blockSize;
  switch (type) {
    case GgmlType.F32: {
      const dv = new DataView(b.buffer, b.byteOffset + at, cols * 4);
      for (let i = 0; i < cols; i++) out[o + i] = dv.getFloat32(4 * i, true);
      return;
    }
    case GgmlType.F16:
      for (let i = 0; i < cols; i++) out[o + i] = h(b, at + 2 * i);
      return;
    case GgmlType.BF16:
      for (let i = 0; i < cols; i++) out[o + i] = bf16ToF32(b[at + 2 * i]! | (b[at + 2 * i + 1]! << 8));
      return;
    case GgmlType.Q8_0:
      for (let k = 0; k < nb; k++) {
        const p = at + 34 * k, d = h(b, p), y = o + 32 * k;
        for (let j = 0; j < 32; j++) out[y + j] = d * i8(b[p + 2 + j]!);
      }
      return;
    case GgmlType.Q4_0:
    case GgmlType.Q4_1:
    case GgmlType.Q5_0:
    case GgmlType.Q5_1:
      return dequantLegacy4and5(type, b, at, nb, out, o);
    case GgmlType.Q4_K:
    case GgmlType.Q5_K:
      return dequantQ45K(type, b, at, nb, out, o);
    case GgmlType.Q6_K:
      return dequantQ6K(b, at, nb, out, o);
    case GgmlType.Q2_K:
      return dequantQ2K(b, at, nb, out, o);
    case GgmlType.Q3_K:
      return dequantQ3K(b, at, nb, out, o);
    case GgmlType.IQ4_NL:
      return dequantIq4Nl(b, at, nb, out, o);
    case GgmlType.IQ2_XXS:
    case GgmlType.IQ2_XS:
    case GgmlType.IQ2_S:
    case GgmlType.IQ3_XXS:
    case GgmlType.IQ3_S:
    case GgmlType.IQ1_S:
    case GgmlType.IQ1_M:
    case GgmlType.IQ4_XS:
      return dequantIq(type, b, at, nb, out, o);
  }
}

function dequantLegacy4and5(type: number, b: Uint8Array, at: number, nb: number, out: Float32Array, o: number): void {
  const size = TYPE_TRAITS.get(type)!.typeSize;
  const hasMin = type === GgmlType.Q4_1 || type === GgmlType.Q5_1;
  const five = type === GgmlType.Q5_0 || type === GgmlType.Q5_1;
  const qsAt = type === GgmlType.Q4_0 ? 2 : type === GgmlType.Q4_1 ? 4 : type === GgmlType.Q5_0 ? 6 : 8;
  const offset = hasMin ? 0 : five ? 16 : 8;
  for (let k = 0; k < nb; k++) {
    const p = at + size * k;
    const d = h(b, p);
    const m = hasMin ? h(b, p + 2) : 0;
    const qhAt = p + (hasMin ? 4 : 2);
    const qh = five ? (b[qhAt]! | (b[qhAt + 1]! << 8) | (b[qhAt + 2]! << 16) | (b[qhAt + 3]! << 24)) >>> 0 : 0;
    const y = o + 32 * k;
    for (let j = 0; j < 16; j++) {
      const q = b[p + qsAt + j]!;
      const hi0 = five ? ((qh >>> j) & 1) << 4 : 0;
      const hi1 = five ? ((qh >>> (j + 16)) & 1) << 4 : 0;
      out[y + j] = ((q & 0xf) + hi0 - offset) * d + m;
      out[y + j + 16] = ((q >> 4) + hi1 - offset) * d + m;
    }
  }
}

function dequantQ45K(type: number, b: Uint8Array, at: number, nb: number, out: Float32Array, o: number): void {
  const five = type === GgmlType.Q5_K;
  const size = five ? 176 : 144;
  for (let k = 0; k < nb; k++) {
    const p = at + size * k;
    const d = h(b, p), dmin = h(b, p + 2);
    const qh = p + 16; // Q5_K only: 32 bytes of fifth bits
    let ql = p + (five ? 48 : 16);
    let y = o + 256 * k;
    for (let j = 0; j < 4; j++) {
      const [sc1, m1] = scaleMinK4(2 * j, b, p + 4);
      const [sc2, m2] = scaleMinK4(2 * j + 1, b, p + 4);
      const d1 = d * sc1, mm1 = dmin * m1, d2 = d * sc2, mm2 = dmin * m2;
      for (let l = 0; l < 32; l++) {
        const hi = five ? ((b[qh + l]! >> (2 * j)) & 1) << 4 : 0;
        out[y + l] = d1 * ((b[ql + l]! & 0xf) + hi) - mm1;
      }
      for (let l = 0; l < 32; l++) {
        const hi = five ? ((b[qh + l]! >> (2 * j + 1)) & 1) << 4 : 0;
        out[y + 32 + l] = d2 * ((b[ql + l]! >> 4) + hi) - mm2;
      }
      ql += 32;
      y += 64;
    }
  }
}

function dequantQ6K(b: Uint8Array, at: number, nb: number, out: Float32Array, o: number): void {
  for (let k = 0; k < nb; k++) {
    const p = at + 210 * k;
    const d = h(b, p + 208);
    for (let half = 0; half < 2; half++) {
      const ql = p + 64 * half, qh = p + 128 + 32 * half, sc = p + 192 + 8 * half;
      const y = o + 256 * k + 128 * half;
      for (let l = 0; l < 32; l++) {
        const is = l >> 4;
        const H = b[qh + l]!;
        const q1 = ((b[ql + l]! & 0xf) | ((H & 3) << 4)) - 32;
        const q2 = ((b[ql + l + 32]! & 0xf) | (((H >> 2) & 3) << 4)) - 32;
        const q3 = ((b[ql + l]! >> 4) | (((H >> 4) & 3) << 4)) - 32;
        const q4 = ((b[ql + l + 32]! >> 4) | (((H >> 6) & 3) << 4)) - 32;
        out[y + l] = d * i8(b[sc + is]!) * q1;
        out[y + l + 32] = d * i8(b[sc + is + 2]!) * q2;
        out[y + l + 64] = d * i8(b[sc + is + 4]!) * q3;
        out[y + l + 96] = d * i8(b[sc + is + 6]!) * q4;
      }
    }
  }
}

/** Bytes of one row of `cols` values. */
export function rowBytes(type: number, cols: number): number {
  const t = TYPE_TRAITS.get(type)!;
  return (cols / t.blockSize) * t.typeSize;
}

/** rows × cols stored values → F32 (rows, cols). */
export function dequantizeRows(type: number, bytes: Uint8Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  const rb = rowBytes(type, cols);
  if (bytes.length < rows * rb) throw new TensorLayoutError(`${bytes.length} bytes for ${rows}×${cols} ${typeName(type)}`, `${rows * rb} bytes`);
  for (let r = 0; r < rows; r++) dequantizeRow(type, bytes, r * rb, cols, out, r * cols);
  return out;
}
