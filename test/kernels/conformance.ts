/**
 * One conformance suite for every kernels implementation: each op on random data, every weight
 * type, against the reference kernels (src/kernels/ref, the spec).
 *
 * Tolerances: the reference sums in float64, fast kernels in float32 lanes; both see the same
 * quantized activations except where a float32 rounding lands on the other side of a
 * quantization boundary. Matmul: |Δ| ≤ 2e-4·(|y| + scale) where scale is the row's typical
 * magnitude; element-wise ops: relative 1e-5; attention: 2e-3 absolute (f16 softmax weights).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Kernels } from "../../src/kernels/types.ts";
import { createRefKernels } from "../../src/kernels/ref/index.ts";
import { quantizeRows } from "../../src/tensor/quantize.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { GgmlType, typeName } from "../../src/tensor/dtypes.ts";

const TYPES = [GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K];

function close(a: Float32Array, b: Float32Array, tol: (i: number) => number, what: string): void {
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= tol(i))) assert.fail(`${what}: element ${i}: ${a[i]} vs ${b[i]} (|Δ| ${d} > ${tol(i)})`);
  }
}

export function runKernelConformance(label: string, make: () => Kernels | Promise<Kernels>): void {
  const rng = new Rng(42, label);
  const rand = (n: number, std = 1) => rng.fillNormal(new Float32Array(n), 0, std);

  test(`${label}: matmul and getRows agree with the reference for every weight type`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      for (const type of TYPES) {
        for (const [rows, cols, n] of [[37, 256, 1], [64, 512, 3], [9, 768, 5]] as const) {
          const w = quantizeRows(type, rand(rows * cols, 0.05), rows, cols);
          const a = K.allocWeight("w", type, rows, cols);
          a.bytes.set(w);
          a.commit();
          const b = R.allocWeight("w", type, rows, cols);
          b.bytes.set(w);
          b.commit();
          const x = K.allocF32(n * cols);
          x.set(rand(n * cols));
          const y1 = K.allocF32(n * rows);
          const y2 = new Float32Array(n * rows);
          K.matmul(a.handle, x, n, y1);
          R.matmul(b.handle, Float32Array.from(x), n, y2);
          const scale = Math.sqrt(y2.reduce((s, v) => s + v * v, 0) / y2.length);
          close(y1, y2, (i) => 2e-4 * (Math.abs(y2[i]!) + scale), `${typeName(type)} ${rows}×${cols} n=${n}`);
          const ids = [0, rows - 1, Math.floor(rows / 2)];
          const r1 = K.allocF32(ids.length * cols);
          const r2 = new Float32Array(ids.length * cols);
          K.getRows(a.handle, ids, r1);
          R.getRows(b.handle, ids, r2);
          close(r1, r2, () => 0, `getRows ${typeName(type)}`);
        }
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: rmsNorm, rope, swiglu, add agree with the reference`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      const n = 3, dim = 128;
      const x = rand(n * dim, 2), wt = rand(dim, 0.3).map((v) => 1 + v);
      const o1 = K.allocF32(n * dim), o2 = new Float32Array(n * dim);
      const xk = K.allocF32(n * dim); xk.set(x);
      K.rmsNorm(xk, wt, n, dim, 1e-6, o1);
      R.rmsNorm(x, wt, n, dim, 1e-6, o2);
      close(o1, o2, (i) => 1e-5 * (Math.abs(o2[i]!) + 1e-3), "rmsNorm");

      for (const [heads, headDim, ropeDim] of [[4, 64, 64], [6, 128, 128], [2, 64, 32]] as const) {
        const q = rand(n * heads * headDim);
        const a = K.allocF32(q.length); a.set(q);
        const b = Float32Array.from(q);
        const pos = new Int32Array([0, 1, 4095]);
        K.ropeNeox(a, n, heads, headDim, ropeDim, pos, 5e6);
        R.ropeNeox(b, n, heads, headDim, ropeDim, pos, 5e6);
        close(a, b, () => 2e-4, `rope h=${heads} e=${headDim} r=${ropeDim}`);
      }
      const g = rand(1000, 3), u = rand(1000);
      const gk = K.allocF32(1000); gk.set(g);
      const uk = K.allocF32(1000); uk.set(u);
      const s1 = K.allocF32(1000), s2 = new Float32Array(1000);
      K.swiglu(gk, uk, 1000, s1);
      R.swiglu(g, u, 1000, s2);
      close(s1, s2, (i) => 1e-5 * (Math.abs(s2[i]!) + 1e-3), "swiglu");
      const a1 = K.allocF32(1000);
      K.add(gk, uk, 1000, a1);
      close(a1, Float32Array.from(g.map((v, i) => v + u[i]!)), () => 0, "add");
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: KV store and grouped-query attention agree with the reference`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      for (const [heads, kvHeads, headDim] of [[4, 2, 64], [6, 2, 64], [8, 8, 128], [32, 8, 128]] as const) {
        const ctx = 40, start = 17, n = 5;
        const kvDim = kvHeads * headDim;
        const kc1 = K.allocF16(ctx * kvDim), vc1 = K.allocF16(ctx * kvDim);
        const kc2 = R.allocF16(ctx * kvDim), vc2 = R.allocF16(ctx * kvDim);
        const kAll = rand((start + n) * kvDim), vAll = rand((start + n) * kvDim);
        const kk = K.allocF32(kAll.length); kk.set(kAll);
        const vk = K.allocF32(vAll.length); vk.set(vAll);
        K.storeKv(kk, vk, kc1, vc1, 0, start + n, kvHeads, headDim);
        R.storeKv(kAll, vAll, kc2, vc2, 0, start + n, kvHeads, headDim);
        assert.deepEqual(Array.from(kc1), Array.from(kc2), "K cache bits");
        assert.deepEqual(Array.from(vc1), Array.from(vc2), "V cache bits");
        const q = rand(n * heads * headDim);
        const qk = K.allocF32(q.length); qk.set(q);
        const o1 = K.allocF32(q.length), o2 = new Float32Array(q.length);
        K.attention(qk, kc1, vc1, start, n, heads, kvHeads, headDim, o1);
        R.attention(q, kc2, vc2, start, n, heads, kvHeads, headDim, o2);
        close(o1, o2, () => 2e-3, `attention h=${heads} g=${kvHeads} e=${headDim}`);
      }
      // Caches are (g, c, e) with c = length / (g·e): a length that is not whole positions, too few
      // positions, or K and V of different sizes is a typed error in every implementation, not a
      // silent misread.
      for (const impl of [K, R]) {
        const k = new Float32Array(2 * 64), q = new Float32Array(4 * 32), o = new Float32Array(4 * 32);
        const ragged = impl.allocF16(3 * 64 + 5), short = impl.allocF16(2 * 64);
        assert.throws(() => impl.storeKv(k, k, ragged, ragged, 0, 1, 2, 32), { name: "InvalidArgumentError", message: /whole number of positions/ });
        assert.throws(() => impl.storeKv(k, k, short, short, 2, 1, 2, 32), { name: "InvalidArgumentError", message: /too few positions/ });
        assert.throws(() => impl.attention(q, short, short, 2, 1, 4, 2, 32, o), { name: "InvalidArgumentError", message: /too few positions/ });
        assert.throws(() => impl.storeKv(k, k, impl.allocF16(3 * 64), impl.allocF16(4 * 64), 0, 1, 2, 32), { name: "InvalidArgumentError", message: /differ in size/ });
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: matmulSameInput gives exactly the separate matmuls (fused and mixed types)`, async () => {
    const K = await make();
    try {
      const cols = 512;
      // Q and K share a type (fused), V does not (Q4_K_M's attn_v is often Q6_K), plus a
      // fourth Q4_K weight so a fused group exceeds three and splits.
      const specs: [number, number][] = [[GgmlType.Q4_K, 64], [GgmlType.Q4_K, 32], [GgmlType.Q6_K, 32], [GgmlType.Q4_K, 48], [GgmlType.Q4_K, 16]];
      const ws = specs.map(([type, rows]) => {
        const up = K.allocWeight("w", type, rows, cols);
        up.bytes.set(quantizeRows(type, rand(rows * cols, 0.05), rows, cols));
        up.commit();
        return up.handle;
      });
      for (const n of [1, 5]) {
        const x = K.allocF32(n * cols);
        x.set(rand(n * cols));
        const fused = ws.map((w) => K.allocF32(n * w.rows));
        K.matmulSameInput(ws, x, n, fused);
        ws.forEach((w, i) => {
          const y = K.allocF32(n * w.rows);
          K.matmul(w, x, n, y);
          assert.deepEqual(Array.from(fused[i]!), Array.from(y), `weight ${i} (${typeName(w.type)}), n=${n}`);
        });
      }
      assert.throws(() => K.matmulSameInput(ws, K.allocF32(cols), 1, [K.allocF32(64)]));
    } finally {
      await K.dispose();
    }
  });
}
