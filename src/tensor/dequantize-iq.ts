/**
 * The I-quants → F32, following ggml's dequantize_row_iq* (block layouts from ggml-common.h;
 * grids in iq-tables.ts), every float step rounded to f32 as ggml does it. All hold 256
 * elements per block except IQ4_NL (32). Groups of 8 elements index one grid point (IQ3: two
 * points of 4) and carry 8 signs (7 stored, ksigns), a sub-block of 32 one or two 4-bit scales.
 *   IQ2_XXS (66):  f16 d, per 32: u32 grid indices (4 × 8 bits), u32 (4 × 7 sign bits, 4-bit scale);
 *                  x = d·(0.5 + s)·0.25·grid·sign
 *   IQ2_XS (74):   f16 d, u16 qs[32] (9-bit index, 7 sign bits), scales[8] (two 4-bit, per 16)
 *   IQ2_S (82):    f16 d, qs[32] index low bits, signs[32], qh[8] (2 high bits per group), scales[8]
 *   IQ3_XXS (98):  f16 d, qs[64] (8-bit index per 4), per 32: u32 (4 × 7 sign bits, 4-bit scale);
 *                  x = d·(0.5 + s)·0.5·grid·sign
 *   IQ3_S (110):   f16 d, qs[64], qh[8] (9th index bits), signs[32], scales[4] (two 4-bit, per 32);
 *                  x = d·(1 + 2s)·grid·sign
 *   IQ1_S (50):    f16 d, qs[32] (index low 8 bits), u16 qh[8] (3 × 3 index bits, 3-bit scale, delta sign);
 *                  x = d·(2s + 1)·(grid ± 0.125)
 *   IQ1_M (56):    qs[32], qh[16] (3 index bits and a delta sign per group), scales[8] (3-bit per 16;
 *                  the top nibbles of the four u16 assemble the f16 d)
 *   IQ4_NL (18):   f16 d, qs[16] (nibbles: elements j and j + 16); x = d·kvalues[q]
 *   IQ4_XS (136):  f16 d, u16 scales_h, scales_l[4], qs[128]; 6-bit scales per 32 (−32)
 */
import { F16_TO_F32 } from "./half.ts";
import { iq1mScaleBits } from "./block-scales.ts";
import { IQ1S_BYTES, IQ2S_BYTES, IQ2XS_BYTES, IQ2XXS_BYTES, IQ3S_BYTES, IQ3XXS_BYTES, KSIGNS, KVALUES_IQ4NL } from "./iq-tables.ts";

const f = Math.fround;
const h = (b: Uint8Array, p: number) => F16_TO_F32[b[p]! | (b[p + 1]! << 8)]!;
const u16 = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8);
const u32 = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
/** +1 or −1: sign j of an 8-bit sign mask. */
const sign = (signs: number, j: number) => (signs & (1 << j) ? -1 : 1);
const IQ1S_DELTA = 0.125;


/** 8 elements of a grid point (byte grid) with signs, scaled by db, to out[y..]. */
function put8(out: Float32Array, y: number, db: number, grid: Uint8Array, at: number, signs: number): void {
  for (let j = 0; j < 8; j++) out[y + j] = f(f(db * grid[at + j]!) * sign(signs, j));
}

export function dequantIq(type: number, b: Uint8Array, at: number, nb: number, out: Float32Array, o: number): void {
  for (let k = 0; k < nb; k++) {
    const y0 = o + 256 * k;
    switch (type) {
      case 16: { // IQ2_XXS
        const p = at + 66 * k, d = h(b, p);
        for (let ib = 0; ib < 8; ib++) {
          const q = p + 2 + 8 * ib, aux1 = u32(b, q + 4);
          const db = f(f(d * (0.5 + (aux1 >>> 28))) * 0.25);
          for (let l = 0; l < 4; l++) put8(out, y0 + 32 * ib + 8 * l, db, IQ2XXS_BYTES, 8 * b[q + l]!, KSIGNS[(aux1 >>> (7 * l)) & 127]!);
        }
        break;
      }
      case 17: { // IQ2_XS
        const p = at + 74 * k, d = h(b, p);
        for (let ib = 0; ib < 8; ib++) {
          const sc = b[p + 66 + ib]!;
          const db = [f(f(d * (0.5 + (sc & 15))) * 0.25), f(f(d * (0.5 + (sc >> 4))) * 0.25)];
          for (let l = 0; l < 4; l++) {
            const q = u16(b, p + 2 + 8 * ib + 2 * l);
            put8(out, y0 + 32 * ib + 8 * l, db[l >> 1]!, IQ2XS_BYTES, 8 * (q & 511), KSIGNS[q >> 9]!);
          }
        }
        break;
      }
      case 22: { // IQ2_S
        const p = at + 82 * k, d = h(b, p);
        for (let ib = 0; ib < 8; ib++) {
          const sc = b[p + 74 + ib]!, qh = b[p + 66 + ib]!;
          const db = [f(f(d * (0.5 + (sc & 15))) * 0.25), f(f(d * (0.5 + (sc >> 4))) * 0.25)];
          for (let l = 0; l < 4; l++) {
            const idx = b[p + 2 + 4 * ib + l]! | ((qh << (8 - 2 * l)) & 0x300);
            put8(out, y0 + 32 * ib + 8 * l, db[l >> 1]!, IQ2S_BYTES, 8 * idx, b[p + 34 + 4 * ib + l]!);
          }
        }
        break;
      }
      case 18: { // IQ3_XXS
        const p = at + 98 * k, d = h(b, p);
        for (let ib = 0; ib < 8; ib++) {
          const aux = u32(b, p + 66 + 4 * ib);
          const db = f(f(d * (0.5 + (aux >>> 28))) * 0.5);
          for (let l = 0; l < 4; l++) {
            const signs = KSIGNS[(aux >>> (7 * l)) & 127]!, y = y0 + 32 * ib + 8 * l;
            const g1 = 4 * b[p + 2 + 8 * ib + 2 * l]!, g2 = 4 * b[p + 3 + 8 * ib + 2 * l]!;
            for (let j = 0; j < 4; j++) {
              out[y + j] = f(f(db * IQ3XXS_BYTES[g1 + j]!) * sign(signs, j));
              out[y + j + 4] = f(f(db * IQ3XXS_BYTES[g2 + j]!) * sign(signs, j + 4));
            }
          }
        }
        break;
      }
      case 21: { // IQ3_S
        const p = at + 110 * k, d = h(b, p);
        for (let ib = 0; ib < 8; ib++) {
          const sc = b[p + 106 + (ib >> 1)]!;
          const db = f(d * (1 + 2 * (ib & 1 ? sc >> 4 : sc & 15)));
          const qh = b[p + 66 + ib]!;
          for (let l = 0; l < 4; l++) {
            const signs = b[p + 74 + 4 * ib + l]!, y = y0 + 32 * ib + 8 * l;
            const g1 = 4 * (b[p + 2 + 8 * ib + 2 * l]! | ((qh << (8 - 2 * l)) & 256));
            const g2 = 4 * (b[p + 3 + 8 * ib + 2 * l]! | ((qh << (7 - 2 * l)) & 256));
            for (let j = 0; j < 4; j++) {
              out[y + j] = f(f(db * IQ3S_BYTES[g1 + j]!) * sign(signs, j));
              out[y + j + 4] = f(f(db * IQ3S_BYTES[g2 + j]!) * sign(signs, j + 4));
            }
          }
        }
        break;
      }
      case 19: { // IQ1_S
        const p = at + 50 * k, d = h(b, p);
        for (let ib = 0; ib < 8; ib++) {
          const qh = u16(b, p + 34 + 2 * ib);
          const dl = f(d * (2 * ((qh >> 12) & 7) + 1));
          const delta = qh & 0x8000 ? -IQ1S_DELTA : IQ1S_DELTA;
          for (let l = 0; l < 4; l++) {
            const g = 8 * (b[p + 2 + 4 * ib + l]! | (((qh >> (3 * l)) & 7) << 8));
            for (let j = 0; j < 8; j++) out[y0 + 32 * ib + 8 * l + j] = f(dl * f(IQ1S_BYTES[g + j]! + delta));
          }
        }
        break;
      }
      case 29: { // IQ1_M
        const p = at + 56 * k, d = F16_TO_F32[iq1mScaleBits(b, p)]!;
        for (let ib = 0; ib < 8; ib++) {
          const sc = u16(b, p + 48 + 2 * (ib >> 1));
          const dl = [f(d * (2 * ((sc >> (6 * (ib & 1))) & 7) + 1)), f(d * (2 * ((sc >> (6 * (ib & 1) + 3)) & 7) + 1))];
          const qh0 = b[p + 32 + 2 * ib]!, qh1 = b[p + 33 + 2 * ib]!;
          const qs = p + 4 * ib;
          const idx = [b[qs]! | ((qh0 << 8) & 0x700), b[qs + 1]! | ((qh0 << 4) & 0x700), b[qs + 2]! | ((qh1 << 8) & 0x700), b[qs + 3]! | ((qh1 << 4) & 0x700)];
          const delta = [qh0 & 0x08, qh0 & 0x80, qh1 & 0x08, qh1 & 0x80].map((x) => (x ? -IQ1S_DELTA : IQ1S_DELTA));
          for (let l = 0; l < 4; l++) {
            for (let j = 0; j < 8; j++) out[y0 + 32 * ib + 8 * l + j] = f(dl[l >> 1]! * f(IQ1S_BYTES[8 * idx[l]! + j]! + delta[l]!));
          }
        }
        break;
      }
      case 23: { // IQ4_XS
        const p = at + 136 * k, d = h(b, p), sh = u16(b, p + 2);
        for (let ib = 0; ib < 8; ib++) {
          const ls = ((b[p + 4 + (ib >> 1)]! >> (4 * (ib & 1))) & 15) | (((sh >> (2 * ib)) & 3) << 4);
          const dl = f(d * (ls - 32));
          for (let j = 0; j < 16; j++) {
            const q = b[p + 8 + 16 * ib + j]!;
            out[y0 + 32 * ib + j] = f(dl * KVALUES_IQ4NL[q & 15]!);
            out[y0 + 32 * ib + j + 16] = f(dl * KVALUES_IQ4NL[q >> 4]!);
          }
        }
        break;
      }
    }
  }
}

/** IQ4_NL (32-element blocks). */
export function dequantIq4Nl(b: Uint8Array, at: number, nb: number, out: Float32Array, o: number): void {
  for (let k = 0; k < nb; k++) {
    const p = at + 18 * k, d = h(b, p), y = o + 32 * k;
    for (let j = 0; j < 16; j++) {
      out[y + j] = f(d * KVALUES_IQ4NL[b[p + 2 + j]! & 15]!);
      out[y + j + 16] = f(d * KVALUES_IQ4NL[b[p + 2 + j]! >> 4]!);
    }
  }
}
