// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Dequantizes one weight row as held to f32 (embedding lookup). Layouts as in dot-legacy.ts, q8.ts,
// the K-quants' files (q3k.ts .. q6k.ts; repacked at commit) and unpack.ts; formulas as ggml's dequantize_row_* (d·q − m, or d·(q − offset)).
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
  const bytes: usize = type == 2 ? 18 : type == 3 ? 20 : type == 6 ? 22 : 24;
  for (let b = 0; b < cols >> 5; b++) {
    const wb = w + <usize>b * bytes;
    const o = out + (<usize>b << 7);
    const d = loadF16(wb);
    const m: f32 = type == 3 || type == 7 ? loadF16(wb + 2) : 0;
    const qh: u32 = type == 6 ? load<u32>(wb + 2) : type == 7 ? load<u32>(wb + 4) : 0;
    const qs = wb + (type == 2 ? 2 : type == 3 ? 4 : type == 6 ? 6 : 8);
    const off: i32 = type == 2 ? 8 : type == 6 ? 16 : 0;
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
    case 0: memory.copy(out, w, <usize>cols << 2); return 0;
    case 1: for (let i = 0; i < cols; i++) store<f32>(out + (<usize>i << 2), f16ToF32(<u32>load<u16>(w + (<usize>i << 1)))); return 0;
    case 30: for (let i = 0; i < cols; i++) store<f32>(out + (<usize>i << 2), reinterpret<f32>(<u32>load<u16>(w + (<usize>i << 1)) << 16)); return 0;
    case 2: case 3: case 6: case 7: legacy(type, w, cols, out); return 0;
    case 12: dequantQ4K(w, cols, out); return 0;
    case 10: dequantQ2K(w, cols, out); return 0;
    case 11: dequantQ3K(w, cols, out); return 0;
    case 13: dequantQ5K(w, cols, out); return 0;
    case 14: dequantQ6K(w, cols, out); return 0;
    case 20: dequantIQ4_NL(w, cols, out); return 0;
    case 23: dequantIQ4XS(w, cols, out); return 0;
    default:
      if (unpackedBlockBytes(type) == 0) return -1;
      dequantUnpacked(type, w, cols, out, tmp);
      return 0;
  }
}
