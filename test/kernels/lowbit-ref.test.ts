/**
 * The 2- and 3-bit K-quants and the I-quants in the reference: the dequantizers (src/tensor,
 * ggml's dequantize_row_*) against a port of ggml's dot products (ggml-vec-dot.ts), which reads
 * the same bytes its own way, on random valid blocks (every bit pattern, scales sane); the
 * quantizers' error bounds; random rows at the RMS asked for.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRefKernels } from "../../src/kernels/ref/index.ts";
import { quantizeRows, dequantizeRows, rowBytes } from "../../src/tensor/quantize.ts";
import { randomRows } from "../../src/tensor/random-blocks.ts";
import { GgmlType, typeName } from "../../src/tensor/dtypes.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { assertRoundTripWithin } from "../helpers/quant-error.ts";
import { ggmlRowDot } from "./ggml-vec-dot.ts";

const NEW_TYPES = [
  GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.IQ2_XXS, GgmlType.IQ2_XS, GgmlType.IQ2_S, GgmlType.IQ3_XXS,
  GgmlType.IQ3_S, GgmlType.IQ1_S, GgmlType.IQ1_M, GgmlType.IQ4_NL, GgmlType.IQ4_XS,
];

test("the reference matmul (dequantized weights) equals ggml's dot product read from the blocks, every new type", () => {
  const rng = new Rng(3, "lowbit");
  const K = createRefKernels();
  for (const type of NEW_TYPES) {
    const rows = 6, cols = 768;
    const w = randomRows(type, rows, cols, 0.05, () => rng.uniform());
    const up = K.allocWeight("w", type, rows, cols);
    up.bytes.set(w);
    up.commit();
    for (const std of [1, 30]) {
      const x = rng.fillNormal(new Float32Array(cols), 0, std);
      x[7] = 4 * std; // a block whose largest value is positive (Q8_K's scale takes its sign)
      const y = new Float32Array(rows);
      K.matmul(up.handle, x, 1, y);
      const rb = rowBytes(type, cols);
      const ggml = Array.from({ length: rows }, (_, r) => ggmlRowDot(type, w.subarray(r * rb, (r + 1) * rb), x));
      const scale = Math.sqrt(ggml.reduce((s, v) => s + v * v, 0) / rows);
      ggml.forEach((g, r) => assert.ok(Math.abs(y[r]! - g) <= 1e-5 * (Math.abs(g) + scale), `${typeName(type)} row ${r} std ${std}: ref ${y[r]} vs ggml ${g}`));
    }
  }
});

test("Q2_K, Q3_K, IQ4_NL and IQ4_XS quantize within their error bounds", () => {
  const rng = new Rng(5, "lowbit-q");
  // Relative RMS error on N(0, 1): about half a step of each format's levels.
  const bounds: Record<number, number> = { [GgmlType.Q2_K]: 0.45, [GgmlType.Q3_K]: 0.25, [GgmlType.IQ4_NL]: 0.12, [GgmlType.IQ4_XS]: 0.12 };
  const rows = 8, cols = 512;
  const x = rng.fillNormal(new Float32Array(rows * cols), 0, 1);
  assertRoundTripWithin(bounds, x, rows, cols);
  assert.throws(() => quantizeRows(GgmlType.IQ2_XXS, x, rows, cols), /random-blocks/);
});

test("random rows: every new type at about the RMS asked for, with finite values", () => {
  const rng = new Rng(9, "lowbit-r");
  for (const type of NEW_TYPES) {
    const rows = 16, cols = 1024;
    const y = dequantizeRows(type, randomRows(type, rows, cols, 0.02, () => rng.uniform()), rows, cols);
    let ss = 0;
    for (const v of y) { assert.ok(Number.isFinite(v)); ss += v * v; }
    const rms = Math.sqrt(ss / y.length);
    assert.ok(rms > 0.015 && rms < 0.027, `${typeName(type)}: RMS ${rms}`);
  }
});
