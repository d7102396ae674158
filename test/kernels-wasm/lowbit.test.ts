// The WASM kernels on Q2_K, Q3_K, Q5_K and every I-quant: random valid blocks (every bit pattern,
// sane scales) against the reference kernels (dequantized weights, float64 sums); a batched
// prompt gives each token exactly the bits it gets alone, on every kernel variant and thread
// split; getRows dequantizes exactly as ggml; extremes do not overflow the 16-bit pair sums;
// weights of different types sharing a Q8_K input give the separate matmuls' bits.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createWasmKernels } from "../../src/kernels/wasm/index.ts";
import { createRefKernels } from "../../src/kernels/ref/index.ts";
import { randomRows, setBlockScale } from "../../src/tensor/random-blocks.ts";
import { dequantizeRows } from "../../src/tensor/dequantize.ts";
import { GgmlType, typeName, TYPE_TRAITS } from "../../src/tensor/dtypes.ts";
import { Rng } from "../../src/sampling/rng.ts";

const TYPES = [
  GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q5_K, GgmlType.IQ2_XXS, GgmlType.IQ2_XS, GgmlType.IQ2_S, GgmlType.IQ3_XXS,
  GgmlType.IQ3_S, GgmlType.IQ1_S, GgmlType.IQ1_M, GgmlType.IQ4_NL, GgmlType.IQ4_XS,
];

const kernels = await Promise.all([
  createWasmKernels({ threads: 1 }),
  createWasmKernels({ threads: 2 }),
  createWasmKernels({ threads: 1, relaxed: false }),
]);
after(async () => { for (const k of kernels) await k.dispose(); });

const colsOf = (type: number) => (TYPE_TRAITS.get(type)!.blockSize === 32 ? 96 : 768);

for (const type of TYPES) {
  test(`${typeName(type)}: one token matches the reference; batches of 2 to 21 tokens give each token its one-token bits; getRows is exact`, () => {
    const rng = new Rng(11, typeName(type));
    const rows = 53, cols = colsOf(type);
    const w = randomRows(type, rows, cols, 0.05, () => rng.uniform());
    const R = createRefKernels();
    const ref = R.allocWeight("w", type, rows, cols);
    ref.bytes.set(w);
    ref.commit();
    const dense = dequantizeRows(type, w, rows, cols);
    for (const K of kernels) {
      const up = K.allocWeight("w", type, rows, cols);
      up.bytes.set(w);
      up.commit();
      for (const n of [1, 2, 5, 21]) {
        const x = rng.fillNormal(new Float32Array(n * cols), 0, 1);
        x[3] = 20; // one block with a dominant value
        const y = new Float32Array(n * rows);
        K.matmul(up.handle, x, n, y);
        const yr = new Float32Array(n * rows);
        R.matmul(ref.handle, x, n, yr);
        const scale = Math.sqrt(yr.reduce((s, v) => s + v * v, 0) / yr.length);
        yr.forEach((v, i) => assert.ok(Math.abs(y[i]! - v) <= 2e-5 * (Math.abs(v) + scale), `${K.name} n ${n} y[${i}] ${y[i]} vs reference ${v}`));
        if (n === 1) continue;
        for (let t = 0; t < n; t++) {
          const alone = new Float32Array(rows);
          K.matmul(up.handle, x.subarray(t * cols, (t + 1) * cols), 1, alone);
          assert.deepEqual(Array.from(y.subarray(t * rows, (t + 1) * rows)), Array.from(alone), `${K.name} n ${n} token ${t}`);
        }
      }
      const got = new Float32Array(2 * cols);
      K.getRows(up.handle, [50, 17], got);
      assert.deepEqual(Array.from(got.subarray(0, cols)), Array.from(dense.subarray(50 * cols, 51 * cols)), `${K.name} getRows row 50`);
      assert.deepEqual(Array.from(got.subarray(cols)), Array.from(dense.subarray(17 * cols, 18 * cols)), `${K.name} getRows row 17`);
    }
  });
}

test("extremes: every weight byte 0x00 or 0xff (largest levels, indices, scales; all signs) against ±127 activations stays exact", () => {
  const R = createRefKernels();
  for (const type of TYPES) {
    const rows = 2, cols = colsOf(type), size = TYPE_TRAITS.get(type)!.typeSize;
    const w = new Uint8Array(rows * (cols / TYPE_TRAITS.get(type)!.blockSize) * size);
    w.fill(0xff, 0, w.length / 2); // row 0 all ones, row 1 all zeros
    for (let p = 0; p < w.length; p += size) setBlockScale(type, w, p, 0x2e66); // f16 0.1
    // All +1, all −1, and a sign pattern that follows the weights' sign bits: every Q8_K code is ±127.
    const x = new Float32Array(3 * cols).map((_, i) => (i < cols ? 1 : i < 2 * cols ? -1 : (i >> 2) & 1 ? -1 : 1));
    const r = R.allocWeight("w", type, rows, cols);
    r.bytes.set(w);
    r.commit();
    const yr = new Float32Array(3 * rows);
    R.matmul(r.handle, x, 3, yr);
    for (const K of kernels) {
      const up = K.allocWeight("w", type, rows, cols);
      up.bytes.set(w);
      up.commit();
      for (const n of [1, 3]) {
        const y = new Float32Array(n * rows);
        K.matmul(up.handle, x, n, y);
        y.forEach((v, i) => assert.ok(Math.abs(v - yr[i]!) <= 1e-6 * (Math.abs(yr[i]!) + 1), `${typeName(type)} ${K.name} n ${n} y[${i}] ${v} vs ${yr[i]}`));
      }
    }
  }
});

test("weights of several types on one input (Q3_K_M's Q/K with Q4_K or Q5_K V, Q6_K, IQ4_XS, Q2_K; Q8_Kp and Q8_K passes) give the separate matmuls' bits", () => {
  const rng = new Rng(13, "fused");
  const cols = 512;
  for (const K of kernels) {
    const ws = [GgmlType.Q3_K, GgmlType.Q5_K, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.IQ4_XS, GgmlType.Q2_K, GgmlType.IQ2_XXS].map((type, i) => {
      const up = K.allocWeight("w", type, 16 + 7 * i, cols);
      up.bytes.set(randomRows(type, 16 + 7 * i, cols, 0.05, () => rng.uniform()));
      up.commit();
      return up.handle;
    });
    // 10 tokens: Q4_K takes the prompt tiles (from 8), 21: Q6_K too; a pass led by Q3_K builds their activation copies.
    for (const n of [1, 6, 10, 21]) {
      const x = rng.fillNormal(new Float32Array(n * cols), 0, 1);
      const fused = ws.map((w) => new Float32Array(n * w.rows));
      K.matmulSameInput(ws, x, n, fused);
      ws.forEach((w, i) => {
        const y = new Float32Array(n * w.rows);
        K.matmul(w, x, n, y);
        assert.deepEqual(Array.from(fused[i]!), Array.from(y), `${K.name} ${typeName(w.type)} n ${n}`);
      });
    }
  }
});

test("IQ4_XS one token gives the same bits when single tokens take the K-quant tile kernels (kqPrompt pairsum, where IQ4_XS decode goes without its sign-magnitude copy)", async () => {
  const rng = new Rng(17, "tile-1");
  const cols = 768;
  const tiles = await createWasmKernels({ threads: 1, kqPrompt: "pairsum" });
  try {
    const types = [GgmlType.Q4_K, GgmlType.IQ4_XS];
    const w = types.map((type) => randomRows(type, 40, cols, 0.05, () => rng.uniform()));
    const x = rng.fillNormal(new Float32Array(cols), 0, 1);
    const [usual, tiled] = [kernels[0]!, tiles].map((K) => {
      const ws = types.map((type, i) => {
        const up = K.allocWeight("w", type, 40, cols);
        up.bytes.set(w[i]!);
        up.commit();
        return up.handle;
      });
      const ys = ws.map(() => new Float32Array(40));
      K.matmulSameInput(ws, x, 1, ys);
      return ys.map((y) => Array.from(y));
    });
    assert.deepEqual(tiled, usual);
  } finally {
    await tiles.dispose();
  }
});

test("IQ4_XS one token on rows either side of the sign-magnitude copy's width limit (24 and 25 blocks) matches the reference and its bits in a batch", () => {
  const rng = new Rng(19, "wide");
  const R = createRefKernels();
  for (const cols of [24 * 256, 25 * 256]) {
    const rows = 9;
    const w = randomRows(GgmlType.IQ4_XS, rows, cols, 0.05, () => rng.uniform());
    const ref = R.allocWeight("w", GgmlType.IQ4_XS, rows, cols);
    ref.bytes.set(w);
    ref.commit();
    const x = rng.fillNormal(new Float32Array(4 * cols), 0, 1);
    const yr = new Float32Array(rows);
    R.matmul(ref.handle, x.subarray(0, cols), 1, yr);
    const scale = Math.sqrt(yr.reduce((s, v) => s + v * v, 0) / rows);
    for (const K of kernels) {
      const up = K.allocWeight("w", GgmlType.IQ4_XS, rows, cols);
      up.bytes.set(w);
      up.commit();
      const one = new Float32Array(rows), four = new Float32Array(4 * rows);
      K.matmul(up.handle, x.subarray(0, cols), 1, one);
      K.matmul(up.handle, x, 4, four);
      yr.forEach((v, i) => assert.ok(Math.abs(one[i]! - v) <= 2e-5 * (Math.abs(v) + scale), `${K.name} cols ${cols} y[${i}] ${one[i]} vs reference ${v}`));
      assert.deepEqual(Array.from(four.subarray(0, rows)), Array.from(one), `${K.name} cols ${cols}: token 0 of 4 vs alone`);
    }
  }
});
