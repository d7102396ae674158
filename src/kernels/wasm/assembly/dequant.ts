// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Dequantizes one weight row as held to f32 (embedding lookup). Layouts as in dot-legacy.ts, q8.ts,
// the K-quants' files (q3k.ts .. q6k.ts; repacked at commit) and unpack.ts; formulas as ggml's dequantize_row_* (d·q − m, or d·(q − offset)).
import { GgmlType } from "./ggml-type";
import { loadF16, f16ToF32 } from "./f16";
import { dequantQ2K } from "./q2k";
import { dequantQ3K } from "./q3k";
import { dequantQ4K } from "./q4k";
import { dequantQ5K } from "./q5k";
import { dequantQ6K } from "./q6k";
import { dequantIQ4_NL } from "./iq4nl";
import { dequantIQ4XS } from "./iq4xs";
import { dequantUnpacked } from "./unpacked-dot";
import { unpackedBlockBytes } from "./unpack";

function legacy(type: i32, w: usize, cols: i32, out: usize): void {
  const bytes: usize = type == GgmlType.Q4_0 ? 18 : type == GgmlType.Q4_1 ? 20 : type == GgmlType.Q5_0 ? 22 : 24;
  for (let b = 0; b < cols >> 5; b++) {
    const wb = w + <usize>b * bytes;
    const o = out + (<usize>b << 7);
    const d = loadF16(wb);
    const m: f32 = type == GgmlType.Q4_1 || type == GgmlType.Q5_1 ? loadF16(wb + 2) : 0;
    const qh: u32 = type == GgmlType.Q5_0 ? load<u32>(wb + 2) : type == GgmlType.Q5_1 ? load<u32>(wb + 4) : 0;
    const qs = wb + (type == GgmlType.Q4_0 ? 2 : type == GgmlType.Q4_1 ? 4 : type == GgmlType.Q5_0 ? 6 : 8);
    const off: i32 = type == GgmlType.Q4_0 ? 8 : type == GgmlType.Q5_0 ? 16 : 0;
    for (let j = 0; j < 16; j++) {
      const q = <i32>load<u8>(qs + j);
      const lo = (q & 15) | ((<i32>(qh >> j) & 1) << 4);
      const hi = (q >> 4) | ((<i32>(qh >> (j + 16)) & 1) << 4);
      store<f32>(o + (j << 2), d * <f32>(lo - off) + m);
      store<f32>(o + ((j + 16) << 2), d * <f32>(hi - off) + m);
    }
  }
}

/**
 * out (cols) f32 = row at w of `type`; tmp: 512 bytes of scratch (the unpacked types' block).
 * Returns -1 for an unknown type (Q8_0 rows: q8.ts dequantizeQ8_0).
 */
export function dequantizeRow(type: i32, w: usize, cols: i32, out: usize, tmp: usize): i32 {
  switch (type) {
    case GgmlType.F32: memory.copy(out, w, <usize>cols << 2); return 0;
    case GgmlType.F16: for (let i = 0; i < cols; i++) store<f32>(out + (<usize>i << 2), f16ToF32(<u32>load<u16>(w + (<usize>i << 1)))); return 0;
    case GgmlType.BF16: for (let i = 0; i < cols; i++) store<f32>(out + (<usize>i << 2), reinterpret<f32>(<u32>load<u16>(w + (<usize>i << 1)) << 16)); return 0;
    case GgmlType.Q4_0: case GgmlType.Q4_1: case GgmlType.Q5_0: case GgmlType.Q5_1: legacy(type, w, cols, out); return 0;
    case GgmlType.Q4_K: dequantQ4K(w, cols, out); return 0;
    case GgmlType.Q2_K: dequantQ2K(w, cols, out); return 0;
    case GgmlType.Q3_K: dequantQ3K(w, cols, out); return 0;
    case GgmlType.Q5_K: dequantQ5K(w, cols, out); return 0;
    case GgmlType.Q6_K: dequantQ6K(w, cols, out); return 0;
    case GgmlType.IQ4_NL: dequantIQ4_NL(w, cols, out); return 0;
    case GgmlType.IQ4_XS: dequantIQ4XS(w, cols, out); return 0;
    default:
      if (unpackedBlockBytes(type) == 0) return -1;
      dequantUnpacked(type, w, cols, out, tmp);
      return 0;
  }
}
