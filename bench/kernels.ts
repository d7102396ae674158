/**
 * Matrix-vector speed of the WASM kernels per weight type on MedPsy-shaped matrices
 * (ffn_up of 1.7B: 6144×2048, of 4B: 9728×2560), 1 and 2 threads, and the reference kernels
 * when src/kernels/ref exists. Prints GB/s of weights streamed (decode is bound by this).
 * Run alone: `node bench/kernels.ts [--quick]`. Random weights: speed does not depend on values.
 */
import { createWasmKernels } from "../src/kernels/wasm/index.ts";
import type { Kernels } from "../src/kernels/types.ts";
import { lcg, randomWeights, rowBytes } from "../test/kernels-wasm/local-ref.ts";

const quick = process.argv.includes("--quick");
const TYPES: [string, number][] = [["F32", 0], ["F16", 1], ["BF16", 30], ["Q8_0", 8], ["Q4_0", 2], ["Q4_K", 12], ["Q5_K", 13], ["Q6_K", 14]];
const SHAPES: [string, number, number][] = quick ? [["1.7B ffn_up", 6144, 2048]] : [["1.7B ffn_up", 6144, 2048], ["4B ffn_up", 9728, 2560]];

async function refKernels(): Promise<Kernels | undefined> {
  try {
    const m = (await import("../src/kernels/ref/index.ts")) as { createRefKernels(): Kernels };
    return m.createRefKernels();
  } catch {
    return undefined;
  }
}

/** Seconds per matvec: warm up (lets V8 tier up the wasm), then time ≥ 0.25 s. */
function time(K: Kernels, type: number, rows: number, cols: number, w: Uint8Array): number {
  const up = K.allocWeight("w", type, rows, cols);
  up.bytes.set(w);
  up.commit();
  const x = K.allocF32(cols).map((_, i) => Math.sin(i));
  const y = K.allocF32(rows);
  for (let i = 0; i < 3; i++) K.matmul(up.handle, x, 1, y);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < (quick ? 150 : 250)) {
    K.matmul(up.handle, x, 1, y);
    n++;
  }
  return (performance.now() - t0) / 1000 / n;
}

const backends: [string, () => Promise<Kernels | undefined>][] = [
  ["wasm 1t", () => createWasmKernels({ threads: 1 })],
  ["wasm 2t", () => createWasmKernels({ threads: 2 })],
  ["ref", refKernels],
];
console.log(`matvec GB/s of weights (${process.version}); 2 cores shared with other processes: treat as indicative`);
const header = ["shape", "type", "MB", ...backends.map(([b]) => b), "2t/1t"];
const table: string[][] = [];
for (const [shape, rows, cols] of SHAPES) {
  for (const [name, type] of TYPES) {
    const w = randomWeights(type, rows, cols, lcg(type + rows));
    const mb = (rows * rowBytes(type, cols)) / 1e6;
    const gbs: number[] = [];
    for (const [label, make] of backends) {
      const K = await make();
      if (!K || (label === "ref" && type !== 8 && quick)) { gbs.push(NaN); continue; }
      gbs.push(mb / 1000 / time(K, type, rows, cols, w));
      await K.dispose();
    }
    table.push([shape, name, mb.toFixed(1), ...gbs.map((g) => (Number.isNaN(g) ? "-" : g.toFixed(2))), (gbs[1]! / gbs[0]!).toFixed(2)]);
  }
}
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join("  ");
console.log(line(header));
for (const r of table) console.log(line(r));
