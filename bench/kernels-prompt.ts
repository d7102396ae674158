/**
 * Prompt-side speed of the WASM kernels on MedPsy shapes: batched matmul GMAC/s per weight type
 * (the 1.7B ffn_up, 6144 × 2048, 128 tokens, activations quantized inside the timing as in a
 * forward pass), F16 with weights drawn like a trained layer's (Gaussian, std 1/√2048: ~0.2 %
 * of them f16 subnormals) beside uniform ones, and causal attention over a 512-token prompt in
 * batches of 128 for the 1.7B and 4B head layouts. Random weights: speed does not depend on
 * values, except for f16 subnormals (which is why F16 runs twice).
 * Run alone: `node bench/kernels-prompt.ts [--threads 1] [--tokens 128]`.
 */
import { createWasmKernels } from "../src/kernels/wasm/index.ts";
import type { Kernels } from "../src/kernels/types.ts";
import { lcg, randomWeights, toF16 } from "../test/kernels-wasm/local-ref.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const threads = arg("--threads", 1);
const n = arg("--tokens", 128);
const [rows, cols] = [6144, 2048];

/** Seconds per call of `run` after a warm-up (lets V8 tier the kernels up), timed ≥ 1 s. */
function seconds(run: () => void): number {
  for (let i = 0; i < 3; i++) run();
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000) {
    run();
    reps++;
  }
  return (performance.now() - t0) / 1000 / reps;
}

function gaussianF16(count: number): Uint8Array {
  const rnd = lcg(5);
  const std = 1 / Math.sqrt(cols);
  const bits = new Uint16Array(count);
  for (let i = 0; i < count; i++) bits[i] = toF16(Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()) * std);
  return new Uint8Array(bits.buffer);
}

function matmulGmacs(K: Kernels, type: number, w: Uint8Array): number {
  const up = K.allocWeight("w", type, rows, cols);
  up.bytes.set(w);
  up.commit();
  const x = K.allocF32(cols * n).map((_, i) => Math.sin(i * 0.37));
  const y = K.allocF32(rows * n);
  return (rows * cols * n) / seconds(() => K.matmul(up.handle, x, n, y)) / 1e9;
}

function attentionMs(K: Kernels, heads: number, kvHeads: number, e: number): number {
  const P = 512, B = 128;
  const kc = K.allocF16(kvHeads * P * e), vc = K.allocF16(kvHeads * P * e);
  const q = K.allocF32(B * heads * e).map((_, i) => Math.sin(i * 0.37));
  const k = K.allocF32(B * kvHeads * e).map((_, i) => Math.cos(i * 0.11));
  const v = K.allocF32(B * kvHeads * e).map((_, i) => Math.sin(i * 0.05));
  const out = K.allocF32(B * heads * e);
  for (let at = 0; at < P; at += B) K.storeKv(k, v, kc, vc, at, B, kvHeads, e);
  return 1000 * seconds(() => { for (let at = 0; at < P; at += B) K.attention(q, kc, vc, at, B, heads, kvHeads, e, out); });
}

const K = await createWasmKernels({ threads });
console.log(`${K.name}, ${process.version}; 2 cores shared with other processes: treat as indicative`);
console.log(`matmul ${rows} × ${cols} × ${n} tokens, GMAC/s:`);
for (const [name, type] of [["Q4_K", 12], ["Q6_K", 14], ["Q8_0", 8], ["F16 uniform", 1], ["BF16", 30]] as const) {
  console.log(`  ${name.padEnd(13)} ${matmulGmacs(K, type, randomWeights(type, rows, cols, lcg(type + rows))).toFixed(1)}`);
}
console.log(`  ${"F16 Gaussian".padEnd(13)} ${matmulGmacs(K, 1, gaussianF16(rows * cols)).toFixed(1)}`);
console.log("attention, 512-token prompt in batches of 128, ms per layer:");
for (const [name, h, g] of [["1.7B (16/8)", 16, 8], ["4B (32/8)", 32, 8]] as const) {
  console.log(`  ${name.padEnd(13)} ${attentionMs(K, h, g, 128).toFixed(1)}`);
}
await K.dispose();
