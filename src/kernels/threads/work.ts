/** One participant's part of a parallel op, read from the control block (main thread = 0). */
import { heldRowBytes, type KernelExports } from "../wasm/exports.ts";
import {
  NEXT, OP, OP_ATTENTION, OP_ATTENTION_PAIRS, OP_ATTENTION_QUADS, OP_MATMUL, OP_ROWS, SHARD, chunkSize,
  ROWS_ADD, ROWS_F16_COUNT, ROWS_F16_SPLIT, ROWS_QUANTIZE, ROWS_REPACK, ROWS_REPACK_Q8, ROWS_RMSNORM, ROWS_STOREKV, ROWS_SWIGLU, ROWS_GEGLU, ROWS_SCALE,
} from "./protocol.ts";
import {
  ADD, ATTENTION, F16_COUNT, F16_SPLIT, GEGLU, MATMUL, MATMUL_WEIGHT, MATMUL_WEIGHT_ARGS, QUANTIZE, REPACK, REPACK_Q8, RMSNORM, ROWS, SCALE,
  STOREKV, SWIGLU, type Args, type OpArgs, type RowsArgs,
} from "./op-args.ts";

/** Matmul rows go in chunks that are multiples of the kernels' 16-row tile. */
const ROW_TILE = 16;

// Decoded arguments, reused op after op (each thread has its own module instance of this file).
const att = ATTENTION.blank(), head = ROWS.blank();
const bodies = new Map<RowsArgs<string>, Args<string>>();
function body<F extends string>(ctrl: Int32Array, kind: RowsArgs<F>): Args<F> {
  let into = bodies.get(kind as RowsArgs<string>) as Args<F> | undefined;
  if (!into) bodies.set(kind as RowsArgs<string>, (into = kind.body.blank()) as Args<string>);
  return (kind.body as OpArgs<F>).decode(ctrl, into);
}

export function runShare(ks: readonly KernelExports[], ctrl: Int32Array, index: number, threads: number): void {
  const k = ks[ctrl[SHARD]!]!;
  const op = ctrl[OP];
  if (op === OP_MATMUL) {
    // Rows of all weights form one range that chunks are claimed from (a chunk may span two
    // weights). Read through the layout's slots: ~200 of these per token, so no decode loop.
    const M = MATMUL.slot, W = MATMUL_WEIGHT.slot;
    const a = (i: number) => ctrl[i]! >>> 0;
    const cols = a(M.cols), xq = a(M.xq), n = a(M.n), count = a(M.count), tmp = a(M.tmp) + a(M.tmpStride) * index;
    let total = 0;
    for (let i = 0; i < count; i++) total += a(W.rows + MATMUL_WEIGHT_ARGS * i);
    const chunk = chunkSize(total, threads, ROW_TILE);
    for (let r0 = Atomics.add(ctrl, NEXT, chunk); r0 < total; r0 = Atomics.add(ctrl, NEXT, chunk)) {
      const r1 = Math.min(total, r0 + chunk);
      let base = 0;
      for (let i = 0; i < count && base < r1; i++) {
        const at = MATMUL_WEIGHT_ARGS * i, type = a(W.type + at), rows = a(W.rows + at);
        const lo = Math.max(r0, base), hi = Math.min(r1, base + rows);
        if (hi > lo) k.matmulRows(type, a(W.w + at), heldRowBytes(type, cols)!, cols, rows, xq, n, a(W.y + at), lo - base, hi - base, tmp);
        base += rows;
      }
    }
  } else if (op === OP_ROWS) {
    // Items go in chunks that are multiples of align (element ranges stay on whole SIMD vectors,
    // so a split changes no result).
    const { kind, items, align } = ROWS.decode(ctrl, head);
    const chunk = chunkSize(items, threads, align);
    for (let i0 = Atomics.add(ctrl, NEXT, chunk); i0 < items; i0 = Atomics.add(ctrl, NEXT, chunk)) {
      const i1 = Math.min(items, i0 + chunk), m = i1 - i0;
      if (kind === ROWS_RMSNORM) {
        const a = body(ctrl, RMSNORM), skip = i0 * a.dim * 4;
        k.rmsNorm(a.x + skip, a.weight, m, a.dim, a.eps, a.out + skip);
      } else if (kind === ROWS_SWIGLU) {
        const a = body(ctrl, SWIGLU);
        k.swiglu(a.gate + 4 * i0, a.up + 4 * i0, m, a.out + 4 * i0);
      } else if (kind === ROWS_GEGLU) {
        const a = body(ctrl, GEGLU);
        k.geglu(a.gate + 4 * i0, a.up + 4 * i0, m, a.out + 4 * i0, a.table);
      } else if (kind === ROWS_ADD) {
        const a = body(ctrl, ADD);
        k.add(a.a + 4 * i0, a.b + 4 * i0, m, a.out + 4 * i0);
      } else if (kind === ROWS_SCALE) {
        const a = body(ctrl, SCALE);
        k.scale(a.x + 4 * i0, a.s, m, a.out + 4 * i0);
      } else if (kind === ROWS_QUANTIZE) {
        const a = body(ctrl, QUANTIZE);
        k.quantizeActs(a.type, a.x, a.cols, a.xq, items, i0, i1, a.tmp + a.tmpStride * index);
      } else if (kind === ROWS_REPACK) {
        const a = body(ctrl, REPACK);
        k.repackK(a.w + i0 * a.blockBytes, m, a.type, a.tmp + a.tmpStride * index);
      } else if (kind === ROWS_REPACK_Q8) {
        const a = body(ctrl, REPACK_Q8);
        k.repackQ8_0(a.w + i0 * 4 * a.rowBytes, 4 * m, a.blocks, a.tmp + a.tmpStride * index);
      } else if (kind === ROWS_F16_COUNT) {
        const a = body(ctrl, F16_COUNT);
        k.countSubnormalRows(a.w, a.cols, i0, i1, a.counts);
      } else if (kind === ROWS_F16_SPLIT) {
        const a = body(ctrl, F16_SPLIT);
        k.splitSubnormalRows(a.w, a.cols, i0, i1, a.starts, a.entries);
      } else if (kind === ROWS_STOREKV) {
        // Tokens i0 .. i1-1 of one cache.
        const a = body(ctrl, STOREKV), src = a.src + i0 * a.kvHeads * a.e * 4;
        k.storeKv(src, src, a.cache, a.cache, a.start + i0, m, a.kvHeads, a.e, a.cap);
      }
    }
  } else if (op === OP_ATTENTION || op === OP_ATTENTION_PAIRS || op === OP_ATTENTION_QUADS) {
    const a = ATTENTION.decode(ctrl, att);
    const run = op === OP_ATTENTION ? k.attention : op === OP_ATTENTION_PAIRS ? k.attentionPairs : k.attentionQuads;
    const scratch = a.scratch + a.stride * index;
    for (let i = Atomics.add(ctrl, NEXT, 1); i < a.items; i = Atomics.add(ctrl, NEXT, 1)) {
      run(a.q, a.kc, a.vc, a.start, a.n, a.heads, a.kvHeads, a.e, a.cap, a.out, scratch, i, i + 1, a.scale, a.window);
    }
  }
}
