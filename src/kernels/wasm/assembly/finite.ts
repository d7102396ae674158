// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// The load-time NaN/Inf scan of float weights (src/model/validate-data.ts), 16 bytes at a time:
// a 3.45 GB F16 file took 2–3 s of its load in a JavaScript loop.
import { GgmlType } from "./ggml-type";

/** Index of the first NaN or infinite value among the n values of a float type (0 F32, 1 F16, 30 BF16) at w, or −1. */
export function firstNonFinite(type: i32, w: usize, n: i32): i32 {
  if (type == GgmlType.F32) {
    const mask = i32x4.splat(0x7f800000);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      if (v128.any_true(i32x4.eq(v128.and(v128.load(w + (<usize>i << 2)), mask), mask))) break;
    }
    for (; i < n; i++) if ((load<u32>(w + (<usize>i << 2)) & 0x7f800000) == 0x7f800000) return i;
    return -1;
  }
  const m: u16 = type == GgmlType.F16 ? 0x7c00 : 0x7f80; // the exponent bits: all ones is Inf or NaN
  const mask = i16x8.splat(m);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    if (v128.any_true(i16x8.eq(v128.and(v128.load(w + (<usize>i << 1)), mask), mask))) break;
  }
  for (; i < n; i++) if ((load<u16>(w + (<usize>i << 1)) & m) == m) return i;
  return -1;
}
