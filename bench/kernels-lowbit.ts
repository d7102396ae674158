/**
 * One-token (decode) and 16-token (prompt) matrix products of the 2- to 6-bit weight types on
 * MedPsy-4B's ffn_up shape (9728 × 2560), 1 and 2 threads: each type gets matrices totalling
 * ≥ 256 MB, used in turn, so weights stream from DRAM as in decoding; types alternate round by
 * round and the median round is reported, with each type's rate against Q4_K measured in the
 * same rounds (in-process ratios: fair while the host is shared, unlike absolute figures).
 * Run: `node bench/kernels-lowbit.ts [rounds] [TYPE,TYPE,…]`. Random valid blocks: speed does not
 * depend on values.
 */
import { createWasmKernels } from "../src/kernels/wasm/index.ts";
import type { Kernels, WeightHandle } from "../src/kernels/types.ts";
import { TYPE_TRAITS, typeFromName, typeName } from "../src/tensor/dtypes.ts";
import { randomRows } from "../src/tensor/random-blocks.ts";
import { Rng } from "../src/sampling/rng.ts";

const rounds = Number(process.argv[2] ?? 5);
const names = (process.argv[3] ?? "Q4_K,Q6_K,Q5_K,Q3_K,IQ4_XS,Q2_K,IQ3_S,IQ2_XXS,IQ1_M").split(",");
const types = names.map((n) => typeFromName(n)!);
const ROWS = 9728, COLS = 2560;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function run(threads: number): Promise<void> {
  const K: Kernels = await createWasmKernels({ threads });
  const rng = new Rng(1, "bench");
  const mats = new Map<number, WeightHandle[]>();
  for (const t of types) {
    const bytes = (ROWS * COLS / TYPE_TRAITS.get(t)!.blockSize) * TYPE_TRAITS.get(t)!.typeSize;
    const w = randomRows(t, ROWS, COLS, 0.02, () => rng.uniform());
    const list: WeightHandle[] = [];
    for (let i = 0; i < Math.ceil(256e6 / bytes); i++) {
      const up = K.allocWeight("w", t, ROWS, COLS);
      up.bytes.set(w);
      up.commit();
      list.push(up.handle);
    }
    mats.set(t, list);
  }
  const x = K.allocF32(16 * COLS).map((_, i) => Math.sin(i));
  const y = K.allocF32(16 * ROWS);
  const rates = new Map<string, number[]>();
  const pass = (t: number, n: number, ms: number): number => {
    const list = mats.get(t)!;
    let k = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) K.matmul(list[k++ % list.length]!, x, n, y);
    return (k * ROWS * COLS * n) / ((performance.now() - t0) / 1000) / 1e9; // G multiply-adds/s
  };
  for (const t of types) { pass(t, 1, 100); pass(t, 16, 100); } // warm-up: V8 tiers the wasm up
  for (let r = 0; r < rounds; r++) {
    for (const t of types) {
      for (const n of [1, 16]) {
        const key = `${typeName(t)}:${n}`;
        if (!rates.has(key)) rates.set(key, []);
        rates.get(key)!.push(pass(t, n, 300));
      }
    }
  }
  for (const n of [1, 16]) {
    const base = rates.get(`Q4_K:${n}`);
    for (const t of types) {
      const r = rates.get(`${typeName(t)}:${n}`)!;
      const gb = (median(r) * 1e9 / (ROWS * COLS * n)) * (ROWS * COLS / TYPE_TRAITS.get(t)!.blockSize) * TYPE_TRAITS.get(t)!.typeSize / 1e9;
      const vs = base ? ` ${(median(r.map((v, i) => v / base[i]!))).toFixed(2)}× Q4_K` : "";
      console.log(`${threads} thread(s) ${n === 1 ? "decode" : "prompt 16"} ${typeName(t).padEnd(8)} ${median(r).toFixed(2).padStart(6)} GMAC/s${n === 1 ? `  ${gb.toFixed(1).padStart(5)} GB/s` : ""}${vs}`);
    }
  }
  await K.dispose();
}

for (const threads of [1, 2]) await run(threads);
