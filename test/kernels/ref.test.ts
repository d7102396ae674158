/**
 * The reference kernels against independent arithmetic: dequantize∘quantize error bounds per
 * type, matmul equal to a float64 dot of dequantized weights and ggml-prepared activations,
 * rope at position 0 is the identity, attention over one position returns that position's V.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRefKernels } from "../../src/kernels/ref/index.ts";
import { quantizeRows, dequantizeRows } from "../../src/tensor/quantize.ts";
import { GgmlType, typeName } from "../../src/tensor/dtypes.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { assertRoundTripWithin } from "../helpers/quant-error.ts";
import { F16_TO_F32, f32ToF16, f32ToBf16, bf16ToF32 } from "../../src/tensor/half.ts";

const rng = new Rng(7, "ref");

test("quantize → dequantize stays within each type's error bound", () => {
  // Relative RMS error bounds: roughly half a quantization step of each format on N(0,1) data.
  const bounds: Record<number, number> = {
    [GgmlType.F32]: 0, [GgmlType.F16]: 1e-3, [GgmlType.BF16]: 5e-3, [GgmlType.Q8_0]: 1e-2,
    [GgmlType.Q6_K]: 3e-2, [GgmlType.Q5_0]: 5e-2, [GgmlType.Q5_1]: 5e-2, [GgmlType.Q5_K]: 5e-2,
    [GgmlType.Q4_0]: 1e-1, [GgmlType.Q4_1]: 1e-1, [GgmlType.Q4_K]: 1e-1,
  };
  const rows = 8, cols = 512;
  const x = rng.fillNormal(new Float32Array(rows * cols), 0, 1);
  assertRoundTripWithin(bounds, x, rows, cols);
});

test("half conversions round to nearest even and keep specials", () => {
  assert.equal(f32ToF16(1), 0x3c00);
  assert.equal(f32ToF16(65504), 0x7bff);
  assert.equal(f32ToF16(70000), 0x7c00);
  assert.equal(f32ToF16(-0), 0x8000);
  assert.equal(F16_TO_F32[0x0001], 2 ** -24);
  assert.equal(f32ToF16(1 + 2 ** -11), 0x3c00); // tie → even
  assert.equal(f32ToF16(1 + 3 * 2 ** -11), 0x3c02); // tie → even (up)
  assert.ok(Number.isNaN(F16_TO_F32[f32ToF16(NaN)]!));
  assert.equal(f32ToBf16(1), 0x3f80);
  assert.equal(bf16ToF32(0x3f80), 1);
  assert.equal(f32ToBf16(1 + 2 ** -8), 0x3f80); // tie → even
});

test("matmul equals a float64 dot product of dequantized weights and prepared activations", () => {
  const K = createRefKernels();
  for (const type of [GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_K]) {
    const rows = 5, cols = 256;
    const w = quantizeRows(type, rng.fillNormal(new Float32Array(rows * cols), 0, 0.1), rows, cols);
    const up = K.allocWeight("w", type, rows, cols);
    up.bytes.set(w);
    up.commit();
    const x = rng.fillNormal(new Float32Array(cols), 0, 1);
    const y = new Float32Array(rows);
    K.matmul(up.handle, x, 1, y);
    const wd = dequantizeRows(type, w, rows, cols);
    for (let r = 0; r < rows; r++) {
      let exact = 0;
      for (let c = 0; c < cols; c++) exact += wd[r * cols + c]! * x[c]!;
      // Activation quantization: each element moves by at most half a step (amax/254 ≈ 0.012 for
      // N(0,1) blocks); with weights ~0.1 over 256 terms of random sign that is ~0.01 — bound 0.05.
      const tol = type === GgmlType.F32 ? 1e-5 : 0.05;
      assert.ok(Math.abs(y[r]! - exact) <= tol, `${typeName(type)} row ${r}: ${y[r]} vs ${exact}`);
    }
  }
});

test("rope at position 0 is the identity; attention over one position returns its V", () => {
  const K = createRefKernels();
  const x = rng.fillNormal(new Float32Array(2 * 64), 0, 1);
  const y = Float32Array.from(x);
  K.ropeNeox(y, 1, 2, 64, 64, new Int32Array([0]), 1e6);
  assert.deepEqual(Array.from(y), Array.from(x));
  const kc = K.allocF16(64), vc = K.allocF16(64);
  const k = rng.fillNormal(new Float32Array(64), 0, 1), v = rng.fillNormal(new Float32Array(64), 0, 1);
  K.storeKv(k, v, kc, vc, 0, 1, 1, 64);
  const out = new Float32Array(64);
  K.attention(rng.fillNormal(new Float32Array(64), 0, 1), kc, vc, 0, 1, 1, 1, 64, out);
  for (let i = 0; i < 64; i++) assert.equal(out[i], F16_TO_F32[f32ToF16(v[i]!)]);
});
