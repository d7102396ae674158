/**
 * How far llama.cpp's own CPU builds disagree on the logits-parity cases, and how far medpsy is
 * from each: the measurements the tolerances of test/parity/logits.test.ts rest on.
 *
 * node-llama-cpp ships one ggml CPU build per x86 generation and loads the best this CPU runs.
 * This script evaluates every case with that build, then hides its library (renamed in
 * node_modules, restored at the end, on Ctrl-C, and at the next start if a run was killed) so
 * llama.cpp falls back to the next build, and so on for `--builds N` builds (default 2).
 *
 * Run alone: `npx node scripts/llama-cpu-builds.ts [--builds 2]`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadModel } from "../src/index.ts";
import { compareLogProbs, logSoftmax, type Comparison } from "../test/helpers/compare.ts";
import { loadReference, referenceCpuBuild, referenceLlama } from "../test/helpers/llama.ts";
import { testModel } from "../test/helpers/models.ts";
import { CASES, PROMPTS } from "../test/parity/logits-cases.ts";

const HIDDEN = ".hidden-by-medpsy";
const caseKey = (c: { shape: string; dtype: string }) => `${c.shape} ${c.dtype}`;

interface BuildRun {
  build: string;
  library: string;
  /** case → per prompt: log-probs in one batch, and token by token. */
  logProbs: Record<string, Array<{ batch: number[]; single: number[] }>>;
}

/** Child: evaluates every case with whichever CPU build llama.cpp loads now. */
async function child(out: string): Promise<void> {
  const llama = await referenceLlama();
  const run: BuildRun = { build: "", library: "", logProbs: {} };
  for (const c of CASES) {
    const ref = await loadReference(await testModel(c));
    run.logProbs[caseKey(c)] = [];
    for (const p of PROMPTS) {
      const ids = ref.tokenize(p, true);
      const toList = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : -1e30));
      run.logProbs[caseKey(c)]!.push({ batch: toList(await ref.logProbs(ids)), single: toList(await ref.logProbs(ids, 1)) });
    }
    await ref.dispose();
  }
  await llama.dispose();
  // Read last: node-llama-cpp delivers its load log asynchronously.
  run.build = referenceCpuBuild();
  run.library = readdirSync(binsDir()).find((f) => f.includes(`ggml-cpu-${run.build}.`)) ?? "";
  writeFileSync(out, JSON.stringify(run));
}

function binsDir(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "@node-llama-cpp");
  const pkg = readdirSync(root).find((d) => d === `${process.platform}-${process.arch}`);
  if (!pkg) throw new Error(`no node-llama-cpp prebuilt package for ${process.platform}-${process.arch} under ${root}`);
  return join(root, pkg, "bins", `${process.platform}-${process.arch}`);
}

function restoreHidden(): void {
  const dir = binsDir();
  for (const f of readdirSync(dir)) if (f.endsWith(HIDDEN)) renameSync(join(dir, f), join(dir, f.slice(0, -HIDDEN.length)));
}

const worst = (cs: Comparison[]) => ({
  maxAbsDiff: Math.max(...cs.map((c) => c.maxAbsDiff)),
  kl: Math.max(...cs.map((c) => c.kl)),
  argmax: cs.every((c) => c.argmaxOurs === c.argmaxTheirs) ? "same" : "DIFFERS",
});
const fmt = (w: ReturnType<typeof worst>) => `max|Δ| ${w.maxAbsDiff.toFixed(4)}  KL ${w.kl.toExponential(1)}  argmax ${w.argmax}`;
const lp = (a: number[]) => Float64Array.from(a);

async function parent(builds: number): Promise<void> {
  restoreHidden();
  const onSignal = () => {
    restoreHidden();
    process.exit(130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const dir = mkdtempSync(join(tmpdir(), "medpsy-llama-builds-"));
  const runs: BuildRun[] = [];
  try {
    for (let i = 0; i < builds; i++) {
      const out = join(dir, `${i}.json`);
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", out], { stdio: "inherit" });
      if (r.status !== 0 || !existsSync(out)) throw new Error(`evaluating with llama.cpp build #${i + 1} failed (exit ${r.status})`);
      const run = JSON.parse(readFileSync(out, "utf8")) as BuildRun;
      runs.push(run);
      console.log(`build #${i + 1}: ${run.build} (${run.library})`);
      if (i + 1 < builds) {
        if (!run.library || run.build === "x64") break; // nothing left to fall back to
        renameSync(join(binsDir(), run.library), join(binsDir(), run.library + HIDDEN));
      }
    }
  } finally {
    restoreHidden();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("\nworst over the prompts of each case (log-probs; KL(reference ‖ other) in nats)");
  for (const c of CASES) {
    const key = caseKey(c);
    const model = await loadModel(await testModel(c), { contextLength: 256 });
    const ours = PROMPTS.map((p) => logSoftmax(model.logits(model.tokenize(p, { special: true }))));
    await model.close();
    console.log(`\n${key}`);
    runs.forEach((run, b) => {
      const ref = run.logProbs[key]!;
      console.log(`  medpsy vs ${run.build.padEnd(16)} ${fmt(worst(ours.map((o, i) => compareLogProbs(o, lp(ref[i]!.batch)))))}`);
      console.log(`  ${run.build} token by token vs batch`.padEnd(29) + ` ${fmt(worst(ref.map((r) => compareLogProbs(lp(r.single), lp(r.batch)))))}`);
      for (const other of runs.slice(b + 1)) {
        const o = other.logProbs[key]!;
        console.log(`  ${other.build} vs ${run.build}`.padEnd(29) + ` ${fmt(worst(o.map((r, i) => compareLogProbs(lp(r.batch), lp(ref[i]!.batch)))))}`);
      }
    });
  }
}

const args = process.argv.slice(2);
if (args[0] === "--child") await child(args[1]!);
else {
  const at = args.indexOf("--builds");
  const builds = at >= 0 ? Number(args[at + 1]) : 2;
  if (!Number.isInteger(builds) || builds < 1) throw new Error(`--builds expects a whole number ≥ 1, got ${args[at + 1]}`);
  await parent(builds);
}
