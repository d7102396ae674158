/**
 * One conformance suite for every kernels implementation: each op on random data, every weight
 * type, against the reference kernels (src/kernels/ref, the spec).
 *
 * Tolerances: the reference sums in float64, fast kernels in float32 lanes; both see the same
 * quantized activations except where a float32 rounding lands on the other side of a
 * quantization boundary. Matmul: |Δ| ≤ 2e-4·(|y| + scale) where scale is the row's typical
 * magnitude; element-wise ops: relative 1e-5; attention: 2e-3 absolute (f16 softmax weights).
 *
 * The suite sees a backend only through the interface (kernels/types.ts): inputs go in through
 * `constant`, results come back through `toHost` / `toHostF16` and `sync`, so a GPU backend whose
 * buffers live on the device runs the same cases.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Kernels } from "../../src/kernels/types.ts";
import { createRefKernels } from "../../src/kernels/ref/index.ts";
import { QUANTIZABLE, quantizeRows } from "../../src/tensor/quantize.ts";
import { randomRows } from "../../src/tensor/random-blocks.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { GgmlType, typeName } from "../../src/tensor/dtypes.ts";

const TYPES = [
  GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1,
  GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
  GgmlType.IQ1_S, GgmlType.IQ1_M, GgmlType.IQ2_XXS, GgmlType.IQ2_XS, GgmlType.IQ2_S, GgmlType.IQ3_XXS, GgmlType.IQ3_S, GgmlType.IQ4_NL, GgmlType.IQ4_XS,
];

function close(a: Float32Array, b: Float32Array, tol: (i: number) => number, what: string): void {
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= tol(i))) assert.fail(`${what}: element ${i}: ${a[i]} vs ${b[i]} (|Δ| ${d} > ${tol(i)})`);
  }
}

/** A backend's buffers reached through the interface only. */
function io<A, H>(K: Kernels<A, H>) {
  return {
    put: (values: Float32Array): A => K.constant(values),
    async get(a: A, length: number): Promise<Float32Array> {
      const out = new Float32Array(length);
      K.toHost(a, 0, length, out);
      await K.sync();
      return out;
    },
    async getF16(h: H, length: number): Promise<Uint16Array> {
      const out = new Uint16Array(length);
      K.toHostF16(h, 0, length, out);
      await K.sync();
      return out;
    },
  };
}

/**
 * `types`: the weight types to run (default all); a backend that runs fewer names the rest in
 * its own test, so what it skips is visible there.
 */
export function runKernelConformance<A, H>(label: string, make: () => Kernels<A, H> | Promise<Kernels<A, H>>, types: readonly number[] = TYPES): void {
  const rng = new Rng(42, label);
  const rand = (n: number, std = 1) => rng.fillNormal(new Float32Array(n), 0, std);

  test(`${label}: matmul and getRows agree with the reference for every weight type`, async () => {
    const K = await make();
    const R = createRefKernels();
    const { put, get } = io(K);
    try {
      for (const type of types) {
        // n = 1 and a few rows are decode; 16 to 70 rows are prompts and batched decode (whole and
        // partial tiles of any tiling: 16 = two of 8, 21 and 37 end part-way).
        for (const [rows, cols, n] of [[37, 256, 1], [64, 512, 3], [9, 768, 5], [24, 256, 16], [33, 256, 21], [17, 512, 37], [70, 256, 19], [40, 512, 70]] as const) {
          // The grid I-quants have no quantizer: random valid blocks (every bit pattern, sane scales).
          const w = QUANTIZABLE.has(type) ? quantizeRows(type, rand(rows * cols, 0.05), rows, cols) : randomRows(type, rows, cols, 0.05, () => rng.uniform());
          const a = K.allocWeight("w", type, rows, cols);
          a.bytes.set(w);
          a.commit();
          const b = R.allocWeight("w", type, rows, cols);
          b.bytes.set(w);
          b.commit();
          const xs = rand(n * cols);
          const y1 = K.allocF32(n * rows);
          const y2 = new Float32Array(n * rows);
          K.matmul(a.handle, put(xs), n, y1);
          R.matmul(b.handle, xs, n, y2);
          const got = await get(y1, n * rows);
          const scale = Math.sqrt(y2.reduce((s, v) => s + v * v, 0) / y2.length);
          close(got, y2, (i) => 2e-4 * (Math.abs(y2[i]!) + scale), `${typeName(type)} ${rows}×${cols} n=${n}`);
          if (n > 1) {
            // A row's result does not depend on the batch: the last token alone gives its bits.
            const alone = K.allocF32(rows);
            K.matmul(a.handle, put(xs.subarray((n - 1) * cols)), 1, alone);
            close(await get(alone, rows), got.subarray((n - 1) * rows), () => 0, `${typeName(type)} n=${n}: last row alone`);
          }
          const ids = [0, rows - 1, Math.floor(rows / 2), 0];
          const r1 = K.allocF32(ids.length * cols);
          const r2 = new Float32Array(ids.length * cols);
          K.getRows(a.handle, ids, r1);
          R.getRows(b.handle, ids, r2);
          close(await get(r1, ids.length * cols), r2, () => 0, `getRows ${typeName(type)}`);
        }
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: rmsNorm, rope, swiglu, add agree with the reference`, async () => {
    const K = await make();
    const R = createRefKernels();
    const { put, get } = io(K);
    try {
      const n = 3, dim = 128;
      const x = rand(n * dim, 2), wt = rand(dim, 0.3).map((v) => 1 + v);
      const o1 = K.allocF32(n * dim), o2 = new Float32Array(n * dim);
      K.rmsNorm(put(x), put(wt), n, dim, 1e-6, o1);
      R.rmsNorm(x, wt, n, dim, 1e-6, o2);
      close(await get(o1, n * dim), o2, (i) => 1e-5 * (Math.abs(o2[i]!) + 1e-3), "rmsNorm");
      // In place, on views (per-head norms of q and k; the output norm of one row of a batch).
      const big = put(x);
      K.rmsNorm(K.view(big, dim, dim), put(wt), 1, dim, 1e-6, K.view(big, dim, dim));
      const o3 = new Float32Array(dim);
      R.rmsNorm(x.subarray(dim, 2 * dim), wt, 1, dim, 1e-6, o3);
      const inPlace = await get(big, n * dim);
      close(inPlace.subarray(dim, 2 * dim), o3, (i) => 1e-5 * (Math.abs(o3[i]!) + 1e-3), "rmsNorm on a view, in place");
      close(inPlace.subarray(0, dim), x.subarray(0, dim), () => 0, "rows outside the view untouched");
      close(inPlace.subarray(2 * dim), x.subarray(2 * dim), () => 0, "rows outside the view untouched");

      for (const [heads, headDim, ropeDim] of [[4, 64, 64], [6, 128, 128], [2, 64, 32]] as const) {
        const q = rand(n * heads * headDim);
        const a = put(q);
        const b = Float32Array.from(q);
        const pos = new Int32Array([0, 1, 4095]);
        K.ropeNeox(a, n, heads, headDim, ropeDim, pos, 5e6);
        R.ropeNeox(b, n, heads, headDim, ropeDim, pos, 5e6);
        close(await get(a, q.length), b, () => 2e-4, `rope h=${heads} e=${headDim} r=${ropeDim}`);
      }
      const g = rand(1000, 3), u = rand(1000);
      const gk = put(g), uk = put(u);
      const s1 = K.allocF32(1000), s2 = new Float32Array(1000);
      K.swiglu(gk, uk, 1000, s1);
      R.swiglu(g, u, 1000, s2);
      close(await get(s1, 1000), s2, (i) => 1e-5 * (Math.abs(s2[i]!) + 1e-3), "swiglu");
      const a1 = K.allocF32(1000);
      K.add(gk, uk, 1000, a1);
      close(await get(a1, 1000), Float32Array.from(g.map((v, i) => v + u[i]!)), () => 0, "add");
      K.add(K.view(gk, 10, 20), K.view(uk, 500, 20), 20, K.view(gk, 10, 20)); // in place, on views
      const a2 = await get(gk, 1000);
      close(a2.subarray(10, 30), Float32Array.from(g.subarray(10, 30).map((v, i) => v + u[500 + i]!)), () => 0, "add on views");
      close(a2.subarray(30), g.subarray(30), () => 0, "add: elements past the view untouched");
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: KV store and grouped-query attention agree with the reference`, async () => {
    const K = await make();
    const R = createRefKernels();
    const { put, get, getF16 } = io(K);
    try {
      // The last case holds hundreds of positions (long contexts: a backend may split them).
      for (const [heads, kvHeads, headDim, ctx, start, n] of [[4, 2, 64, 40, 17, 5], [6, 2, 64, 40, 17, 5], [8, 8, 128, 40, 17, 5], [32, 8, 128, 40, 17, 5], [4, 2, 64, 700, 600, 3], [8, 2, 128, 700, 650, 1]] as const) {
        const kvDim = kvHeads * headDim;
        const kc1 = K.allocF16(ctx * kvDim), vc1 = K.allocF16(ctx * kvDim);
        const kc2 = R.allocF16(ctx * kvDim), vc2 = R.allocF16(ctx * kvDim);
        const kAll = rand((start + n) * kvDim), vAll = rand((start + n) * kvDim);
        // Stored in two calls, the second at an offset (prompt, then the new rows).
        const cut = start - 3;
        K.storeKv(put(kAll.subarray(0, cut * kvDim)), put(vAll.subarray(0, cut * kvDim)), kc1, vc1, 0, cut, kvHeads, headDim);
        K.storeKv(put(kAll.subarray(cut * kvDim)), put(vAll.subarray(cut * kvDim)), kc1, vc1, cut, start + n - cut, kvHeads, headDim);
        R.storeKv(kAll, vAll, kc2, vc2, 0, start + n, kvHeads, headDim);
        assert.deepEqual(Array.from(await getF16(kc1, ctx * kvDim)), Array.from(kc2), "K cache bits");
        assert.deepEqual(Array.from(await getF16(vc1, ctx * kvDim)), Array.from(vc2), "V cache bits");
        const q = rand(n * heads * headDim);
        const o1 = K.allocF32(q.length), o2 = new Float32Array(q.length);
        K.attention(put(q), kc1, vc1, start, n, heads, kvHeads, headDim, o1);
        R.attention(q, kc2, vc2, start, n, heads, kvHeads, headDim, o2);
        close(await get(o1, q.length), o2, () => 2e-3, `attention h=${heads} g=${kvHeads} e=${headDim} t=${start + n}`);
      }
      // Caches are (g, c, e) with c = length / (g·e): a length that is not whole positions, too few
      // positions, or K and V of different sizes is a typed error in every implementation, not a
      // silent misread.
      const checks = async <A2, H2>(impl: Kernels<A2, H2>) => {
        const k = impl.allocF32(2 * 64), q = impl.allocF32(4 * 32), o = impl.allocF32(4 * 32);
        const ragged = impl.allocF16(3 * 64 + 5), short = impl.allocF16(2 * 64);
        assert.throws(() => impl.storeKv(k, k, ragged, ragged, 0, 1, 2, 32), { name: "InvalidArgumentError", message: /whole number of positions/ });
        assert.throws(() => impl.storeKv(k, k, short, short, 2, 1, 2, 32), { name: "InvalidArgumentError", message: /too few positions/ });
        assert.throws(() => impl.attention(q, short, short, 2, 1, 4, 2, 32, o), { name: "InvalidArgumentError", message: /too few positions/ });
        assert.throws(() => impl.storeKv(k, k, impl.allocF16(3 * 64), impl.allocF16(4 * 64), 0, 1, 2, 32), { name: "InvalidArgumentError", message: /differ in size/ });
        await impl.sync(); // nothing was recorded by the refused calls
      };
      await checks(K);
      await checks(R);
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: matmulSameInput gives exactly the separate matmuls (fused and mixed types)`, async () => {
    const K = await make();
    const { put, get } = io(K);
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
      for (const n of [1, 5, 19]) {
        const x = put(rand(n * cols));
        const fused = ws.map((w) => K.allocF32(n * w.rows));
        K.matmulSameInput(ws, x, n, fused);
        for (const [i, w] of ws.entries()) {
          const y = K.allocF32(n * w.rows);
          K.matmul(w, x, n, y);
          assert.deepEqual(Array.from(await get(fused[i]!, n * w.rows)), Array.from(await get(y, n * w.rows)), `weight ${i} (${typeName(w.type)}), n=${n}`);
        }
      }
      assert.throws(() => K.matmulSameInput(ws, K.allocF32(cols), 1, [K.allocF32(64)]));
    } finally {
      await K.dispose();
    }
  });
}
