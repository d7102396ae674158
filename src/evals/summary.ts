/**
 * The summary of an output folder, computed from the stored per-item results (so a resumed run
 * summarises exactly like an uninterrupted one):
 * { benchmarks: { NAME: { metric, mean, std, runs, n, truncated, themes?, subsets?, tokens } }, closed_average? }
 */
import { BENCHMARKS, CLOSED } from "./benchmarks.ts";
import { MMLU_HEALTH_SUBJECTS } from "./loaders/mcq.ts";
import { scoreHealthBench, type HealthBenchScores, type Metric } from "./healthbench-score.ts";
import { mean, median, percentile, std } from "./stats.ts";
import { listRuns, readMeta, readRun } from "./store.ts";
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
  benchmarks: Record<string, BenchmarkSummary>;
  /** Mean of the seven closed-ended benchmarks (when all were run), as the card averages them. */
  closed_average?: number;
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
  const summary: EvalSummary = { model: meta?.label ?? out, benchmarks: {} };
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
      if (b.name === "mmlu_health") {
        s.subsets = {};
        for (const sub of MMLU_HEALTH_SUBJECTS) {
          const xs = all.filter((r) => r.subset === sub);
          if (xs.length) s.subsets[sub] = mean(xs.map((r) => (r.correct ? 1 : 0)));
        }
      }
      summary.benchmarks[b.name] = s;
    } else {
      const scores = runs.map((rs, i) => scoreHealthBench(rs.map((r) => ({ tags: r.tags ?? [], verdicts: r.verdicts ?? [] })), i));
      const perRun = scores.map((s) => s.overall.value);
      // Per-run values averaged over runs (a theme or tag absent from a run is left out of its mean).
      const overRuns = (pick: (r: HealthBenchScores) => Record<string, Metric>, field: "value" | "bootstrapStd") => {
        const out: Record<string, number> = {};
        for (const name of new Set(scores.flatMap((r) => Object.keys(pick(r))))) out[name] = mean(scores.map((r) => pick(r)[name]?.[field]).filter((x): x is number => x !== undefined));
        return out;
      };
      const verdicts = all.flatMap((r) => r.verdicts ?? []);
      summary.benchmarks[b.name] = {
        metric: "healthbench_score",
        mean: mean(perRun),
        std: std(perRun),
        runs: perRun,
        n: runs[0]!.length,
        truncated,
        themes: overRuns((r) => r.themes, "value"),
        bootstrapStd: mean(scores.map((r) => r.overall.bootstrapStd)),
        themeBootstrapStd: overRuns((r) => r.themes, "bootstrapStd"),
        rubricTags: overRuns((r) => r.rubricTags, "value"),
        judgeParseRetries: verdicts.reduce((a, v) => a + (v.parseRetries ?? 0), 0),
        judgeParseFailures: verdicts.filter((v) => v.failed).length,
        tokens,
      };
    }
  }
  if (CLOSED.every((c) => summary.benchmarks[c])) summary.closed_average = mean(CLOSED.map((c) => summary.benchmarks[c]!.mean));
  return summary;
}
