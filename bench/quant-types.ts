/**
 * Decode (and prompt) speed per weight type against llama.cpp in the same run: for each file
 * type, a random-weight model of a MedPsy shape (made once into bench/.cache/ by makeTestModel;
 * `--pure` gives every 2-D tensor the type, as llama-quantize --pure, else llama.cpp's mix), then
 * rounds of medpsy and llama.cpp (node-llama-cpp 3.21.1), each in its own child process, one
 * after the other, the order alternated round by round (src/bench/compare.ts, as `medpsy bench
 * --compare-llama-cpp`). Prints per type: file size, both decode rates, the median of the
 * per-round decode ratios, the same for prompts, and the bytes each engine reads per second in
 * decode (the file size × tok/s: a weight-bound step reads every weight once).
 * Run on a quiet machine:
 *   node bench/quant-types.ts [--shape 1.7b] [--types q8_0,q6_k,q5_k,q4_k,q3_k,iq4_xs] [--pure]
 *     [--threads 2] [--rounds 3] [--prompt 64] [--gen 64]
 * A --types name is a make-test-model --dtype (q3_k_m, iq4_xs, …); with --pure, the type names
 * q3_k, q4_k, q5_k stand for q3_k_m, q4_k_m, q5_k_m (whose main types they are).
 */
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { makeTestModel, SHAPE_NAMES, TEST_DTYPES, type ShapeName, type TestDtype } from "../src/testmodel/index.ts";
import { roundOrder, runChild, summarize } from "../src/bench/compare.ts";
import { describeHost } from "../src/bench/host.ts";
import type { BenchResult } from "../src/bench/types.ts";

const { values: flags } = parseArgs({
  options: {
    shape: { type: "string", default: "1.7b" },
    types: { type: "string", default: "q8_0,q6_k,q5_k,q4_k,q3_k,iq4_xs" },
    pure: { type: "boolean", default: false },
    threads: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    prompt: { type: "string", default: "64" },
    gen: { type: "string", default: "64" },
  },
});

const ALIAS: Record<string, TestDtype> = { q3_k: "q3_k_m", q4_k: "q4_k_m", q5_k: "q5_k_m" };
const shape = flags.shape as ShapeName;
if (!SHAPE_NAMES.includes(shape)) throw new Error(`--shape: one of ${SHAPE_NAMES.join(", ")}; found ${shape}`);
const dtypes = flags.types.split(",").map((t) => {
  const name = t.trim().toLowerCase();
  const d = (flags.pure ? ALIAS[name] : undefined) ?? name;
  if (!TEST_DTYPES.includes(d as TestDtype)) throw new Error(`--types: each one of ${TEST_DTYPES.join(", ")} (with --pure also q3_k, q4_k, q5_k); found ${t}`);
  return d as TestDtype;
});
const count = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: a positive integer; found ${v}`);
  return n;
};
const threads = count("threads", flags.threads), rounds = count("rounds", flags.rounds);
const promptTokens = count("prompt", flags.prompt), genTokens = count("gen", flags.gen);

const cache = join(dirname(fileURLToPath(import.meta.url)), ".cache");
mkdirSync(cache, { recursive: true });

/** The model file of one type, made on first use (written aside, then renamed: never half a file). */
async function modelFor(dtype: TestDtype): Promise<string> {
  const out = join(cache, `medpsy-${shape}-${dtype}${flags.pure ? "-pure" : ""}.gguf`);
  if (existsSync(out)) return out;
  process.stderr.write(`making ${out} …\n`);
  await makeTestModel({ shape, dtype, format: "gguf", seed: 1, out: out + ".part", pure: flags.pure });
  renameSync(out + ".part", out);
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rows: string[][] = [["type", "file MB", "medpsy decode tok/s", "llama.cpp decode tok/s", "decode ratio", "prompt ratio", "decode GB/s medpsy / llama.cpp"]];
console.log(`shape ${shape}${flags.pure ? " --pure" : " (llama.cpp's mixes)"}, ${threads} threads, prompt ${promptTokens}, gen ${genTokens}, ${rounds} rounds (engine order alternated); ratios are medians of per-round ratios`);
console.log(`host: ${describeHost()}`);
for (const dtype of dtypes) {
  const model = await modelFor(dtype);
  const bytes = statSync(model).size;
  const params = { model, threads, promptTokens, genTokens };
  const got: BenchResult[][] = [];
  for (let r = 0; r < rounds; r++) {
    const round = new Map<string, BenchResult>();
    for (const engine of roundOrder(["medpsy", "llama.cpp"] as const, r)) round.set(engine, await runChild(engine, params));
    got.push([round.get("medpsy")!, round.get("llama.cpp")!]);
  }
  const s = summarize(got);
  const [ours, peer] = s.results as [BenchResult, BenchResult];
  const decodeRatio = median(got.map(([a, b]) => a!.decodeTokensPerSecond / b!.decodeTokensPerSecond));
  const promptRatio = median(got.map(([a, b]) => a!.promptTokensPerSecond / b!.promptTokensPerSecond));
  const gbs = (tps: number) => ((bytes * tps) / 1e9).toFixed(1);
  rows.push([
    dtype + (flags.pure ? " pure" : ""), (bytes / 1e6).toFixed(0), ours.decodeTokensPerSecond.toFixed(2), peer.decodeTokensPerSecond.toFixed(2),
    decodeRatio.toFixed(2) + "×", promptRatio.toFixed(2) + "×", `${gbs(ours.decodeTokensPerSecond)} / ${gbs(peer.decodeTokensPerSecond)}`,
  ]);
  console.log(`${dtype}: decode ${ours.decodeTokensPerSecond.toFixed(2)} vs ${peer.decodeTokensPerSecond.toFixed(2)} tok/s (${decodeRatio.toFixed(2)}×), prompt ${promptRatio.toFixed(2)}×${ours.notes ? `; medpsy ${ours.notes}` : ""}`);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log("\n" + rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n"));
