/**
 * One-token (decode) matvecs of the given weight types on MedPsy-4B's ffn_up shape (9728 × 2560),
 * this build against another copy of the sources (e.g. `git archive main src | tar -x -C /tmp/base`),
 * both in this process, alternating pass by pass: each pass's rate over the other build's rate in
 * the same round, median over rounds (in-process ratios: fair while the host is shared).
 * Run: `node bench/kernels-ab.ts BASE_SRC_DIR [rounds] [TYPE,TYPE,…] [threads]`; env ROWS (512: one matrix
 * in cache, the kernel alone), MB (weights per type, 128: from DRAM), TOKENS (16: prompt matmuls).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createWasmKernels } from "../src/kernels/wasm/index.ts";
import type { Kernels, WeightHandle } from "../src/kernels/types.ts";
import { TYPE_TRAITS, typeFromName, typeName } from "../src/tensor/dtypes.ts";
import { randomRows } from "../src/tensor/random-blocks.ts";
import { Rng } from "../src/sampling/rng.ts";

const baseDir = resolve(process.argv[2] ?? "");
const rounds = Number(process.argv[3] ?? 7);
const types = (process.argv[4] ?? "Q4_K,Q5_K,Q3_K,IQ4_XS,Q6_K").split(",").map((n) => typeFromName(n)!);
const threads = Number(process.argv[5] ?? 1);
const TOKENS = Number(process.env.TOKENS ?? 1); // TOKENS=16: prompt matmuls instead
const ROWS = Number(process.env.ROWS ?? 9728), COLS = 2560; // ROWS=512: one matrix in L2, the kernel alone
const base = (await import(pathToFileURL(`${baseDir}/kernels/wasm/index.ts`).href)) as { createWasmKernels: typeof createWasmKernels };

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;

interface Build { K: Kernels; mats: Map<number, WeightHandle[]>; x: Float32Array; y: Float32Array }

async function setUp(create: typeof createWasmKernels): Promise<Build> {
  const K = await create({ threads, decodeStreams: "long" });
  const rng = new Rng(1, "bench");
  const mats = new Map<number, WeightHandle[]>();
  for (const t of types) {
    const tr = TYPE_TRAITS.get(t)!;
    const bytes = (ROWS * COLS / tr.blockSize) * tr.typeSize;
    const w = randomRows(t, ROWS, COLS, 0.02, () => rng.uniform());
    const list: WeightHandle[] = [];
    for (let i = 0; i < Math.ceil(Number(process.env.MB ?? 128) * 1e6 / bytes); i++) {
      const up = K.allocWeight("w", t, ROWS, COLS);
      up.bytes.set(w);
      up.commit();
      list.push(up.handle);
    }
    mats.set(t, list);
  }
  return { K, mats, x: K.allocF32(TOKENS * COLS).map((_, i) => Math.sin(i)), y: K.allocF32(TOKENS * ROWS) };
}

const pass = (b: Build, t: number, ms: number): number => {
  const list = b.mats.get(t)!;
  let k = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) b.K.matmul(list[k++ % list.length]!, b.x, TOKENS, b.y);
  return k / (performance.now() - t0);
};

const now = await setUp(createWasmKernels), old = await setUp(base.createWasmKernels);
// The two builds must agree bit for bit (one token and a 16-token prompt) before their speeds mean anything.
for (const t of types) {
  for (const n of [1, 16]) {
    const x = new Float32Array(n * COLS).map((_, i) => Math.sin(0.37 * i) * (1 + (i % 7)));
    const [a, b] = [now, old].map((B) => { const y = new Float32Array(n * ROWS); B.K.matmul(B.mats.get(t)![0]!, x, n, y); return new Uint32Array(y.buffer); });
    const bad = a!.findIndex((v, i) => v !== b![i]);
    if (bad >= 0) throw new Error(`${typeName(t)} n ${n}: output ${bad} differs between the builds`);
  }
}
console.log(`outputs bit-identical to the base build (${types.map(typeName).join(", ")}; 1 and 16 tokens)`);
for (const t of types) { pass(now, t, 100); pass(old, t, 100); }
const vsOld = new Map<number, number[]>(), vsQ4 = new Map<number, number[]>();
for (let r = 0; r < rounds; r++) {
  const q4 = { now: 0, old: 0 };
  for (const t of types) {
    const a = pass(now, t, 200), b = pass(old, t, 200);
    if (typeName(t) === "Q4_K") { q4.now = a; q4.old = b; }
    (vsOld.get(t) ?? vsOld.set(t, []).get(t)!).push(a / b);
    if (q4.now) (vsQ4.get(t) ?? vsQ4.set(t, []).get(t)!).push(a / q4.now);
  }
}
for (const t of types) {
  console.log(`${threads} thread(s) ${TOKENS === 1 ? "decode" : `${TOKENS} tokens`} ${typeName(t).padEnd(7)} this/base ${median(vsOld.get(t)!).toFixed(2)}×` +
    (vsQ4.has(t) ? `  vs Q4_K (this build) ${median(vsQ4.get(t)!).toFixed(2)}×` : ""));
}
await now.K.dispose();
await old.K.dispose();
