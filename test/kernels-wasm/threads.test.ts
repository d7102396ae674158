// Thread-pool start-up and shutdown: the first op right after start must reach every worker
// (a worker that took its baseline generation late used to miss it and hang the caller), and
// row splits with more threads than rows must still cover every row exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createWasmKernels } from "../../src/kernels/wasm/index.ts";
import { chunkSize } from "../../src/kernels/threads/protocol.ts";

test("an op issued right after start completes, repeatedly (start-up race)", { timeout: 60_000 }, async () => {
  for (let i = 0; i < 12; i++) {
    const K = await createWasmKernels({ threads: 3, warmUp: false, memories: 1 });
    const up = K.allocWeight("w", 0, 4, 4);
    new Float32Array(up.bytes.buffer, up.bytes.byteOffset, 16).fill(1);
    up.commit();
    const y = new Float32Array(4);
    K.matmul(up.handle, new Float32Array(4).fill(2), 1, y);
    assert.deepEqual(Array.from(y), [8, 8, 8, 8]);
    await K.dispose();
  }
});

test("more threads than rows or heads: every row and head computed once", { timeout: 60_000 }, async () => {
  const K = await createWasmKernels({ threads: 4, warmUp: false, memories: 1 });
  try {
    const up = K.allocWeight("w", 0, 3, 8);
    const f = new Float32Array(up.bytes.buffer, up.bytes.byteOffset, 24);
    for (let i = 0; i < 24; i++) f[i] = i;
    up.commit();
    const y = new Float32Array(6).fill(NaN);
    K.matmul(up.handle, new Float32Array(16).fill(1), 2, y);
    assert.deepEqual(Array.from(y), [28, 92, 156, 28, 92, 156]);
    const kc = K.allocF16(8), vc = K.allocF16(8);
    K.storeKv(new Float32Array(8).fill(1), new Float32Array(8).fill(3), kc, vc, 0, 1, 1, 8);
    const out = new Float32Array(8).fill(NaN);
    K.attention(new Float32Array(8).fill(1), kc, vc, 0, 1, 1, 1, 8, out); // one head, 4 threads
    assert.deepEqual(Array.from(out), new Array(8).fill(3));
  } finally {
    await K.dispose();
  }
});

test("using threaded kernels after dispose fails with a typed error instead of hanging", async () => {
  const K = await createWasmKernels({ threads: 2, warmUp: false, memories: 1 });
  const up = K.allocWeight("w", 0, 2, 4);
  up.commit();
  await K.dispose();
  assert.throws(() => K.matmul(up.handle, new Float32Array(4), 1, new Float32Array(2)), { code: "KERNEL_WORKER_FAILED" });
});

test("work chunks: multiples of the row tile, about 8 per thread, never empty", () => {
  for (const [total, threads] of [[151936, 2], [1024, 2], [17, 4], [6144, 3], [1, 1]] as const) {
    const c = chunkSize(total, threads, 16);
    assert.equal(c % 16, 0, `${total}/${threads}: ${c}`);
    assert.ok(c >= 16);
    assert.ok(Math.ceil(total / c) <= threads * 8, `${total}/${threads}: ${Math.ceil(total / c)} chunks`);
  }
});
