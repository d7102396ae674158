/** One participant's share of a parallel op, read from the control block (main thread = 0). */
import type { KernelExports } from "../wasm/exports.ts";
import { ARGS, OP, OP_ATTENTION, OP_ATTENTION_PAIRS, OP_MATMUL, SHARD, share } from "./protocol.ts";

export function runShare(ks: readonly KernelExports[], ctrl: Int32Array, index: number, threads: number): void {
  const a = (i: number) => ctrl[ARGS + i]! >>> 0;
  const k = ks[ctrl[SHARD]!]!;
  const op = ctrl[OP];
  if (op === OP_MATMUL) {
    // type, w, rowBytes, cols, rows, xq, n, y, tmpBase
    const rows = a(4);
    const [r0, r1] = share(rows, index, threads);
    if (r1 > r0) k.matmulRows(a(0), a(1), a(2), a(3), rows, a(5), a(6), a(7), r0, r1, a(8) + 64 * index);
  } else if (op === OP_ATTENTION || op === OP_ATTENTION_PAIRS) {
    // q, kc, vc, start, heads, kvHeads, e, out, scratchBase, scratchStride, items
    const [i0, i1] = share(a(10), index, threads);
    const run = op === OP_ATTENTION ? k.attention : k.attentionPairs;
    if (i1 > i0) run(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8) + a(9) * index, i0, i1);
  }
}
