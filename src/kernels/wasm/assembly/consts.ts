// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Vector constants the host writes once into every memory (exports.ts fillTables). Kernels load
// them before their loops: V8 keeps a loaded value in a register, whereas a v128.const inside
// a loop is rematerialized (3 instructions) at every use.

/**
 * Address of the constants (16 bytes each): i8x16 splats of 0x0f, 0x30, 0x01; i16x8 splat of
 * 0x00ff; i32x4 splat of 0x8fffe000 and f32x4 splat of 2^112 (f16x4ToF32's mask and rebias);
 * i16x8 splat of 63.
 */
export const KCONST: usize = 4096;

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

// @ts-ignore: decorator
@inline
export function mask63(): v128 {
  return v128.load(KCONST + 96);
}
