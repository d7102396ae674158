/**
 * Direct quantizers F32 → Q2_K, Q3_K, IQ4_NL, IQ4_XS blocks for writing test models: scales
 * from each sub-block's range, nearest levels. The blocks are valid and faithful, not
 * llama-quantize's searched ones (which only changes which weights a file holds, never how they
 * are read). Layouts: dequantize-lowbit.ts, dequantize-iq.ts.
 */
import { lowBitsOf, subBlockOf } from "./dequantize-lowbit.ts";
import { KVALUES_IQ4NL } from "./iq-tables.ts";
import { clamp, put16, signedSubScales, storedF16 } from "./quantize-store.ts";


/** Q2_K: per 16 a 4-bit scale and min over super-block f16 d and dmin; values 0..3. */
export function quantizeQ2K(x: Float32Array, xi: number, b: Uint8Array, p: number): void {
  const scale = new Float64Array(16), min = new Float64Array(16);
  for (let j = 0; j < 16; j++) {
    let lo = 0, hi = -Infinity;
    for (let l = 0; l < 16; l++) { const v = x[xi + 16 * j + l]!; lo = Math.min(lo, v); hi = Math.max(hi, v); }
    scale[j] = (hi - lo) / 3;
    min[j] = -lo;
  }
  const d = storedF16(b, p + 80, Math.max(...scale) / 15);
  const dmin = storedF16(b, p + 82, Math.max(...min) / 15);
  const ls = new Uint8Array(16), lm = new Uint8Array(16);
  for (let j = 0; j < 16; j++) {
    ls[j] = d > 0 ? clamp(Math.round(scale[j]! / d), 0, 15) : 0;
    lm[j] = dmin > 0 ? clamp(Math.round(min[j]! / dmin), 0, 15) : 0;
    b[p + j] = ls[j]! | (lm[j]! << 4);
  }
  b.fill(0, p + 16, p + 80);
  for (let e = 0; e < 256; e++) {
    const j = subBlockOf(e), dl = d * ls[j]!;
    const q = dl > 0 ? clamp(Math.round((x[xi + e]! + dmin * lm[j]!) / dl), 0, 3) : 0;
    const [at, shift] = lowBitsOf(e);
    b[p + 16 + at] |= q << shift;
  }
}

/** Q3_K: per 16 a signed 6-bit scale over a super-block f16 d; values −4..3. */
export function quantizeQ3K(x: Float32Array, xi: number, b: Uint8Array, p: number): void {
  const scale = new Float64Array(16);
  const maxScale = signedSubScales(x, xi, -4, scale);
  const iscale = maxScale !== 0 ? -32 / maxScale : 0;
  const d = storedF16(b, p + 108, iscale ? 1 / iscale : 0);
  b.fill(0, p, p + 108);
  const ls = new Int8Array(16);
  for (let j = 0; j < 16; j++) {
    ls[j] = clamp(Math.round(iscale * scale[j]!), -32, 31);
    const u = ls[j]! + 32;
    if (j < 8) b[p + 96 + j] |= u & 15;
    else b[p + 96 + j - 8] |= (u & 15) << 4;
    b[p + 104 + (j & 3)] |= (u >> 4) << (2 * (j >> 2));
  }
  for (let e = 0; e < 256; e++) {
    const dl = d * ls[subBlockOf(e)]!;
    const u = (dl ? clamp(Math.round(x[xi + e]! / dl), -4, 3) : 0) + 4;
    const [at, shift] = lowBitsOf(e);
    b[p + 32 + at] |= (u & 3) << shift;
    if (u >> 2) b[p + 16 * ((e >> 4) & 1) + (e & 15)] |= 1 << (4 * (e >> 7) + ((e >> 5) & 3));
  }
}

/** Index of the IQ4 level nearest to v. */
function nearestIq4(v: number): number {
  let best = 0;
  for (let i = 1; i < 16; i++) if (Math.abs(KVALUES_IQ4NL[i]! - v) < Math.abs(KVALUES_IQ4NL[best]! - v)) best = i;
  return best;
}

/** 32 values at xi as IQ4 nibbles (elements j, j + 16 in byte j) at q, with scale dl. */
function iq4Nibbles(x: Float32Array, xi: number, dl: number, b: Uint8Array, q: number): void {
  for (let j = 0; j < 16; j++) {
    const lo = dl ? nearestIq4(x[xi + j]! / dl) : 8, hi = dl ? nearestIq4(x[xi + j + 16]! / dl) : 8;
    b[q + j] = lo | (hi << 4);
  }
}

/** Signed value of largest magnitude among n values at xi. */
function signedMax(x: Float32Array, xi: number, n: number): number {
  let amax = 0, max = 0;
  for (let l = 0; l < n; l++) { const v = x[xi + l]!; if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; } }
  return max;
}

/** IQ4_NL (32 values): f16 d with the largest magnitude on level −127. */
export function quantizeIq4Nl(x: Float32Array, xi: number, b: Uint8Array, p: number): void {
  const d = storedF16(b, p, signedMax(x, xi, 32) / KVALUES_IQ4NL[0]!);
  iq4Nibbles(x, xi, d, b, p + 2);
}

/** IQ4_XS: per 32 a 6-bit scale (−32) over a super-block f16 d. */
export function quantizeIq4Xs(x: Float32Array, xi: number, b: Uint8Array, p: number): void {
  const sub = Array.from({ length: 8 }, (_, j) => signedMax(x, xi + 32 * j, 32) / KVALUES_IQ4NL[0]!);
  let amax = 0, max = 0;
  for (const s of sub) if (Math.abs(s) > amax) { amax = Math.abs(s); max = s; }
  const d = storedF16(b, p, max / -32);
  let sh = 0;
  b.fill(0, p + 4, p + 8);
  for (let j = 0; j < 8; j++) {
    const ls = d ? clamp(Math.round(sub[j]! / d), -32, 31) : 0;
    const u = ls + 32;
    b[p + 4 + (j >> 1)] |= (u & 15) << (4 * (j & 1));
    sh |= (u >> 4) << (2 * j);
    iq4Nibbles(x, xi + 32 * j, d * ls, b, p + 8 + 16 * j);
  }
  put16(b, p + 2, sh);
}
