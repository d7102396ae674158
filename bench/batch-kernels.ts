/**
 * Batched decode at the kernel level: what a matmul of n tokens costs against one token, per
 * weight type (the 1.7B ffn_up, 6144 × 2048), for the n that n concurrent sequences' decode steps
 * give the scheduler; and, alternating in one process, Q4_K's tile kernels (each 16-row tile
 * unpacked once, kq-prompt.ts) against its 4- and 2-token kernels for the same n, which is how
 * exports.ts Q4K_TILE_MIN_TOKENS_DEFAULT was chosen. Both Q4_K paths give the same bits.
 * Run alone: `node bench/batch-kernels.ts [--threads 2]`.
 */
import { createWasmKernels } from "../src/kernels/wasm/index.ts";
import { lcg, randomWeights } from "../test/kernels-wasm/local-ref.ts";

const i = process.argv.indexOf("--threads");
const threads = i >= 0 ? Number(process.argv[i + 1]) : 2;
const [rows, cols] = [6144, 2048];
const K = await createWasmKernels({ threads });

/** Seconds per call after a warm-up call, over a window of `ms`. */
function seconds(run: () => void, ms: number): number {
  run();
  let reps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    run();
    reps++;
  }
  return (performance.now() - t0) / 1000 / reps;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

console.log(`${K.name}, ${process.version}; ratios are measured in one process, alternating`);
console.log(`matmul ${rows} × ${cols}: time for n tokens ÷ time for 1 (medians of 5 rounds)`);
const ns = [1, 2, 3, 4, 6, 8, 12, 16];
console.log(`  type  ${ns.map((n) => `n=${n}`.padStart(6)).join(" ")}`);
for (const [name, type] of [["Q4_K", 12], ["Q6_K", 14], ["Q8_0", 8]] as const) {
  const w = K.allocWeight("w", type, rows, cols);
  w.bytes.set(randomWeights(type, rows, cols, lcg(type)));
  w.commit();
  const xs = ns.map((n) => ({ n, x: K.allocF32(cols * n).map((_, j) => Math.sin(j * 0.37)), y: K.allocF32(rows * n) }));
  const ratios = ns.map(() => [] as number[]);
  for (let round = 0; round < 5; round++) {
    const t = xs.map(({ n, x, y }) => seconds(() => K.matmul(w.handle, x, n, y), 150));
    t.forEach((s, k) => ratios[k]!.push(s / t[0]!));
  }
  console.log(`  ${name.padEnd(5)} ${ratios.map((r) => median(r).toFixed(2).padStart(6)).join(" ")}`);
}

console.log("Q4_K tile kernels from n tokens against the 4-/2-token kernels (time ratio, > 1: tiles faster; median of 7 alternations):");
const q4 = K.allocWeight("q4", 12, rows, cols);
q4.bytes.set(randomWeights(12, rows, cols, lcg(12)));
q4.commit();
for (const n of [4, 6, 8, 10, 12, 15]) {
  const x = K.allocF32(cols * n).map((_, j) => Math.sin(j * 0.37));
  const y = K.allocF32(rows * n);
  const r: number[] = [];
  for (let k = 0; k < 7; k++) {
    K.setQ4kTileMinTokens(16);
    const small = seconds(() => K.matmul(q4.handle, x, n, y), 150);
    K.setQ4kTileMinTokens(n);
    const tiles = seconds(() => K.matmul(q4.handle, x, n, y), 150);
    r.push(small / tiles);
  }
  console.log(`  n=${String(n).padEnd(3)} ${median(r).toFixed(2)}×`);
}
await K.dispose();
