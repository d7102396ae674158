// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// The I-quant tables the host writes into every memory (exports.ts fillIqTables), at fixed
// addresses in the module's reserved first 64 KiB from ../layout.ts IQ_TABLES (the host's base too;
// module.ts still checks it against iqTablesAt(), so a stale build says so).
//   IQ2XXS 256 × 8 B, IQ2XS 512 × 8, IQ2S 1024 × 8: grid bytes (8, 25 or 43)
//   IQ3XXS 256 × 4, IQ3S 512 × 4: grid bytes
//   IQ1S 2048 × 8: grid + 1 (0, 1, 2), so IQ1 weights go unsigned (unpack.ts)
//   SIGN_MASKS 256 × 8: byte j = 0xff where bit j of the index is set
//   KSIGNS 128 × 1: ggml's ksigns_iq2xs (7 sign bits → 8)
//   KVALUES 16 × 1: IQ4's levels (int8)

import { IQ_TABLES as IQ_TABLES_AT } from "../layout";

export const IQ_TABLES: usize = IQ_TABLES_AT;
export const IQ2XXS_GRID: usize = IQ_TABLES;
export const IQ2XS_GRID: usize = IQ2XXS_GRID + 256 * 8;
export const IQ2S_GRID: usize = IQ2XS_GRID + 512 * 8;
export const IQ3XXS_GRID: usize = IQ2S_GRID + 1024 * 8;
export const IQ3S_GRID: usize = IQ3XXS_GRID + 256 * 4;
export const IQ1S_GRID: usize = IQ3S_GRID + 512 * 4;
export const SIGN_MASKS: usize = IQ1S_GRID + 2048 * 8;
export const KSIGNS: usize = SIGN_MASKS + 256 * 8;
export const KVALUES: usize = KSIGNS + 128;
/** First byte past the tables (below the f16 table at 65536). */
export const IQ_TABLES_END: usize = KVALUES + 16;

/** Base address of the tables, for the host's check that it fills the same place. */
export function iqTablesAt(): usize {
  return IQ_TABLES;
}

/** The 8 sign bytes (0x00 / 0xff) of a full 8-bit sign pattern. */
// @ts-ignore: decorator
@inline
export function signMask(bits: u32): u64 {
  return load<u64>(SIGN_MASKS + (<usize>(bits & 255) << 3));
}

/** The 8 sign bytes of 7 stored sign bits (ksigns: the eighth makes an even count). */
// @ts-ignore: decorator
@inline
export function signMask7(bits7: u32): u64 {
  return load<u64>(SIGN_MASKS + (<usize>load<u8>(KSIGNS + <usize>(bits7 & 127)) << 3));
}
