/**
 * The byte tables ggml's I-quant kernels index, expanded from the grid data (iq-grids.ts):
 * point i of a grid is `dims` consecutive bytes at i·dims (IQ1's as int8: −1, 0, 1), and
 * `ksigns` maps 7 stored sign bits to 8 (the eighth makes the count of minus signs even).
 */
import { IQ1S_GRID, IQ2S_GRID, IQ2XS_GRID, IQ2XXS_GRID, IQ3S_GRID, IQ3XXS_GRID, type IqGridData } from "./iq-grids.ts";
export { KVALUES_IQ4NL } from "./iq-grids.ts";

function expand(g: IqGridData): Uint8Array {
  const out = new Uint8Array(g.points.length * g.dims);
  const mask = (1 << g.bits) - 1;
  g.points.forEach((p, i) => {
    for (let j = 0; j < g.dims; j++) out[i * g.dims + j] = g.levels[(p >> (g.bits * j)) & mask]!;
  });
  return out;
}

export const IQ2XXS_BYTES = expand(IQ2XXS_GRID);
export const IQ2XS_BYTES = expand(IQ2XS_GRID);
export const IQ2S_BYTES = expand(IQ2S_GRID);
export const IQ3XXS_BYTES = expand(IQ3XXS_GRID);
export const IQ3S_BYTES = expand(IQ3S_GRID);
/** IQ1_S / IQ1_M points, bytes read as int8. */
export const IQ1S_BYTES = new Int8Array(expand(IQ1S_GRID).buffer);

/** ggml's ksigns_iq2xs: 7 sign bits → 8, bit 7 set when bits 0..6 hold an odd number of ones. */
export const KSIGNS = Uint8Array.from({ length: 128 }, (_, i) => {
  let ones = 0;
  for (let x = i; x; x &= x - 1) ones++;
  return i | ((ones & 1) << 7);
});
