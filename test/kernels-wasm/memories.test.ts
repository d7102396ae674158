// Weights beyond one 4 GiB memory: allocations spill into the next shared memory and ops run
// there (pages are only reserved, never touched, so this costs no real RAM).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createWasmKernels, MEMORY_LIMIT } from "../../src/kernels/wasm/index.ts";
import { SHARD_RESERVE } from "../../src/kernels/wasm/memories.ts";

test("a weight that does not fit the first memory goes to the second and still computes", async () => {
  const K = await createWasmKernels({ threads: 2, memories: 2, warmUp: false });
  try {
    // Leaves 64 MiB of the first memory for weights (plus the reserve kept for staging).
    const big = K.allocWeight("big", 0, 1024, (MEMORY_LIMIT - SHARD_RESERVE - 64 * 1024 * 1024) / 4 / 1024);
    assert.ok(big.bytes.byteOffset > 0);
    const up = K.allocWeight("small", 8, 3, 64); // still fits in the first memory's last 64 MiB
    up.commit();
    const huge = K.allocWeight("second", 1, 1, (MEMORY_LIMIT / 2) * 0.75); // 3 GiB more: must go to memory 2
    const shard = (h: object) => (h as { shard: number }).shard;
    assert.equal(shard(big.handle), 0);
    assert.equal(shard(up.handle), 0);
    assert.equal(shard(huge.handle), 1);
    const cols = 8 * 1024 * 1024; // 2 rows of 32 MiB: more than the first memory has left
    const w = K.allocWeight("in-second", 0, 2, cols);
    const f = new Float32Array(w.bytes.buffer, w.bytes.byteOffset, 2 * cols);
    f.fill(1, 0, cols);
    f.fill(2, cols);
    w.commit();
    assert.equal(shard(w.handle), 1);
    const x = K.allocF32(cols).fill(1); // an activation in memory 1 used by a weight in memory 2
    const y = new Float32Array(2);
    K.matmul(w.handle, x, 1, y);
    assert.deepEqual(Array.from(y), [cols, 2 * cols]);
    assert.throws(() => K.allocWeight("too-much", 1, 1, MEMORY_LIMIT / 2), { code: "WASM_MEMORY_LIMIT" });
    // Fill the first memory with 64 KiB weights until they spill over; ops on it must still find
    // room there for staging and scratch (MedPsy-4B Q8_0 once failed here): a 512-token batch
    // from a plain JS array.
    for (let i = 0; shard(K.allocWeight("fill", 0, 1, 16384).handle) === 0; i++) assert.ok(i < 4096);
    const xs = new Float32Array(512 * 64).fill(0.5);
    const ys = new Float32Array(512 * 3);
    K.matmul(up.handle, xs, 512, ys);
    assert.ok(ys.every(Number.isFinite));
  } finally {
    await K.dispose();
  }
});
