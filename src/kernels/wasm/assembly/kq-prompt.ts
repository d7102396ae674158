// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// K-quant (Q4_K, Q6_K) prompt matmul on the byte dot: the weights' small unsigned values are
// the operand relaxed SIMD defines exactly below 128 (i32x4.relaxed_dot_i8x16_i7x16_add_s), so
// this runs on every host with relaxed SIMD (x86 VNNI: vpdpbusd; Arm: sdot; else pmaddubsw,
// which cannot saturate here: 2·63·128 < 2^15). Tile by tile: unpack 16 rows into the thread's
// scratch (q4k-prompt.ts, q6k-prompt.ts), pass every whole group of 4 tokens of the activation
// copies (kq-groups.ts) over them 16, 8 or 4 at a time, then the n mod 4 last tokens with the
// one-token kernel — every path the same bits. Hosts without a native byte dot (x86 without VNNI:
// the host leaves consts.ts kqByteDotOn false) take kq-pairsum.ts's kernels on the group copy
// instead; the host may force either (kernels.ts kqPrompt).
import { GgmlType } from "./ggml-type";
import { GROUP_BLOCK, PAIR_BLOCK, kqGroupBytes } from "./kq-groups";
import { Q4K_ROW_BLOCK, q4kRowGroups1, q4kRowGroups2, q4kRowGroups4, unpackQ4KRows } from "./q4k-prompt";
import { Q6K_ROW_BLOCK, q6kRowGroups1, q6kRowGroups2, q6kRowGroups4, unpackQ6KRows } from "./q6k-prompt";
import { q4kPairSumGroups1, q4kPairSumGroups2, q4kPairSumGroups4, q6kPairSumGroups1, q6kPairSumGroups2, q6kPairSumGroups4 } from "./kq-pairsum";
import { kqByteDotOn } from "./consts";
import { dotQ4_K } from "./q4k";
import { dotQ6_K } from "./q6k";

/** Scratch bytes a thread needs for one tile of 16 unpacked Q4_K or Q6_K rows of nb blocks. */
export function kqTileBytes(nb: i32): usize {
  return 16 * <usize>nb * max(Q4K_ROW_BLOCK, Q6K_ROW_BLOCK);
}

/**
 * y (n, rows) = xq (n Q8_Kp rows, then their interleaved copy) · repacked rows [r0, r1)ᵀ of a
 * Q4_K (type 12) or Q6_K (14) weight; `scratch` holds kqTileBytes.
 */
export function matmulKPrompt(type: i32, w: usize, rowBytes: usize, cols: i32, rows: i32, xq: usize, n: i32, y: usize, r0: i32, r1: i32, scratch: usize): void {
  const q4 = type == GgmlType.Q4_K;
  const native = kqByteDotOn();
  const nb = cols >> 8;
  const xb = <usize>nb * 308;
  const ys = <usize>rows << 2;
  // Q6_K reads the group copy; Q4_K the pair copy after it (kq-groups.ts), or with pair sums the group copy.
  const pairs = q4 && native;
  const xt = pairs ? xq + <usize>n * xb + kqGroupBytes(nb, n) : xq + <usize>n * xb;
  const gs = <usize>nb * (pairs ? PAIR_BLOCK : GROUP_BLOCK);
  const rowScratch = <usize>nb * (q4 ? Q4K_ROW_BLOCK : Q6K_ROW_BLOCK);
  for (let t0 = r0; t0 < r1; t0 += 16) {
    const t1 = min(t0 + 16, r1);
    if (q4) unpackQ4KRows(w, rowBytes, nb, t0, t1, scratch);
    else unpackQ6KRows(w, rowBytes, nb, t0, t1, scratch);
    let j = 0;
    for (; j + 4 <= n; ) {
      const g = n - j >= 16 ? 16 : n - j >= 8 ? 8 : 4;
      const xg = xt + (<usize>j >> 2) * gs;
      const yr = y + <usize>j * ys;
      for (let r = t0; r < t1; r++) {
        const wt = scratch + <usize>(r - t0) * rowScratch, yo = yr + (<usize>r << 2);
        if (!native) {
          if (q4) {
            if (g == 16) q4kPairSumGroups4(wt, nb, xg, gs, yo, ys);
            else if (g == 8) q4kPairSumGroups2(wt, nb, xg, gs, yo, ys);
            else q4kPairSumGroups1(wt, nb, xg, gs, yo, ys);
          } else {
            if (g == 16) q6kPairSumGroups4(wt, nb, xg, gs, yo, ys);
            else if (g == 8) q6kPairSumGroups2(wt, nb, xg, gs, yo, ys);
            else q6kPairSumGroups1(wt, nb, xg, gs, yo, ys);
          }
        } else if (q4) {
          if (g == 16) q4kRowGroups4(wt, nb, xg, gs, yo, ys);
          else if (g == 8) q4kRowGroups2(wt, nb, xg, gs, yo, ys);
          else q4kRowGroups1(wt, nb, xg, gs, yo, ys);
        } else {
          if (g == 16) q6kRowGroups4(wt, nb, xg, gs, yo, ys);
          else if (g == 8) q6kRowGroups2(wt, nb, xg, gs, yo, ys);
          else q6kRowGroups1(wt, nb, xg, gs, yo, ys);
        }
      }
      j += g;
    }
    for (; j < n; j++) {
      for (let r = t0; r < t1; r++) {
        const wr = w + <usize>r * rowBytes, xr = xq + <usize>j * xb;
        store<f32>(y + <usize>j * ys + (<usize>r << 2), q4 ? dotQ4_K(wr, xr, nb) : dotQ6_K(wr, xr, nb));
      }
    }
  }
}
