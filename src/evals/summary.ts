/**
 * The summary of an output folder, computed from the stored per-item results (so a resumed run
 * summarises exactly like an uninterrupted one):
 * { benchmarks: { NAME: { metric, mean, std, runs, n, truncated, themes?, subsets?, tokens } }, closed_average? }
 */
import { BENCHMARKS, CLOSED } from "./benchmarks.ts";
import { MMLU_HEALTH_SUBJECTS } from "./loaders/mcq.ts";
import { scoreHealthBench, type HealthBenchScores, type Metric } from "./healthbench-score.ts";
import { mean, median, percentile, std } from "./stats.ts";
import { listRuns, readMeta, readRun, type EvalMeta } from "./store.ts";
import type { ItemResult } from "./types.ts";

export interface Dist { mean: number; median: number; p95: number }
export interface BenchmarkSummary {
  metric: "accuracy" | "healthbench_score";
  mean: number;
  std: number;
  runs: number[];
  /** Items per run. */
  n: number;
  /** Outputs that never closed their reasoning (all runs). */
  truncated: number;
  /** Extraction rules that matched (closed-ended), all runs. */
  rules?: Record<string, number>;
  subsets?: Record<string, number>;
  /** HealthBench: the seven themes' scores, mean over runs (empty for closed-ended benchmarks). */
  themes: Record<string, number>;
  /** HealthBench: sample std of each theme's score over runs. */
  themeStd?: Record<string, number>;
  /** Why this benchmark's number is not a finished evaluation (e.g. "2 of 3 runs", "1 of 6 subjects"); absent when complete. */
  incomplete?: string[];
  /** HealthBench: seeded bootstrap std (1,000 resamples over examples), mean over runs. */
  bootstrapStd?: number;
  themeBootstrapStd?: Record<string, number>;
  /** HealthBench: scores over the rubric items carrying each tag (axis:…, level:…), mean over runs. */
  rubricTags?: Record<string, number>;
  /** Judge replies that did not parse and were asked again (bounded), and items whose every reply failed. */
  judgeParseRetries?: number;
  judgeParseFailures?: number;
  tokens: { reasoning: Dist; answer: Dist; total: Dist; estimated: boolean };
}
export interface EvalSummary {
  model: string;
  /** Which results these are: the folder, and how they were made (from meta.json). */
  run: RunInfo;
  benchmarks: Record<string, BenchmarkSummary>;
  /** Mean of the seven closed-ended benchmarks (when all were run), as the card averages them. */
  closed_average?: number;
  /** Some benchmark under closed_average is incomplete. */
  closed_average_incomplete?: boolean;
  /** Benchmarks the evaluation was asked for that hold no result yet. */
  missing?: string[];
}

export interface RunInfo {
  dir: string;
  source?: EvalMeta["source"];
  judge?: string;
  seeds: number[];
  limit?: number;
  maxTokens?: number;
  started?: string;
}

const dist = (xs: number[]): Dist => ({ mean: mean(xs), median: median(xs), p95: percentile(xs, 95) });

function accuracy(results: ItemResult[], subsets: boolean): number {
  if (!subsets) return mean(results.map((r) => (r.correct ? 1 : 0)));
  // MMLU health: the card's number is the mean of the six subject accuracies.
  const per = MMLU_HEALTH_SUBJECTS.map((s) => results.filter((r) => r.subset === s)).filter((xs) => xs.length > 0);
  return mean(per.map((xs) => mean(xs.map((r) => (r.correct ? 1 : 0)))));
}

/**
 * One result per item, in dataset order: workers finish in any order (and two processes might
 * both store an item), but the summary — sums and the bootstrap — must not depend on it.
 */
function canonical(results: ItemResult[]): ItemResult[] {
  const byId = new Map<string, ItemResult>();
  for (const r of results) if (!byId.has(r.id)) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function summarize(out: string): EvalSummary {
  const meta = readMeta(out);
  const found = listRuns(out);
  const run: RunInfo = { dir: out, source: meta?.source, judge: meta?.judge?.model, seeds: meta?.seeds ?? [], limit: meta?.limit, maxTokens: meta?.sampling.maxTokens, started: meta?.started };
  const summary: EvalSummary = { model: meta?.label ?? out, run, benchmarks: {} };
  for (const b of BENCHMARKS) {
    const runNumbers = found.get(b.name);
    if (!runNumbers) continue;
    const runs = runNumbers.map((r) => canonical(readRun(out, b.name, r)));
    const all = runs.flat();
    const tokens = {
      reasoning: dist(all.map((r) => r.tokens.reasoning)),
      answer: dist(all.map((r) => r.tokens.answer)),
      total: dist(all.map((r) => r.tokens.reasoning + r.tokens.answer)),
      estimated: all.some((r) => r.tokens.estimated),
    };
    const truncated = all.filter((r) => r.truncated).length;
    if (b.metric === "accuracy") {
      const perRun = runs.map((rs) => accuracy(rs, b.name === "mmlu_health"));
      const rules: Record<string, number> = {};
      for (const r of all) rules[r.rule ?? "none"] = (rules[r.rule ?? "none"] ?? 0) + 1;
      const s: BenchmarkSummary = { metric: "accuracy", mean: mean(perRun), std: std(perRun), runs: perRun, n: runs[0]!.length, truncated, themes: {}, rules, tokens };
      const gaps = incompleteness(runs, runNumbers, meta, b.name);
      if (b.name === "mmlu_health") {
        s.subsets = {};
        for (const sub of MMLU_HEALTH_SUBJECTS) {
          const xs = all.filter((r) => r.subset === sub);
          if (xs.length) s.subsets[sub] = mean(xs.map((r) => (r.correct ? 1 : 0)));
        }
        const subjects = Object.keys(s.subsets).length;
        if (subjects < MMLU_HEALTH_SUBJECTS.length) gaps.push(`${subjects} of ${MMLU_HEALTH_SUBJECTS.length} subjects`);
      }
      if (gaps.length) s.incomplete = gaps;
      summary.benchmarks[b.name] = s;
    } else {
      const scores = runs.map((rs, i) => scoreHealthBench(rs.map((r) => ({ tags: r.tags ?? [], verdicts: r.verdicts ?? [] })), i));
      const perRun = scores.map((s) => s.overall.value);
      // Per-run values averaged over runs (a theme or tag absent from a run is left out of its mean).
      const overRuns = (pick: (r: HealthBenchScores) => Record<string, Metric>, field: "value" | "bootstrapStd", stat = mean) => {
        const out: Record<string, number> = {};
        for (const name of new Set(scores.flatMap((r) => Object.keys(pick(r))))) out[name] = stat(scores.map((r) => pick(r)[name]?.[field]).filter((x): x is number => x !== undefined));
        return out;
      };
      const gaps = incompleteness(runs, runNumbers, meta, b.name);
      const verdicts = all.flatMap((r) => r.verdicts ?? []);
      summary.benchmarks[b.name] = {
        metric: "healthbench_score",
        mean: mean(perRun),
        std: std(perRun),
        runs: perRun,
        n: runs[0]!.length,
        truncated,
        themes: overRuns((r) => r.themes, "value"),
        themeStd: overRuns((r) => r.themes, "value", std),
        ...(gaps.length ? { incomplete: gaps } : {}),
        bootstrapStd: mean(scores.map((r) => r.overall.bootstrapStd)),
        themeBootstrapStd: overRuns((r) => r.themes, "bootstrapStd"),
        rubricTags: overRuns((r) => r.rubricTags, "value"),
        judgeParseRetries: verdicts.reduce((a, v) => a + (v.parseRetries ?? 0), 0),
        judgeParseFailures: verdicts.filter((v) => v.failed).length,
        tokens,
      };
    }
  }
  if (CLOSED.every((c) => summary.benchmarks[c])) {
    summary.closed_average = mean(CLOSED.map((c) => summary.benchmarks[c]!.mean));
    if (CLOSED.some((c) => summary.benchmarks[c]!.incomplete)) summary.closed_average_incomplete = true;
  }
  const missing = Object.keys(meta?.items ?? {}).filter((b) => !summary.benchmarks[b]);
  if (missing.length) summary.missing = missing;
  return summary;
}

/** What is missing from a benchmark's runs compared with what the evaluation set out to do. */
function incompleteness(runs: ItemResult[][], runNumbers: number[], meta: EvalMeta | undefined, name: string): string[] {
  const gaps: string[] = [];
  const wanted = meta?.seeds.length ?? runs.length;
  const present = runs.filter((r) => r.length > 0).length;
  if (present < wanted) gaps.push(`${present} of ${wanted} runs`);
  const expected = meta?.items?.[name] ?? Math.max(...runs.map((r) => r.length));
  runs.forEach((r, i) => {
    if (r.length > 0 && r.length < expected) gaps.push(`run ${runNumbers[i]! + 1}: ${r.length} of ${expected} items`);
  });
  return gaps;
}
