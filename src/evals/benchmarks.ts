/** The benchmarks of the model card: names, loaders, metric, and where their data lives. */
import { fileURLToPath } from "node:url";
import { InvalidArgumentError } from "../errors.ts";
import { loadHealthbench } from "./loaders/healthbench.ts";
import { loadAfrimedqa, loadMedmcqa, loadMedqa, loadMedxpertqa, loadMmluHealth, loadMmluProHealth } from "./loaders/mcq.ts";
import { loadPubmedqa } from "./loaders/pubmedqa.ts";
import type { BenchmarkName, EvalItem } from "./types.ts";

export interface Benchmark {
  name: BenchmarkName;
  title: string;
  metric: "accuracy" | "healthbench_score";
  /** Items of the benchmark; rows with a bad item (not a bad file) are skipped into `skipped`. */
  load(dataDir: string, skipped?: string[]): EvalItem[];
}

/** In the card's row order. */
export const BENCHMARKS: Benchmark[] = [
  { name: "mmlu_health", title: "MMLU (health, 6 subsets)", metric: "accuracy", load: loadMmluHealth },
  { name: "afrimedqa", title: "AfriMedQA", metric: "accuracy", load: loadAfrimedqa },
  { name: "mmlu_pro_health", title: "MMLU-Pro Health", metric: "accuracy", load: loadMmluProHealth },
  { name: "medmcqa", title: "MedMCQA", metric: "accuracy", load: loadMedmcqa },
  { name: "medqa", title: "MedQA (USMLE)", metric: "accuracy", load: loadMedqa },
  { name: "medxpertqa", title: "MedXpertQA", metric: "accuracy", load: loadMedxpertqa },
  { name: "pubmedqa", title: "PubMedQA", metric: "accuracy", load: loadPubmedqa },
  { name: "healthbench", title: "HealthBench", metric: "healthbench_score", load: (d) => loadHealthbench(d, "healthbench") },
  { name: "healthbench_hard", title: "HealthBench Hard", metric: "healthbench_score", load: (d) => loadHealthbench(d, "healthbench_hard") },
  { name: "healthbench_consensus", title: "HealthBench Consensus", metric: "healthbench_score", load: (d) => loadHealthbench(d, "healthbench_consensus") },
];

export const CLOSED: BenchmarkName[] = ["mmlu_health", "afrimedqa", "mmlu_pro_health", "medmcqa", "medqa", "medxpertqa", "pubmedqa"];

export function benchmark(name: string): Benchmark {
  const b = BENCHMARKS.find((x) => x.name === name);
  if (!b) throw new InvalidArgumentError(`unknown benchmark "${name}"`, { expected: `${BENCHMARKS.map((x) => x.name).join(", ")}, closed or all`, found: name });
  return b;
}

/** Expands `closed` / `all` and removes duplicates, keeping the card's order. */
export function selectBenchmarks(names: string[]): Benchmark[] {
  if (names.length === 0) throw new InvalidArgumentError("no benchmark named", { expected: "e.g. `medpsy eval closed -m FILE` or `medpsy eval medqa pubmedqa …`", found: "nothing" });
  const want = new Set<string>();
  for (const n of names) {
    if (n === "all") BENCHMARKS.forEach((b) => want.add(b.name));
    else if (n === "closed") CLOSED.forEach((b) => want.add(b));
    else want.add(benchmark(n).name);
  }
  return BENCHMARKS.filter((b) => want.has(b.name));
}

/**
 * `--data`, else MEDPSY_DATA, else ../shared/datasets beside the package root (from src/evals/ and
 * dist/evals/ alike); when missing, the loaders' error lists the paths tried there.
 */
export function defaultDataDir(): string {
  if (process.env.MEDPSY_DATA) return process.env.MEDPSY_DATA;
  return fileURLToPath(new URL("../../../shared/datasets/", import.meta.url));
}
