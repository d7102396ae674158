/** One participant's part of a parallel op, read from the control block (main thread = 0). */
import { heldRowBytes, type KernelExports } from "../wasm/exports.ts";
import {
  ARGS, NEXT, OP, OP_ATTENTION, OP_ATTENTION_PAIRS, OP_ATTENTION_QUADS, OP_MATMUL, OP_ROWS, SHARD, chunkSize,
  ROWS_ADD, ROWS_F16_COUNT, ROWS_F16_SPLIT, ROWS_QUANTIZE, ROWS_REPACK, ROWS_REPACK_Q8, ROWS_RMSNORM, ROWS_STOREKV, ROWS_SWIGLU, ROWS_GEGLU, ROWS_SCALE, argToF32,
} from "./protocol.ts";

/** Matmul rows go in chunks that are multiples of the kernels' 16-row tile. */
const ROW_TILE = 16;

export function runShare(ks: readonly KernelExports[], ctrl: Int32Array, index: number, threads: number): void {
  const a = (i: number) => ctrl[ARGS + i]! >>> 0;
  const k = ks[ctrl[SHARD]!]!;
  const op = ctrl[OP];
  if (op === OP_MATMUL) {
    // cols, xq, n, tmpBase, count, then (type, w, rows, y) per weight, then the scratch bytes per
    // thread; rows of all weights form one range that chunks are claimed from (a chunk may span
    // two weights).
    const cols = a(0), xq = a(1), n = a(2), count = a(4), tmp = a(3) + a(5 + 4 * count) * index;
    let total = 0;
    for (let i = 0; i < count; i++) total += a(7 + 4 * i);
    const chunk = chunkSize(total, threads, ROW_TILE);
    for (let r0 = Atomics.add(ctrl, NEXT, chunk); r0 < total; r0 = Atomics.add(ctrl, NEXT, chunk)) {
      const r1 = Math.min(total, r0 + chunk);
      let base = 0;
      for (let i = 0; i < count && base < r1; i++) {
        const type = a(5 + 4 * i), rows = a(7 + 4 * i);
        const lo = Math.max(r0, base), hi = Math.min(r1, base + rows);
        if (hi > lo) k.matmulRows(type, a(6 + 4 * i), heldRowBytes(type, cols)!, cols, rows, xq, n, a(8 + 4 * i), lo - base, hi - base, tmp);
        base += rows;
      }
    }
  } else if (op === OP_ROWS) {
    // kind, items, align, then the op's operands; items go in chunks that are multiples of
    // align (element ranges stay on whole SIMD vectors, so a split changes no result).
    const kind = a(0), items = a(1);
    const chunk = chunkSize(items, threads, a(2));
    for (let i0 = Atomics.add(ctrl, NEXT, chunk); i0 < items; i0 = Atomics.add(ctrl, NEXT, chunk)) {
      const i1 = Math.min(items, i0 + chunk);
      if (kind === ROWS_RMSNORM) {
        const dim = a(5), skip = i0 * dim * 4;
        k.rmsNorm(a(3) + skip, a(4), i1 - i0, dim, argToF32(a(6)), a(7) + skip);
      } else if (kind === ROWS_SWIGLU) k.swiglu(a(3) + 4 * i0, a(4) + 4 * i0, i1 - i0, a(5) + 4 * i0);
      else if (kind === ROWS_GEGLU) k.geglu(a(3) + 4 * i0, a(4) + 4 * i0, i1 - i0, a(5) + 4 * i0, a(6)); // gate, up, out, table
      else if (kind === ROWS_ADD) k.add(a(3) + 4 * i0, a(4) + 4 * i0, i1 - i0, a(5) + 4 * i0);
      else if (kind === ROWS_SCALE) k.scale(a(3) + 4 * i0, argToF32(a(4)), i1 - i0, a(5) + 4 * i0); // x, s (f32 bits), out
      else if (kind === ROWS_QUANTIZE) k.quantizeActs(a(3), a(4), a(5), a(6), items, i0, i1, a(7) + a(8) * index);
      else if (kind === ROWS_REPACK) k.repackK(a(3) + i0 * a(5), i1 - i0, a(4), a(6) + a(7) * index); // w, type, block bytes, scratch
      else if (kind === ROWS_REPACK_Q8) k.repackQ8_0(a(3) + i0 * 4 * a(4), 4 * (i1 - i0), a(5), a(6) + a(7) * index); // w, row bytes, blocks, scratch
      else if (kind === ROWS_F16_COUNT) k.countSubnormalRows(a(3), a(4), i0, i1, a(5)); // w, cols, counts
      else if (kind === ROWS_F16_SPLIT) k.splitSubnormalRows(a(3), a(4), i0, i1, a(5), a(6)); // w, cols, starts, entries
      else if (kind === ROWS_STOREKV) {
        // src, cache, start, kvHeads, e, cap: tokens i0 .. i1-1 of one cache
        const kvHeads = a(6), e = a(7), src = a(3) + i0 * kvHeads * e * 4;
        k.storeKv(src, src, a(4), a(4), a(5) + i0, i1 - i0, kvHeads, e, a(8));
      }
    }
  } else if (op === OP_ATTENTION || op === OP_ATTENTION_PAIRS || op === OP_ATTENTION_QUADS) {
    // q, kc, vc, start, n, heads, kvHeads, e, cap, out, scratchBase, scratchStride, items, scale (f32 bits), window
    const items = a(12);
    const run = op === OP_ATTENTION ? k.attention : op === OP_ATTENTION_PAIRS ? k.attentionPairs : k.attentionQuads;
    const scratch = a(10) + a(11) * index;
    for (let i = Atomics.add(ctrl, NEXT, 1); i < items; i = Atomics.add(ctrl, NEXT, 1)) {
      run(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9), scratch, i, i + 1, argToF32(a(13)), a(14));
    }
  }
}
