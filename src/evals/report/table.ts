/** The card's table as rows of cells, shared by the Markdown and HTML renderers. */
import { BENCHMARKS } from "../benchmarks.ts";
import { CARD } from "../card-numbers.ts";
import { MAX_PARSE_RETRIES } from "../judge.ts";
import type { EvalSummary } from "../summary.ts";

export const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "—" : (100 * x).toFixed(2));
export const cell = (mean: number | undefined, sd: number | undefined) => (mean === undefined ? "—" : sd ? `${pct(mean)} ± ${pct(sd)}` : pct(mean));

export interface Table {
  header: string[];
  rows: string[][];
}

export function scoreTable(models: EvalSummary[]): Table {
  const header = ["Benchmark", ...models.map((m) => m.model), CARD.label];
  const rows: string[][] = [];
  for (const b of BENCHMARKS) {
    if (!models.some((m) => m.benchmarks[b.name])) continue;
    rows.push([b.title, ...models.map((m) => cell(m.benchmarks[b.name]?.mean, m.benchmarks[b.name]?.std)), pct(CARD.benchmarks[b.name])]);
    if (b.metric === "healthbench_score") {
      const themes = new Set(models.flatMap((m) => Object.keys(m.benchmarks[b.name]?.themes ?? {})));
      for (const t of [...themes].sort()) rows.push([`  ${t}`, ...models.map((m) => pct(m.benchmarks[b.name]?.themes?.[t])), "—"]);
    }
  }
  if (models.some((m) => m.closed_average !== undefined)) rows.push(["Closed-ended average", ...models.map((m) => pct(m.closed_average)), pct(CARD.closedAverage)]);
  return { header, rows };
}

export function lengthTable(models: EvalSummary[]): Table {
  const header = ["Benchmark", ...models.flatMap((m) => [`${m.model} reasoning`, `${m.model} answer`, `${m.model} total (median / p95)`])];
  const rows: string[][] = [];
  for (const b of BENCHMARKS) {
    if (!models.some((m) => m.benchmarks[b.name])) continue;
    rows.push([
      b.title,
      ...models.flatMap((m) => {
        const t = m.benchmarks[b.name]?.tokens;
        if (!t) return ["—", "—", "—"];
        const est = t.estimated ? " (est.)" : "";
        return [t.reasoning.mean.toFixed(0) + est, t.answer.mean.toFixed(0) + est, `${t.total.mean.toFixed(0)} (${t.total.median.toFixed(0)} / ${t.total.p95.toFixed(0)})${est}`];
      }),
    ]);
  }
  return { header, rows };
}

/** Mean total tokens per response, averaged over the benchmarks `names`. */
export function meanTokens(m: EvalSummary, names: string[]): number {
  const xs = names.map((n) => m.benchmarks[n]!.tokens.total.mean);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/**
 * "B writes 3.20× the tokens of A" for the first two models, over the benchmarks both ran (as the
 * card compares MedPsy with its base model).
 */
export function lengthRatio(models: EvalSummary[]): string | undefined {
  if (models.length < 2) return undefined;
  const [first, second] = [models[0]!, models[1]!];
  const common = BENCHMARKS.map((b) => b.name).filter((n) => first.benchmarks[n] && second.benchmarks[n]);
  const [a, b] = [meanTokens(first, common), meanTokens(second, common)];
  if (!(a > 0 && b > 0)) return undefined;
  const est = [first, second].some((m) => common.some((n) => m.benchmarks[n]!.tokens.estimated)) ? " (partly estimated)" : "";
  return `${second.model} writes ${(b / a).toFixed(2)}× the tokens of ${first.model} per response (${b.toFixed(0)} vs ${a.toFixed(0)}, mean over ${common.length} benchmark${common.length === 1 ? "" : "s"}${est}); the card reports ${(CARD.tokensPerResponse.base / CARD.tokensPerResponse.medpsy).toFixed(1)}× (${CARD.tokensPerResponse.base} vs ${CARD.tokensPerResponse.medpsy}).`;
}

/** What a reader should know besides the numbers: truncations, judge trouble, bootstrap spread. */
export function reportNotes(models: EvalSummary[]): string[] {
  return models.flatMap((m) =>
    Object.entries(m.benchmarks).flatMap(([name, b]) => [
      ...(b.truncated ? [`${m.model}, ${name}: ${b.truncated} outputs never closed their reasoning (scored wrong).`] : []),
      ...(b.metric === "healthbench_score" ? [`${m.model}, ${name}: bootstrap std ${pct(b.bootstrapStd)} (1,000 resamples over ${b.n} examples).`] : []),
      ...(b.judgeParseRetries ? [`${m.model}, ${name}: ${b.judgeParseRetries} judge replies did not parse and were asked again.`] : []),
      ...(b.judgeParseFailures ? [`${m.model}, ${name}: ${b.judgeParseFailures} rubric items got no parseable verdict in ${MAX_PARSE_RETRIES + 1} tries (counted as not met).`] : []),
    ]),
  );
}
