// Top-k on the GPU against the CPU sampler's own selection of the same values: argmax (k = 1)
// and the top-k candidates, ids and values exactly, ties to the lower id — ties placed inside a
// chunk, across the two passes' chunk boundary and at the k-th place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { argmax, candidates } from "../../src/sampling/sampler.ts";
import { TOPK_CHUNK } from "../../src/kernels/webgpu/shaders-select.ts";
import { gpuOrSkip } from "./gpu.ts";

/** Rows of logits drawn from few distinct values (many exact ties), some rows sharing a maximum far apart. */
function logitRows(rows: number, length: number, seed: number): Float32Array {
  const x = new Float32Array(rows * length);
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < x.length; i++) x[i] = Math.round(next() * 400) / 16 - 12; // 401 levels: ties everywhere
  // Row 0: its maximum at ids 7, TOPK_CHUNK + 3 and the last id (three chunks).
  for (const id of [length - 1, TOPK_CHUNK + 3, 7]) x[id] = 100;
  // Row 1: one maximum, with -Infinity (a grammar-masked value) all around.
  for (let i = 0; i < length; i += 3) x[length + i] = -Infinity;
  x[length + 5] = 50;
  return x;
}

const make = await gpuOrSkip();
if (make) {
  test("topK on the GPU equals the CPU's argmax and top-k candidates of the same logits, ties to the lower id", async () => {
    const K = await make();
    try {
      const rows = 3, length = 2 * TOPK_CHUNK + 517; // three chunks, the last one partial
      const host = logitRows(rows, length, 21);
      const x = K.constant(host);
      for (const k of [1, 2, 20, 64]) {
        const ids = new Int32Array(rows * k), values = new Float32Array(rows * k);
        K.topK!(x, rows, length, k, ids, values);
        await K.sync();
        for (let r = 0; r < rows; r++) {
          const row = host.subarray(r * length, (r + 1) * length);
          const want = candidates(row, k);
          assert.deepEqual(Array.from(ids.subarray(r * k, (r + 1) * k)), want, `row ${r}, k ${k}`);
          assert.deepEqual(Array.from(values.subarray(r * k, (r + 1) * k)), want.map((i) => row[i]!), `row ${r}, k ${k} values`);
          if (k === 1) assert.equal(ids[r], argmax(row));
        }
        if (k > 1) assert.deepEqual([ids[0], ids[1]], [7, TOPK_CHUNK + 3]); // the three-way tie in id order
      }
      // A view (offset into a buffer) and k above one chunk's share of a short row.
      const short = K.view(x, length + 1, 300), ids = new Int32Array(256), values = new Float32Array(256);
      K.topK!(short, 1, 300, 256, ids, values);
      await K.sync();
      assert.deepEqual(Array.from(ids), candidates(host.subarray(length + 1, length + 301), 256));
      // A last chunk shorter than k (its missing candidates pad the first pass and never win).
      const padded = K.view(x, 0, TOPK_CHUNK + 6), pIds = new Int32Array(40), pValues = new Float32Array(40);
      K.topK!(padded, 1, TOPK_CHUNK + 6, 40, pIds, pValues);
      await K.sync();
      assert.deepEqual(Array.from(pIds), candidates(host.subarray(0, TOPK_CHUNK + 6), 40));
      // A row longer than 256 chunks of TOPK_CHUNK: chunks grow so the merge's 256 threads cover them.
      const longLength = 300_000, long = logitRows(1, longLength, 5), lIds = new Int32Array(30), lValues = new Float32Array(30);
      K.topK!(K.constant(long), 1, longLength, 30, lIds, lValues);
      await K.sync();
      assert.deepEqual(Array.from(lIds), candidates(long, 30));
      assert.throws(() => K.topK!(x, 1, length, 0, ids, values), { name: "InvalidArgumentError", message: /k out of range/ });
    } finally {
      await K.dispose();
    }
  });
}
