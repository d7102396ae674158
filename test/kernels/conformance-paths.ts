/**
 * Token counts and fused weight mixes that reach every batch path of a kernels implementation:
 * n = 1 (decode), 5 (a group of 4 and a leftover), 16 (a whole 16-token group: the tile and
 * widened-tile kernels' threshold), 21 (16 + 4 + 1) and 37 (16 + 16 + 4 + 1), on small weights
 * (20 rows: a whole 16-row tile and a partial one). A backend runs it once per path it can force
 * (test/kernels-wasm/prompt-paths.test.ts); the reference runs it as its own parity case.
 *
 * Tolerance against the reference (src/kernels/ref, float64 sums of the same quantized
 * activations): |Δ| ≤ 2e-4·(|y| + rms(y)), as in conformance.ts — fast kernels sum in float32
 * lanes, and a float32 rounding may put an activation on the other side of a quantization step.
 * Within one implementation the bits must not depend on the batch: each token of a batch gets
 * the bits it gets alone, and a fused pass the bits of separate matmuls (exact equality).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Kernels, WeightHandle } from "../../src/kernels/types.ts";
import { createRefKernels } from "../../src/kernels/ref/index.ts";
import { QUANTIZABLE, quantizeRows } from "../../src/tensor/quantize.ts";
import { randomRows } from "../../src/tensor/random-blocks.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { GgmlType as T, typeName } from "../../src/tensor/dtypes.ts";

export const PATH_TOKENS = [1, 5, 16, 21, 37] as const;

/** Types whose kernels change with the token count (tiles, 4-/2-token kernels, widened rows, unpacked I-quants). */
const TYPES = [T.Q4_K, T.Q6_K, T.Q5_K, T.Q3_K, T.Q2_K, T.IQ4_XS, T.Q8_0, T.F16, T.BF16, T.IQ4_NL, T.IQ2_XXS, T.IQ1_S];

/** Fused passes of mixed types, as K-quant mixes lay out Q/K/V and gate/up. */
const FUSED: readonly (readonly [number, number][])[] = [
  [[T.Q6_K, 24], [T.Q4_K, 20]], // gate Q6_K, up Q4_K
  [[T.Q4_K, 20], [T.Q4_K, 8], [T.Q6_K, 8]], // Q4_K_M's q, k and a Q6_K v
  [[T.Q5_K, 20], [T.Q6_K, 8]], // Q5_K_M
  [[T.Q3_K, 20], [T.Q4_K, 8]], // Q3_K_M
  [[T.IQ4_XS, 16], [T.Q6_K, 8]],
];

const ROWS = 20, COLS = 512;

function close(got: Float32Array, want: Float32Array, what: string): void {
  const scale = Math.sqrt(want.reduce((s, v) => s + v * v, 0) / want.length);
  for (let i = 0; i < got.length; i++) {
    const tol = 2e-4 * (Math.abs(want[i]!) + scale);
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) assert.fail(`${what}: element ${i}: ${got[i]} vs ${want[i]} (tolerance ${tol})`);
  }
}

function sameBits(got: Float32Array, want: Float32Array, what: string): void {
  const a = new Uint32Array(got.buffer, got.byteOffset, got.length), b = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) assert.fail(`${what}: element ${i}: ${got[i]} vs ${want[i]}`);
}

export function runPathConformance<A, H>(label: string, make: () => Kernels<A, H> | Promise<Kernels<A, H>>): void {
  const rng = new Rng(7, "paths");
  const rand = (n: number, std = 1) => rng.fillNormal(new Float32Array(n), 0, std);
  const weightBytes = (type: number, rows: number) =>
    QUANTIZABLE.has(type) ? quantizeRows(type, rand(rows * COLS, 0.05), rows, COLS) : randomRows(type, rows, COLS, 0.05, () => rng.uniform());

  async function upload<X, Y>(K: Kernels<X, Y>, type: number, rows: number, bytes: Uint8Array): Promise<WeightHandle> {
    const up = K.allocWeight("w", type, rows, COLS);
    up.bytes.set(bytes);
    up.commit();
    return up.handle;
  }
  async function matmul<X, Y>(K: Kernels<X, Y>, ws: readonly WeightHandle[], x: Float32Array, n: number): Promise<Float32Array[]> {
    const xs = K.constant(x);
    const ys = ws.map((w) => K.allocF32(n * w.rows));
    if (ws.length === 1) K.matmul(ws[0]!, xs, n, ys[0]!);
    else K.matmulSameInput(ws, xs, n, ys);
    const out = ws.map((w) => new Float32Array(n * w.rows));
    ys.forEach((y, i) => K.toHost(y, 0, out[i]!.length, out[i]!));
    await K.sync();
    return out;
  }

  test(`${label}: matmul at n ∈ {${PATH_TOKENS.join(", ")}} matches the reference, each token the bits it gets alone`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      for (const type of TYPES) {
        const bytes = weightBytes(type, ROWS);
        const w = await upload(K, type, ROWS, bytes), r = await upload(R, type, ROWS, bytes);
        for (const n of PATH_TOKENS) {
          const x = rand(n * COLS);
          x[3] = 25; // one large activation: its block's codes reach ±127
          const [got] = await matmul(K, [w], x, n);
          const [want] = await matmul(R, [r], x, n);
          close(got!, want!, `${typeName(type)} n=${n}`);
          if (n === 1) continue;
          for (const t of [0, n - 1]) {
            const [alone] = await matmul(K, [w], x.subarray(t * COLS, (t + 1) * COLS), 1);
            sameBits(got!.subarray(t * ROWS, (t + 1) * ROWS), alone!, `${typeName(type)} n=${n} token ${t} vs alone`);
          }
        }
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: fused mixed-type matmuls (gate/up, q/k/v) at n ∈ {${PATH_TOKENS.join(", ")}} match the reference and the separate matmuls' bits`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      for (const spec of FUSED) {
        const bytes = spec.map(([type, rows]) => weightBytes(type, rows));
        const ws = await Promise.all(spec.map(([type, rows], i) => upload(K, type, rows, bytes[i]!)));
        const rs = await Promise.all(spec.map(([type, rows], i) => upload(R, type, rows, bytes[i]!)));
        const name = spec.map(([type]) => typeName(type)).join("+");
        for (const n of PATH_TOKENS) {
          const x = rand(n * COLS);
          const fused = await matmul(K, ws, x, n);
          const want = await matmul(R, rs, x, n);
          for (let i = 0; i < ws.length; i++) {
            close(fused[i]!, want[i]!, `${name} weight ${i} n=${n}`);
            const [alone] = await matmul(K, [ws[i]!], x, n);
            sameBits(fused[i]!, alone!, `${name} weight ${i} n=${n}: fused vs separate`);
          }
        }
      }
    } finally {
      await K.dispose();
    }
  });
}
