/**
 * Quantizers F32 → stored blocks, for writing test models. Simple reference algorithms (ggml's
 * *_ref formulas for the legacy types; a direct min/max fit for the K-quants): the blocks are
 * valid and faithful, though not bit-identical to llama-quantize's search (which only affects
 * which weights a file holds, never how they are read).
 */
import { GgmlType, TYPE_TRAITS, typeName } from "./dtypes.ts";
import { f32ToBf16, f32ToF16 } from "./half.ts";
import { TensorLayoutError } from "./errors.ts";
import { put16, signedSubScales, storedF16 } from "./quantize-store.ts";
import { quantizeIq4Nl, quantizeIq4Xs, quantizeQ2K, quantizeQ3K } from "./quantize-lowbit.ts";

/** Types quantizeRows can write (the grid I-quants have random-blocks.ts instead). */
export const QUANTIZABLE: ReadonlySet<number> = new Set([
  GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1,
  GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_NL, GgmlType.IQ4_XS,
]);
export { dequantizeRows, dequantizeRow, rowBytes } from "./dequantize.ts";


export function quantizeRows(type: number, src: Float32Array, rows: number, cols: number): Uint8Array {
  const t = TYPE_TRAITS.get(type);
  if (!t || !QUANTIZABLE.has(type)) {
    throw new TensorLayoutError(`cannot quantize to ${typeName(type)}`, `one of ${[...QUANTIZABLE].map(typeName).join(", ")} (random valid blocks of the others: tensor/random-blocks.ts)`);
  }
  if (cols % t.blockSize !== 0) throw new TensorLayoutError(`row length ${cols} for ${t.name}`, `a multiple of ${t.blockSize}`);
  if (src.length < rows * cols) throw new TensorLayoutError(`${src.length} values for ${rows}×${cols}`, `${rows * cols}`);
  const nb = (rows * cols) / t.blockSize;
  const out = new Uint8Array(nb * t.typeSize);
  switch (type) {
    case GgmlType.F32:
      new Float32Array(out.buffer).set(src.subarray(0, rows * cols));
      break;
    case GgmlType.F16:
      for (let i = 0; i < rows * cols; i++) put16(out, 2 * i, f32ToF16(src[i]!));
      break;
    case GgmlType.BF16:
      for (let i = 0; i < rows * cols; i++) put16(out, 2 * i, f32ToBf16(src[i]!));
      break;
    default:
      for (let k = 0; k < nb; k++) quantizeBlock(type, src, k * t.blockSize, out, k * t.typeSize);
  }
  return out;
}

function quantizeBlock(type: number, x: Float32Array, xi: number, b: Uint8Array, p: number): void {
  switch (type) {
    case GgmlType.Q8_0: return q8_0(x, xi, b, p);
    case GgmlType.Q4_0: return qLegacy(x, xi, b, p, 4, false);
    case GgmlType.Q4_1: return qLegacy(x, xi, b, p, 4, true);
    case GgmlType.Q5_0: return qLegacy(x, xi, b, p, 5, false);
    case GgmlType.Q5_1: return qLegacy(x, xi, b, p, 5, true);
    case GgmlType.Q4_K: return q45K(x, xi, b, p, false);
    case GgmlType.Q5_K: return q45K(x, xi, b, p, true);
    case GgmlType.Q6_K: return q6K(x, xi, b, p);
    case GgmlType.Q2_K: return quantizeQ2K(x, xi, b, p);
    case GgmlType.Q3_K: return quantizeQ3K(x, xi, b, p);
    case GgmlType.IQ4_NL: return quantizeIq4Nl(x, xi, b, p);
    case GgmlType.IQ4_XS: return quantizeIq4Xs(x, xi, b, p);
  }
}

function q8_0(x: Float32Array, xi: number, b: Uint8Array, p: number): void {
  let amax = 0;
  for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[xi + j]!));
  const d = amax / 127;
  storedF16(b, p, d);
  const id = d ? 1 / d : 0;
  for (let j = 0; j < 32; j++) b[p + 2 + j] = Math.round(x[xi + j]! * id) & 0xff;
}

/** Q4_0/Q4_1/Q5_0/Q5_1 as quantize_row_q{4,5}_{0,1}_ref. */
function qLegacy(x: Float32Array, xi: number, b: Uint8Array, p: number, bits: 4 | 5, withMin: boolean): void {
  const levels = (1 << bits) - 1;
  let d: number, id: number, min = 0;
  if (withMin) {
    let mn = Infinity, mx = -Infinity;
    for (let j = 0; j < 32; j++) { mn = Math.min(mn, x[xi + j]!); mx = Math.max(mx, x[xi + j]!); }
    d = (mx - mn) / levels;
    id = d ? 1 / d : 0;
    storedF16(b, p, d);
    min = storedF16(b, p + 2, mn);
  } else {
    let amax = 0, max = 0;
    for (let j = 0; j < 32; j++) { const v = x[xi + j]!; if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; } }
    d = max / -(1 << (bits - 1));
    id = d ? 1 / d : 0;
    storedF16(b, p, d);
  }
  const bias = withMin ? 0.5 : (1 << (bits - 1)) + 0.5;
  const qsAt = p + (withMin ? 4 : 2) + (bits === 5 ? 4 : 0);
  let qh = 0;
  for (let j = 0; j < 16; j++) {
    const v0 = withMin ? (x[xi + j]! - min) * id : x[xi + j]! * id;
    const v1 = withMin ? (x[xi + j + 16]! - min) * id : x[xi + j + 16]! * id;
    const q0 = Math.min(levels, Math.max(0, Math.trunc(v0 + bias)));
    const q1 = Math.min(levels, Math.max(0, Math.trunc(v1 + bias)));
    b[qsAt + j] = (q0 & 0xf) | ((q1 & 0xf) << 4);
    qh |= ((q0 >> 4) & 1) << j;
    qh |= ((q1 >> 4) & 1) << (j + 16);
  }
  if (bits === 5) {
    const at = p + (withMin ? 4 : 2);
    b[at] = qh & 0xff; b[at + 1] = (qh >>> 8) & 0xff; b[at + 2] = (qh >>> 16) & 0xff; b[at + 3] = (qh >>> 24) & 0xff;
  }
}

/** Q4_K / Q5_K: 8 sub-blocks of 32 with 6-bit scales and mins, super-block f16 d and dmin. */
function q45K(x: Float32Array, xi: number, b: Uint8Array, p: number, five: boolean): void {
  const levels = five ? 31 : 15;
  const scales = new Float32Array(8), mins = new Float32Array(8);
  for (let j = 0; j < 8; j++) {
    let mn = 0, mx = -Infinity;
    for (let l = 0; l < 32; l++) { const v = x[xi + 32 * j + l]!; mn = Math.min(mn, v); mx = Math.max(mx, v); }
    scales[j] = (mx - mn) / levels;
    mins[j] = -mn;
  }
  let maxScale = 0, maxMin = 0;
  for (let j = 0; j < 8; j++) { maxScale = Math.max(maxScale, scales[j]!); maxMin = Math.max(maxMin, mins[j]!); }
  const ls = new Uint8Array(8), lm = new Uint8Array(8);
  for (let j = 0; j < 8; j++) {
    ls[j] = maxScale > 0 ? Math.min(63, Math.round((63 * scales[j]!) / maxScale)) : 0;
    lm[j] = maxMin > 0 ? Math.min(63, Math.round((63 * mins[j]!) / maxMin)) : 0;
  }
  const d = storedF16(b, p, maxScale / 63);
  const dmin = storedF16(b, p + 2, maxMin / 63);
  const s = p + 4;
  for (let j = 0; j < 12; j++) b[s + j] = 0;
  for (let j = 0; j < 8; j++) {
    if (j < 4) { b[s + j] |= ls[j]!; b[s + j + 4] |= lm[j]!; }
    else {
      b[s + j + 4] = (ls[j]! & 0xf) | ((lm[j]! & 0xf) << 4);
      b[s + j - 4] |= (ls[j]! >> 4) << 6;
      b[s + j] |= (lm[j]! >> 4) << 6;
    }
  }
  const L = new Uint8Array(256);
  for (let j = 0; j < 8; j++) {
    const dj = d * ls[j]!, mj = dmin * lm[j]!;
    for (let l = 0; l < 32; l++) {
      const q = dj > 0 ? Math.round((x[xi + 32 * j + l]! + mj) / dj) : 0;
      L[32 * j + l] = Math.min(levels, Math.max(0, q));
    }
  }
  const qh = p + 16;
  const qs = p + (five ? 48 : 16);
  if (five) for (let l = 0; l < 32; l++) b[qh + l] = 0;
  for (let j = 0; j < 4; j++) {
    for (let l = 0; l < 32; l++) {
      const lo = L[64 * j + l]!, hi = L[64 * j + 32 + l]!;
      b[qs + 32 * j + l] = (lo & 0xf) | ((hi & 0xf) << 4);
      if (five) b[qh + l] |= (((lo >> 4) & 1) << (2 * j)) | (((hi >> 4) & 1) << (2 * j + 1));
    }
  }
}

/** Q6_K: 16 sub-blocks of 16 with int8 scales, super-block f16 d, 6-bit values split 4+2. */
function q6K(x: Float32Array, xi: number, b: Uint8Array, p: number): void {
  const scales = new Float32Array(16);
  const maxScale = signedSubScales(x, xi, -32, scales);
  const iscale = maxScale !== 0 ? -128 / maxScale : 0;
  const d = storedF16(b, p + 208, iscale ? 1 / iscale : 0);
  const sc = new Int8Array(16);
  for (let j = 0; j < 16; j++) sc[j] = Math.max(-128, Math.min(127, Math.round(iscale * scales[j]!)));
  for (let j = 0; j < 16; j++) b[p + 192 + j] = sc[j]! & 0xff;
  const L = new Uint8Array(256);
  for (let j = 0; j < 16; j++) {
    const dj = d * sc[j]!;
    for (let l = 0; l < 16; l++) {
      const q = dj ? Math.round(x[xi + 16 * j + l]! / dj) : 0;
      L[16 * j + l] = Math.min(31, Math.max(-32, q)) + 32;
    }
  }
  for (let half = 0; half < 2; half++) {
    const ql = p + 64 * half, qh = p + 128 + 32 * half, y = 128 * half;
    for (let l = 0; l < 32; l++) {
      const q1 = L[y + l]!, q2 = L[y + l + 32]!, q3 = L[y + l + 64]!, q4 = L[y + l + 96]!;
      b[ql + l] = (q1 & 0xf) | ((q3 & 0xf) << 4);
      b[ql + l + 32] = (q2 & 0xf) | ((q4 & 0xf) << 4);
      b[qh + l] = (q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6);
    }
  }
}
