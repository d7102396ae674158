// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// The commit-time repack of the K-quants read with Q8_Kp activations (q4k.ts; Q8_K, ours, 308:
// f32 d @0, i8 qs[256] @4, i16 bsums[16] @260, i16 sums32[8] @292).
// Q2_K (84), Q3_K (110): repacked in place at commit (same size); kernels and layouts in q2k.ts, q3k.ts.
// Q4_K as stored (144): f16 d, f16 dmin, 6-bit scales/mins[12], qs[128]; each 32 qs bytes hold
//   64 elements: low nibbles = sub-block 2c, high nibbles = 2c+1. Repacked in place at commit
//   (144, lane-interleaved; its kernels and layout are in q4k.ts).
// Q5_K as stored (176): as Q4_K plus qh[32] before qs (bit 2c / 2c+1 of qh[l] = 5th bit).
//   Repacked in place at commit (176, Q4_K's interleave, 5-bit values packed into bytes; q5k.ts).
// Q6_K (210): repacked in place at commit (same size); kernels and layout in q6k.ts.
// IQ4_XS (136): repacked in place at commit (same size); kernels and layout in iq4xs.ts.
// Sums stay integer per super-block (exact, like ggml); with relaxed SIMD the unsigned weight
// values (< 128) feed i32x4.relaxed_dot_i8x16_i7x16_add_s as the 7-bit operand.
import { GgmlType } from "./ggml-type";
import { repackQ2KBlock } from "./q2k";
import { repackQ3KBlock } from "./q3k";
import { repackQ4KBlock } from "./q4k";
import { repackQ5KBlock } from "./q5k";
import { repackQ6KBlock } from "./q6k";
import { repackIQ4XSBlock } from "./iq4xs";

/** Unpacks the 12-byte Q4_K/Q5_K scales into 8 scales (sc) and 8 mins (mn) at `out` (u8[16]). */
// @ts-ignore: decorator
@inline
function unpackScales(s: usize, out: usize): void {
  for (let j = 0; j < 4; j++) {
    store<u8>(out + j, load<u8>(s + j) & 63);
    store<u8>(out + 8 + j, load<u8>(s + j + 4) & 63);
    store<u8>(out + 4 + j, (load<u8>(s + j + 8) & 0xf) | ((load<u8>(s + j) >> 6) << 4));
    store<u8>(out + 12 + j, (load<u8>(s + j + 8) >> 4) | ((load<u8>(s + j + 4) >> 6) << 4));
  }
}

/** Repacks `nb` stored Q2_K (84 bytes), Q3_K (110), Q4_K (144), Q5_K (176), Q6_K (210) or
 * IQ4_XS (136) blocks in place into their interleaved layouts of the same size (q2k.ts .. q6k.ts,
 * iq4xs.ts), each block through a copy in tmp (512 bytes of scratch). type: GGML id (10 .. 14, 23). */
export function repackK(w: usize, nb: i32, type: i32, tmp: usize): void {
  const q5 = type == GgmlType.Q5_K;
  const bytes: usize = type == GgmlType.Q6_K ? 210 : q5 ? 176 : type == GgmlType.Q3_K ? 110 : type == GgmlType.IQ4_XS ? 136 : type == GgmlType.Q2_K ? 84 : 144;
  for (let b = 0; b < nb; b++) {
    const dst = w + <usize>b * bytes;
    memory.copy(tmp, dst, bytes);
    if (type == GgmlType.Q6_K) {
      repackQ6KBlock(tmp, dst, tmp + 256);
      continue;
    }
    if (type == GgmlType.Q3_K) {
      repackQ3KBlock(tmp, dst, tmp + 256);
      continue;
    }
    if (type == GgmlType.IQ4_XS) {
      repackIQ4XSBlock(tmp, dst);
      continue;
    }
    if (type == GgmlType.Q2_K) {
      repackQ2KBlock(tmp, dst);
      continue;
    }
    unpackScales(tmp + 4, tmp + bytes);
    if (q5) repackQ5KBlock(tmp, tmp + bytes, tmp + 192, dst);
    else repackQ4KBlock(tmp, tmp + bytes, dst);
  }
}
