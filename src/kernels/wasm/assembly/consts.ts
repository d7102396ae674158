// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Vector constants the host writes once into every memory (exports.ts fillTables). Kernels load
// them before their loops: V8 keeps a loaded value in a register, whereas a v128.const inside
// a loop is rematerialized (3 instructions) at every use.

import { BYTE_DOT_FLAG, DECODE_SHORT_FLAG, KCONST as KCONST_AT, KCONST_EXP, KCONST_TAIL as KCONST_TAIL_AT, KQ_BYTE_DOT_FLAG, Q4K_TILE_MIN_TOKENS, Q6K_TILE_MIN_TOKENS } from "../layout";

/**
 * Address of the constants (16 bytes each; ../layout.ts): i8x16 splats of 0x0f, 0x30, 0x01;
 * i16x8 splat of 0x00ff; i32x4 splat of 0x8fffe000 and f32x4 splat of 2^112 (f16x4ToF32's mask
 * and rebias); i16x8 splat of 63; i32x4 splat of 127; IQ4_XS's scale-decoding byte spread and
 * two i16 multipliers (iq4xsSpread …); then f32x4 splats of e^x's constants (expF32x4, from
 * KCONST_EXP).
 */
export const KCONST: usize = KCONST_AT;

// @ts-ignore: decorator
@inline
export function maskLow4(): v128 {
  return v128.load(KCONST);
}

// @ts-ignore: decorator
@inline
export function maskBits45(): v128 {
  return v128.load(KCONST + 16);
}

// @ts-ignore: decorator
@inline
export function onesU8(): v128 {
  return v128.load(KCONST + 32);
}

// @ts-ignore: decorator
@inline
export function maskLowByte16(): v128 {
  return v128.load(KCONST + 48);
}

// @ts-ignore: decorator
@inline
export function f16Mask(): v128 {
  return v128.load(KCONST + 64);
}

// @ts-ignore: decorator
@inline
export function f16Rebias(): v128 {
  return v128.load(KCONST + 80);
}

/**
 * After the patterns and the f32 splats (../layout.ts KCONST_TAIL): an i8x16 splat of 0x80, then
 * the host's i32 flags (../layout.ts BYTE_DOT_FLAG …).
 */
const KCONST_TAIL: usize = KCONST_TAIL_AT;

// @ts-ignore: decorator
@inline
export function splat80(): v128 {
  return v128.load(KCONST_TAIL);
}

/** True when the host enabled the unsigned-byte dot kernels (q8.ts) for this memory. */
// @ts-ignore: decorator
@inline
export function byteDotOn(): bool {
  return load<i32>(BYTE_DOT_FLAG) != 0;
}

/**
 * True when decode reads a thread's rows as several short streams side by side within 16-row
 * tiles (matmul.ts decodeRows); false: as long sequential streams. Which is faster depends on
 * the host's memory system; both give the same bits. The host picks (decode-tuner.ts).
 */
// @ts-ignore: decorator
@inline
export function decodeShortOn(): bool {
  return load<i32>(DECODE_SHORT_FLAG) != 0;
}

/**
 * From how many tokens a Q4_K matmul unpacks each 16-row tile once and runs the grouped kernels
 * (kq-prompt.ts) instead of unpacking every block again per 4 or 2 tokens (q4k.ts dotQ4_Kx4,
 * dotQ4_Kx2). Both give the same bits; the host sets it (exports.ts setQ4kTileMinTokens).
 */
// @ts-ignore: decorator
@inline
export function q4kTileMinTokens(): i32 {
  return load<i32>(Q4K_TILE_MIN_TOKENS);
}

/** The same for Q6_K (16 by default: its 4-token kernel unpacks cheaply). */
// @ts-ignore: decorator
@inline
export function q6kTileMinTokens(): i32 {
  return load<i32>(Q6K_TILE_MIN_TOKENS);
}

/**
 * True when the K-quant tile kernels take the relaxed byte dot (kq-prompt.ts), false: 16-bit
 * pair sums (kq-pairsum.ts). Both exact on every relaxed host (the weights' values are below
 * 128); the host follows its byte-dot self-test for speed, or forces one to test it.
 */
// @ts-ignore: decorator
@inline
export function kqByteDotOn(): bool {
  return load<i32>(KQ_BYTE_DOT_FLAG) != 0;
}

// @ts-ignore: decorator
@inline
export function mask63(): v128 {
  return v128.load(KCONST + 96);
}

/** IQ4_XS scale decoding (iq4xs.ts scalesOf): the byte spread 0,0,0,0,1,1,1,1,… of scales_l. */
// @ts-ignore: decorator
@inline
export function iq4xsSpread(): v128 {
  return v128.load(KCONST + 128);
}

/** i16x8 4096, 1, 4096, 1, …: scales_l's nibble k to bits 12–15 of lane k (iq4xs.ts scalesOf). */
// @ts-ignore: decorator
@inline
export function iq4xsLowShift(): v128 {
  return v128.load(KCONST + 144);
}

/** i16x8 2^(14 − 2k): scales_h's 2-bit field k to bits 14–15 of lane k (iq4xs.ts scalesOf). */
// @ts-ignore: decorator
@inline
export function iq4xsHighShift(): v128 {
  return v128.load(KCONST + 160);
}

/** e^x for 4 lanes: x = n·ln2 + r (Cody-Waite), e^r by a degree-6 polynomial (< 3 ulp), times
 * 2^n built in the exponent bits. Inputs above 88.3 give e^88.3; at or below −86 exactly 0 (no
 * subnormal results: those would cost a microcode assist in every later multiply). */
// @ts-ignore: decorator
@inline
export function expF32x4(x0: v128): v128 {
  const f: usize = KCONST_EXP;
  // pmin (one minps) where min's NaN handling cost seven instructions; a NaN x0 stays NaN
  // either way (the comparison is false, so pmin returns x0).
  const x = f32x4.pmin(x0, v128.load(f + 160));
  const n = f32x4.nearest(f32x4.mul(x, v128.load(f)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, v128.load(f + 16))), f32x4.mul(n, v128.load(f + 32)));
  let p = f32x4.add(f32x4.mul(v128.load(f + 48), r), v128.load(f + 64));
  p = f32x4.add(f32x4.mul(p, r), v128.load(f + 80));
  p = f32x4.add(f32x4.mul(p, r), v128.load(f + 96));
  p = f32x4.add(f32x4.mul(p, r), v128.load(f + 112));
  p = f32x4.add(f32x4.mul(p, r), v128.load(f + 128));
  p = f32x4.add(f32x4.mul(p, r), v128.load(f + 128));
  // n is a whole number; the relaxed truncation (one cvttps2dq) differs from the saturating
  // one only for NaN and out-of-range n, where x ≤ −86 makes the result 0 in both builds.
  const ni = ASC_FEATURE_RELAXED_SIMD ? i32x4.relaxed_trunc_f32x4_s(n) : i32x4.trunc_sat_f32x4_s(n);
  const scale = i32x4.shl(i32x4.add(ni, v128.load(KCONST + 112)), 23);
  return v128.and(f32x4.mul(p, scale), f32x4.gt(x, v128.load(f + 144)));
}
