/** The card's table as rows of cells, shared by the Markdown and HTML renderers. */
import { BENCHMARKS } from "../benchmarks.ts";
import { CARD } from "../card-numbers.ts";
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

/** Mean total tokens per response over every benchmark run, per model. */
export function meanTokens(m: EvalSummary): number {
  const xs = Object.values(m.benchmarks).map((b) => b.tokens.total.mean);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** "A writes 3.2× fewer tokens than B" for the first two models, as the card compares MedPsy with its base. */
export function lengthRatio(models: EvalSummary[]): string | undefined {
  if (models.length < 2) return undefined;
  const [a, b] = [meanTokens(models[0]!), meanTokens(models[1]!)];
  if (!(a > 0 && b > 0)) return undefined;
  return `${models[1]!.model} writes ${(b / a).toFixed(2)}× the tokens of ${models[0]!.model} per response (${b.toFixed(0)} vs ${a.toFixed(0)}); the card reports ${(CARD.tokensPerResponse.base / CARD.tokensPerResponse.medpsy).toFixed(1)}× (${CARD.tokensPerResponse.base} vs ${CARD.tokensPerResponse.medpsy}).`;
}
