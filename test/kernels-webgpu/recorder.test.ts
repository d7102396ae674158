// The recorder's own contract: more dispatches than its parameter arena holds between two syncs
// (it submits early and carries on, every dispatch still seeing its own parameters and data), and
// bind groups reused across steps with fresh parameters each time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRefKernels } from "../../src/kernels/ref/index.ts";
import { gpuOrSkip } from "./gpu.ts";

const make = await gpuOrSkip();
if (make) {
  test("dispatches past the arena's size in one sync keep their own parameters and data", async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      // 4 MiB of 256-byte slots is 16,384 blocks. One add, then RoPEs of two blocks each
      // (parameters, angles): the 8,192nd RoPE's parameters take the last block and its angles
      // would spill into the next arena — the case that must flush before, not between.
      const n = 2, heads = 1, headDim = 8;
      const x0 = Float32Array.from({ length: n * heads * headDim }, (_, i) => (i % 5) - 2);
      const one = Float32Array.from(x0, () => 0.5);
      const g = K.constant(x0), inc = K.constant(one);
      const r = Float32Array.from(x0);
      K.add(g, inc, x0.length, g);
      R.add(r, one, x0.length, r);
      for (let i = 0; i < 9000; i++) {
        const pos = Int32Array.of(i % 7, (i * 3) % 11);
        K.ropeNeox(g, n, heads, headDim, headDim, pos, 1e4);
        R.ropeNeox(r, n, heads, headDim, headDim, pos, 1e4);
      }
      const out = new Float32Array(x0.length);
      K.toHost(g, 0, x0.length, out);
      await K.sync();
      for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i]! - r[i]!) <= 1e-3 * (1 + Math.abs(r[i]!)), `element ${i}: ${out[i]} vs ${r[i]}`);
    } finally {
      await K.dispose();
    }
  });
}

if (make) {
  test("RoPE over more rows than one dispatch's host data holds (angle tables in groups)", async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      // 256 KiB of (cos, sin) pairs is 256 rows at head dim 256: 700 rows take three dispatches.
      const n = 700, heads = 1, headDim = 256;
      const x = Float32Array.from({ length: n * heads * headDim }, (_, i) => Math.sin(i * 0.37));
      const pos = Int32Array.from({ length: n }, (_, i) => i * 5);
      const g = K.constant(x), r = Float32Array.from(x);
      K.ropeNeox(g, n, heads, headDim, headDim, pos, 1e6);
      R.ropeNeox(r, n, heads, headDim, headDim, pos, 1e6);
      const out = new Float32Array(x.length);
      K.toHost(g, 0, x.length, out);
      await K.sync();
      for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i]! - r[i]!) <= 1e-5 * (Math.abs(r[i]!) + 1e-2), `element ${i}: ${out[i]} vs ${r[i]}`);
    } finally {
      await K.dispose();
    }
  });
}
