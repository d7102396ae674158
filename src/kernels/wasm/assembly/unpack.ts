// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// The 256-element grid I-quants (IQ1_*, IQ2_*, IQ3_*), unpacked one block at a time into one shared form,
// so one dot product (unpacked-dot.ts) serves all of them, for prompts (tiles of 16 rows
// unpacked once per matmul) and for one token:
//   @0   u8  u[256]  weight + K, element order, every u < 128 (the operand the relaxed byte dot
//                    takes exactly)
//   @256 i16 s[16]   integer scale of each 16 elements
//   @320 f32 d       the block's f16 scale
// A block's integer sum against Q8_K activations a is isum = Σ_j s_j·Σ(u − K)·a
// = Σ_j s_j·Σ u·a − K·Σ_j s_j·bsum_j, exact, the same integers ggml's dot product forms (its
// sign flips, grid lookups, IQ1's 8·grid + delta); the float step is
// (dx·d)·isum, and a row's sum is scaled once by C (a power of two:
// ggml's 0.125 / 0.25, IQ1's delta 1/8), so rounding matches wherever ggml applies it.
//   type     K   C      u
//   IQ2_*   64   1/8    64 ± grid (grid 8, 25, 43; scale 2s + 1)
//   IQ3_XXS 64   1/4    64 ± grid (4 .. 62; scale 2s + 1)
//   IQ3_S   64   1      64 ± grid (1 .. 15; scale 2s + 1)
//   IQ1_*    9   1/8    8·(grid + 1) + (delta + 1) = (8·grid + delta) + 9 (scale 2s + 1)
import { GgmlType } from "./ggml-type";
import { lutF16, F16_LUT } from "./f16";
import { IQ1S_GRID, IQ2S_GRID, IQ2XS_GRID, IQ2XXS_GRID, IQ3S_GRID, IQ3XXS_GRID, signMask, signMask7 } from "./iq-tables";

export const UB_BYTES: usize = 336;
export const UB_SCALES: usize = 256;
export const UB_D: usize = 320;

const BYTES_64: u64 = 0x4040404040404040;
const BYTES_1: u64 = 0x0101010101010101;

/** Bytes per stored block of the unpacked types (0: not one of them). */
export function unpackedBlockBytes(type: i32): usize {
  switch (type) {
    case GgmlType.IQ2_XXS: return 66;
    case GgmlType.IQ2_XS: return 74;
    case GgmlType.IQ3_XXS: return 98;
    case GgmlType.IQ1_S: return 50;
    case GgmlType.IQ3_S: return 110;
    case GgmlType.IQ2_S: return 82;
    case GgmlType.IQ1_M: return 56;
    default: return 0;
  }
}

/** 64 ± grid bytes: + where the sign byte is 0, − where it is 0xff (no carries: 64 ± 62 stays in its byte). */
// @ts-ignore: decorator
@inline
function signed64(g: u64, m: u64): u64 {
  return (BYTES_64 + (g & ~m)) - (g & m);
}

// @ts-ignore: decorator
@inline
function scalePair(ub: usize, ib: usize, s0: i32, s1: i32): void {
  store<i16>(ub + UB_SCALES + (ib << 2), <i16>s0);
  store<i16>(ub + UB_SCALES + (ib << 2) + 2, <i16>s1);
}

function unpackIQ2XXS(wb: usize, ub: usize): void {
  for (let ib: usize = 0; ib < 8; ib++) {
    const idx = load<u32>(wb + 2 + (ib << 3)), aux = load<u32>(wb + 6 + (ib << 3));
    const s = 2 * <i32>(aux >> 28) + 1;
    scalePair(ub, ib, s, s);
    for (let l: u32 = 0; l < 4; l++) {
      const g = load<u64>(IQ2XXS_GRID + (<usize>((idx >> (8 * l)) & 255) << 3));
      store<u64>(ub + (ib << 5) + (<usize>l << 3), signed64(g, signMask7(aux >> (7 * l))));
    }
  }
  store<f32>(ub + UB_D, lutF16(wb));
}

function unpackIQ2XS(wb: usize, ub: usize): void {
  for (let ib: usize = 0; ib < 8; ib++) {
    const sc = <i32>load<u8>(wb + 66 + ib);
    scalePair(ub, ib, 2 * (sc & 15) + 1, 2 * (sc >> 4) + 1);
    for (let l: usize = 0; l < 4; l++) {
      const q = <u32>load<u16>(wb + 2 + (ib << 3) + (l << 1));
      const g = load<u64>(IQ2XS_GRID + (<usize>(q & 511) << 3));
      store<u64>(ub + (ib << 5) + (l << 3), signed64(g, signMask7(q >> 9)));
    }
  }
  store<f32>(ub + UB_D, lutF16(wb));
}

function unpackIQ2S(wb: usize, ub: usize): void {
  for (let ib: usize = 0; ib < 8; ib++) {
    const sc = <i32>load<u8>(wb + 74 + ib);
    scalePair(ub, ib, 2 * (sc & 15) + 1, 2 * (sc >> 4) + 1);
    const qh = <u32>load<u8>(wb + 66 + ib);
    for (let l: usize = 0; l < 4; l++) {
      const i = <u32>load<u8>(wb + 2 + (ib << 2) + l) | ((qh << (8 - 2 * <u32>l)) & 0x300);
      const g = load<u64>(IQ2S_GRID + (<usize>i << 3));
      store<u64>(ub + (ib << 5) + (l << 3), signed64(g, signMask(<u32>load<u8>(wb + 34 + (ib << 2) + l))));
    }
  }
  store<f32>(ub + UB_D, lutF16(wb));
}

function unpackIQ3XXS(wb: usize, ub: usize): void {
  for (let ib: usize = 0; ib < 8; ib++) {
    const aux = load<u32>(wb + 66 + (ib << 2));
    const s = 2 * <i32>(aux >> 28) + 1;
    scalePair(ub, ib, s, s);
    for (let l: usize = 0; l < 4; l++) {
      const q = wb + 2 + (ib << 3) + (l << 1);
      const g = <u64>load<u32>(IQ3XXS_GRID + (<usize>load<u8>(q) << 2)) | (<u64>load<u32>(IQ3XXS_GRID + (<usize>load<u8>(q, 1) << 2)) << 32);
      store<u64>(ub + (ib << 5) + (l << 3), signed64(g, signMask7(aux >> (7 * <u32>l))));
    }
  }
  store<f32>(ub + UB_D, lutF16(wb));
}

function unpackIQ3S(wb: usize, ub: usize): void {
  for (let ib: usize = 0; ib < 8; ib++) {
    const sc = <i32>load<u8>(wb + 106 + (ib >> 1));
    const s = 2 * ((ib & 1) ? sc >> 4 : sc & 15) + 1;
    scalePair(ub, ib, s, s);
    const qh = <u32>load<u8>(wb + 66 + ib);
    for (let l: usize = 0; l < 4; l++) {
      const q = wb + 2 + (ib << 3) + (l << 1);
      const i1 = <u32>load<u8>(q) | ((qh << (8 - 2 * <u32>l)) & 256);
      const i2 = <u32>load<u8>(q, 1) | ((qh << (7 - 2 * <u32>l)) & 256);
      const g = <u64>load<u32>(IQ3S_GRID + (<usize>i1 << 2)) | (<u64>load<u32>(IQ3S_GRID + (<usize>i2 << 2)) << 32);
      store<u64>(ub + (ib << 5) + (l << 3), signed64(g, signMask(<u32>load<u8>(wb + 74 + (ib << 2) + l))));
    }
  }
  store<f32>(ub + UB_D, lutF16(wb));
}

/** 8·(grid + 1) + (delta + 1) for 8 elements: the stored grid is grid + 1 (0..2), so no byte carries. */
// @ts-ignore: decorator
@inline
function iq1Group(i: u32, negative: bool): u64 {
  return (load<u64>(IQ1S_GRID + (<usize>i << 3)) << 3) + (negative ? 0 : 2 * BYTES_1);
}

function unpackIQ1S(wb: usize, ub: usize): void {
  for (let ib: usize = 0; ib < 8; ib++) {
    const qh = <u32>load<u16>(wb + 34 + (ib << 1));
    const s = 2 * <i32>((qh >> 12) & 7) + 1;
    scalePair(ub, ib, s, s);
    const negative = (qh & 0x8000) != 0;
    for (let l: usize = 0; l < 4; l++) {
      const i = <u32>load<u8>(wb + 2 + (ib << 2) + l) | (((qh >> (3 * <u32>l)) & 7) << 8);
      store<u64>(ub + (ib << 5) + (l << 3), iq1Group(i, negative));
    }
  }
  store<f32>(ub + UB_D, lutF16(wb));
}

function unpackIQ1M(wb: usize, ub: usize): void {
  const sc0 = <u32>load<u16>(wb + 48), sc1 = <u32>load<u16>(wb + 50), sc2 = <u32>load<u16>(wb + 52), sc3 = <u32>load<u16>(wb + 54);
  const dBits = (sc0 >> 12) | ((sc1 >> 8) & 0x00f0) | ((sc2 >> 4) & 0x0f00) | (sc3 & 0xf000);
  for (let ib: usize = 0; ib < 8; ib++) {
    const sc = <i32>load<u16>(wb + 48 + ((ib >> 1) << 1));
    const shift = 6 * <i32>(ib & 1);
    scalePair(ub, ib, 2 * ((sc >> shift) & 7) + 1, 2 * ((sc >> (shift + 3)) & 7) + 1);
    const qh0 = <u32>load<u8>(wb + 32 + (ib << 1)), qh1 = <u32>load<u8>(wb + 33 + (ib << 1));
    const qs = wb + (ib << 2);
    const o = ub + (ib << 5);
    store<u64>(o, iq1Group(<u32>load<u8>(qs) | ((qh0 << 8) & 0x700), (qh0 & 0x08) != 0));
    store<u64>(o + 8, iq1Group(<u32>load<u8>(qs, 1) | ((qh0 << 4) & 0x700), (qh0 & 0x80) != 0));
    store<u64>(o + 16, iq1Group(<u32>load<u8>(qs, 2) | ((qh1 << 8) & 0x700), (qh1 & 0x08) != 0));
    store<u64>(o + 24, iq1Group(<u32>load<u8>(qs, 3) | ((qh1 << 4) & 0x700), (qh1 & 0x80) != 0));
  }
  store<f32>(ub + UB_D, load<f32>(F16_LUT + (<usize>dBits << 2)));
}

/** Unpacks one stored block of `type` at wb into the shared form at ub (UB_BYTES). */
export function unpackBlock(type: i32, wb: usize, ub: usize): void {
  switch (type) {
    case GgmlType.IQ2_XXS: unpackIQ2XXS(wb, ub); break;
    case GgmlType.IQ2_XS: unpackIQ2XS(wb, ub); break;
    case GgmlType.IQ3_XXS: unpackIQ3XXS(wb, ub); break;
    case GgmlType.IQ1_S: unpackIQ1S(wb, ub); break;
    case GgmlType.IQ3_S: unpackIQ3S(wb, ub); break;
    case GgmlType.IQ2_S: unpackIQ2S(wb, ub); break;
    case GgmlType.IQ1_M: unpackIQ1M(wb, ub); break;
  }
}
