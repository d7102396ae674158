// Cross-check against the project's independent tensor layer (src/tensor): weights quantized by
// its quantizeRows, dequantized by its dequantizeRows, must give the same rows through the WASM
// getRows (which reads the repacked Q4_K/Q5_K layout) and the same products through matmul.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createWasmKernels } from "../../src/kernels/wasm/index.ts";
import { quantizeRows, dequantizeRows } from "../../src/tensor/quantize.ts";
import { actAsSeen, lcg } from "./local-ref.ts";

const K = await createWasmKernels({ threads: 2 });
after(() => K.dispose());

const TYPES: [string, number][] = [["F32", 0], ["F16", 1], ["BF16", 30], ["Q8_0", 8], ["Q4_0", 2], ["Q4_1", 3],
  ["Q5_0", 6], ["Q5_1", 7], ["Q4_K", 12], ["Q5_K", 13], ["Q6_K", 14]];

for (const [name, type] of TYPES) {
  test(`${name}: getRows and matmul agree with src/tensor's dequantizer`, () => {
    const rows = 5, cols = 512, n = 5;
    const rnd = lcg(type + 77);
    const src = new Float32Array(rows * cols).map(() => (rnd() - 0.5) * 3);
    const bytes = quantizeRows(type, src, rows, cols);
    const deq = dequantizeRows(type, bytes, rows, cols);
    const up = K.allocWeight(name, type, rows, cols);
    up.bytes.set(bytes);
    up.commit();
    const got = new Float32Array(rows * cols);
    K.getRows(up.handle, [0, 1, 2, 3, 4], got);
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i]! - deq[i]!) <= 1e-6 * (1 + Math.abs(deq[i]!)), `row value ${i}: ${got[i]} vs ${deq[i]}`);
    const x = new Float32Array(n * cols).map(() => rnd() * 2 - 1);
    const y = new Float32Array(n * rows);
    K.matmul(up.handle, x, n, y);
    for (let j = 0; j < n; j++) {
      const xs = actAsSeen(type, x.subarray(j * cols, (j + 1) * cols));
      for (let r = 0; r < rows; r++) {
        let s = 0, mag = 0;
        for (let i = 0; i < cols; i++) { s += deq[r * cols + i]! * xs[i]!; mag += Math.abs(deq[r * cols + i]! * xs[i]!); }
        const tol = (type === 3 || type === 7 ? 2e-3 : 1e-5) * (mag + 1);
        assert.ok(Math.abs(y[j * rows + r]! - s) <= tol, `${name} y[${j},${r}] = ${y[j * rows + r]} vs ${s}`);
      }
    }
  });
}
