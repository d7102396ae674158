/**
 * A port, for tests, of ggml's scalar dot products of the 2- and 3-bit K-quants and the I-quants
 * against Q8_K (IQ4_NL: Q8_0) activations (ggml-cpu/quants.c ggml_vec_dot_*_generic): integer
 * sums over the stored bytes, read the way the dot product reads them — a second reading of each
 * block layout, independent of the dequantizers in src/tensor.
 */
import { F16_TO_F32, f32ToF16 } from "../../src/tensor/half.ts";
import { IQ1S_BYTES, IQ2S_BYTES, IQ2XS_BYTES, IQ2XXS_BYTES, IQ3S_BYTES, IQ3XXS_BYTES, KSIGNS, KVALUES_IQ4NL } from "../../src/tensor/iq-tables.ts";
import { roundEven } from "../../src/kernels/ref/activations.ts";

const f = Math.fround;
const h = (b: Uint8Array, p: number) => F16_TO_F32[b[p]! | (b[p + 1]! << 8)]!;
const u16 = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8);
const u32 = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
const sgn = (signs: number, j: number) => (signs & (1 << j) ? -1 : 1);

export interface Q8K { d: number; qs: Int8Array; bsums: Int16Array }

/** quantize_row_q8_K_ref of one 256-value block. */
export function q8K(x: Float32Array, at: number): Q8K {
  let amax = 0, max = 0;
  for (let j = 0; j < 256; j++) { const ax = Math.abs(x[at + j]!); if (ax > amax) { amax = ax; max = x[at + j]!; } }
  const qs = new Int8Array(256), bsums = new Int16Array(16);
  if (amax === 0) return { d: 0, qs, bsums };
  const iscale = f(-127 / max);
  for (let j = 0; j < 256; j++) qs[j] = Math.min(127, roundEven(f(iscale * x[at + j]!)));
  for (let j = 0; j < 16; j++) for (let l = 0; l < 16; l++) bsums[j] += qs[16 * j + l]!;
  return { d: f(1 / iscale), qs, bsums };
}

/** One 256-block's contribution, with the float steps of ggml's generic code. */
function blockDot(type: number, b: Uint8Array, p: number, y: Q8K): number {
  const q8 = y.qs;
  switch (type) {
    case 10: { // Q2_K
      let summs = 0;
      for (let j = 0; j < 16; j++) summs += y.bsums[j]! * (b[p + j]! >> 4);
      const dall = f(y.d * h(b, p + 80)), dmin = f(y.d * h(b, p + 82));
      let isum = 0, is = 0, o = 0;
      for (let k = 0; k < 2; k++) {
        for (let j = 0, shift = 0; j < 4; j++, shift += 2) {
          for (let half = 0; half < 2; half++) {
            const d = b[p + is++]! & 15;
            let s = 0;
            for (let l = 0; l < 16; l++) s += q8[o + l]! * ((b[p + 16 + 32 * k + 16 * half + l]! >> shift) & 3);
            isum += d * s;
            o += 16;
          }
        }
      }
      return f(f(dall * isum) - f(dmin * summs));
    }
    case 11: { // Q3_K: the AVX2 order, one float step per block
      const s = p + 96;
      const sc = (j: number) => ((j < 8 ? b[s + j]! & 15 : b[s + j - 8]! >> 4) | (((b[s + 8 + (j & 3)]! >> (2 * (j >> 2))) & 3) << 4)) - 32;
      let isum = 0, o = 0;
      for (let k = 0; k < 2; k++) {
        for (let j = 0; j < 4; j++) {
          for (let half = 0; half < 2; half++) {
            let t = 0;
            for (let l = 0; l < 16; l++) {
              const q = (b[p + 32 + 32 * k + 16 * half + l]! >> (2 * j)) & 3;
              const hb = (b[p + 16 * half + l]! >> (4 * k + j)) & 1;
              t += q8[o + l]! * (q - (hb ? 0 : 4));
            }
            isum += sc(8 * k + 2 * j + half) * t;
            o += 16;
          }
        }
      }
      return f(f(h(b, p + 108) * y.d) * isum);
    }
    case 16: { // IQ2_XXS
      let bsum = 0;
      for (let ib = 0; ib < 8; ib++) {
        const q = p + 2 + 8 * ib, aux1 = u32(b, q + 4), ls = 2 * (aux1 >>> 28) + 1;
        let sumi = 0;
        for (let l = 0; l < 4; l++) {
          const g = 8 * b[q + l]!, signs = KSIGNS[(aux1 >>> (7 * l)) & 127]!;
          for (let j = 0; j < 8; j++) sumi += IQ2XXS_BYTES[g + j]! * q8[32 * ib + 8 * l + j]! * sgn(signs, j);
        }
        bsum += sumi * ls;
      }
      return f(f(f(h(b, p) * y.d) * bsum) * 0.125);
    }
    case 17: { // IQ2_XS
      let bsum = 0;
      for (let ib = 0; ib < 8; ib++) {
        const sc = b[p + 66 + ib]!;
        for (let half = 0; half < 2; half++) {
          let sumi = 0;
          for (let l = 2 * half; l < 2 * half + 2; l++) {
            const q = u16(b, p + 2 + 8 * ib + 2 * l);
            for (let j = 0; j < 8; j++) sumi += IQ2XS_BYTES[8 * (q & 511) + j]! * q8[32 * ib + 8 * l + j]! * sgn(KSIGNS[q >> 9]!, j);
          }
          bsum += sumi * (2 * (half ? sc >> 4 : sc & 15) + 1);
        }
      }
      return f(f(f(h(b, p) * y.d) * bsum) * 0.125);
    }
    case 22: { // IQ2_S
      let bsum = 0;
      for (let ib = 0; ib < 8; ib++) {
        const sc = b[p + 74 + ib]!, qh = b[p + 66 + ib]!;
        for (let half = 0; half < 2; half++) {
          let sumi = 0;
          for (let l = 2 * half; l < 2 * half + 2; l++) {
            const g = 8 * (b[p + 2 + 4 * ib + l]! | ((qh << (8 - 2 * l)) & 0x300));
            for (let j = 0; j < 8; j++) sumi += q8[32 * ib + 8 * l + j]! * IQ2S_BYTES[g + j]! * sgn(b[p + 34 + 4 * ib + l]!, j);
          }
          bsum += sumi * (1 + 2 * (half ? sc >> 4 : sc & 15));
        }
      }
      return f(f(f(h(b, p) * y.d) * bsum) * 0.125);
    }
    case 18: { // IQ3_XXS
      let bsum = 0;
      for (let ib = 0; ib < 8; ib++) {
        const aux = u32(b, p + 66 + 4 * ib), ls = 2 * (aux >>> 28) + 1;
        let sumi = 0;
        for (let l = 0; l < 4; l++) {
          const signs = KSIGNS[(aux >>> (7 * l)) & 127]!;
          const g1 = 4 * b[p + 2 + 8 * ib + 2 * l]!, g2 = 4 * b[p + 3 + 8 * ib + 2 * l]!;
          for (let j = 0; j < 4; j++) {
            sumi += IQ3XXS_BYTES[g1 + j]! * q8[32 * ib + 8 * l + j]! * sgn(signs, j);
            sumi += IQ3XXS_BYTES[g2 + j]! * q8[32 * ib + 8 * l + j + 4]! * sgn(signs, j + 4);
          }
        }
        bsum += sumi * ls;
      }
      return f(f(f(h(b, p) * y.d) * bsum) * 0.25);
    }
    case 21: { // IQ3_S
      let bsum = 0;
      for (let ib = 0; ib < 8; ib++) {
        const sc = b[p + 106 + (ib >> 1)]!, ls = 2 * (ib & 1 ? sc >> 4 : sc & 15) + 1, qh = b[p + 66 + ib]!;
        let sumi = 0;
        for (let l = 0; l < 4; l++) {
          const signs = b[p + 74 + 4 * ib + l]!;
          const g1 = 4 * (b[p + 2 + 8 * ib + 2 * l]! | ((qh << (8 - 2 * l)) & 256));
          const g2 = 4 * (b[p + 3 + 8 * ib + 2 * l]! | ((qh << (7 - 2 * l)) & 256));
          for (let j = 0; j < 4; j++) {
            sumi += IQ3S_BYTES[g1 + j]! * q8[32 * ib + 8 * l + j]! * sgn(signs, j);
            sumi += IQ3S_BYTES[g2 + j]! * q8[32 * ib + 8 * l + j + 4]! * sgn(signs, j + 4);
          }
        }
        bsum += sumi * ls;
      }
      return f(f(h(b, p) * y.d) * bsum);
    }
    case 19: { // IQ1_S
      let sumi = 0, sumi1 = 0;
      for (let ib = 0; ib < 8; ib++) {
        const qh = u16(b, p + 34 + 2 * ib), ls = 2 * ((qh >> 12) & 7) + 1, delta = qh & 0x8000 ? -1 : 1;
        let lsum = 0;
        for (let l = 0; l < 4; l++) {
          const g = 8 * (b[p + 2 + 4 * ib + l]! | (((qh >> (3 * l)) & 7) << 8));
          for (let j = 0; j < 8; j++) lsum += q8[32 * ib + 8 * l + j]! * IQ1S_BYTES[g + j]!;
        }
        sumi += ls * lsum;
        sumi1 += ls * delta * (y.bsums[2 * ib]! + y.bsums[2 * ib + 1]!);
      }
      return f(f(h(b, p) * y.d) * f(sumi + f(0.125 * sumi1)));
    }
    case 29: { // IQ1_M
      const scale = (u16(b, p + 48) >> 12) | ((u16(b, p + 50) >> 8) & 0x00f0) | ((u16(b, p + 52) >> 4) & 0x0f00) | (u16(b, p + 54) & 0xf000);
      let sumi1 = 0, sumi2 = 0;
      for (let ib = 0; ib < 8; ib++) {
        const qh = [b[p + 32 + 2 * ib]!, b[p + 33 + 2 * ib]!];
        const delta = [qh[0]! & 0x08 ? -1 : 1, qh[0]! & 0x80 ? -1 : 1, qh[1]! & 0x08 ? -1 : 1, qh[1]! & 0x80 ? -1 : 1];
        const sum1 = [0, 0], sum2 = [0, 0];
        for (let l = 0; l < 4; l++) {
          const g = 8 * (b[p + 4 * ib + l]! | ((qh[l >> 1]! << (8 - 4 * (l & 1))) & 0x700));
          let lsum1 = 0, lsum2 = 0;
          for (let j = 0; j < 8; j++) { lsum1 += q8[32 * ib + 8 * l + j]! * IQ1S_BYTES[g + j]!; lsum2 += q8[32 * ib + 8 * l + j]!; }
          sum1[l >> 1] += lsum1;
          sum2[l >> 1] += lsum2 * delta[l]!;
        }
        const sc = u16(b, p + 48 + 2 * (ib >> 1));
        const ls1 = 2 * ((sc >> (6 * (ib & 1))) & 7) + 1, ls2 = 2 * ((sc >> (6 * (ib & 1) + 3)) & 7) + 1;
        sumi1 += sum1[0]! * ls1 + sum1[1]! * ls2;
        sumi2 += sum2[0]! * ls1 + sum2[1]! * ls2;
      }
      return f(f(F16_TO_F32[scale]! * y.d) * f(sumi1 + f(0.125 * sumi2)));
    }
    case 23: { // IQ4_XS: the AVX2 order, integer sums then one float step
      let sh = u16(b, p + 2), isum = 0;
      for (let ib = 0; ib < 8; ib += 2) {
        const ls1 = (b[p + 4 + (ib >> 1)]! & 15) | ((sh << 4) & 0x30), ls2 = (b[p + 4 + (ib >> 1)]! >> 4) | ((sh << 2) & 0x30);
        sh >>= 4;
        for (const [k, ls] of [[ib, ls1], [ib + 1, ls2]] as const) {
          let s = 0;
          for (let j = 0; j < 16; j++) {
            const q = b[p + 8 + 16 * k + j]!;
            s += q8[32 * k + j]! * KVALUES_IQ4NL[q & 15]! + q8[32 * k + j + 16]! * KVALUES_IQ4NL[q >> 4]!;
          }
          isum += (ls - 32) * s;
        }
      }
      return f(f(h(b, p) * y.d) * isum);
    }
  }
  throw new Error(`no port of ggml's dot product for type ${type}`);
}

const BLOCK_BYTES: Record<number, number> = { 10: 84, 11: 110, 16: 66, 17: 74, 18: 98, 19: 50, 21: 110, 22: 82, 23: 136, 29: 56 };

/** ggml's dot of one stored row (cols values) with activations x, quantized to Q8_K (IQ4_NL: Q8_0). */
export function ggmlRowDot(type: number, row: Uint8Array, x: Float32Array): number {
  let sum = 0;
  if (type === 20) {
    for (let k = 0; k < x.length / 32; k++) {
      let amax = 0;
      for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[32 * k + j]!));
      const d = f(amax / 127), id = amax ? f(127 / amax) : 0;
      const dx = F16_TO_F32[f32ToF16(d)]!;
      let s = 0;
      for (let j = 0; j < 16; j++) {
        const q = row[18 * k + 2 + j]!;
        s += roundEven(f(x[32 * k + j]! * id)) * KVALUES_IQ4NL[q & 15]! + roundEven(f(x[32 * k + j + 16]! * id)) * KVALUES_IQ4NL[q >> 4]!;
      }
      sum = f(sum + f(f(dx * h(row, 18 * k)) * s));
    }
    return sum;
  }
  for (let k = 0; k < x.length / 256; k++) sum = f(sum + blockDot(type, row, k * BLOCK_BYTES[type]!, q8K(x, 256 * k)));
  return sum;
}
