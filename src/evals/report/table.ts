/**
 * The card's table as rows of cells, shared by the Markdown and HTML renderers: our results, one
 * column per results folder (labelled by model and, where two would read the same, by folder),
 * next to every number the model card publishes for the same rows.
 */
import { basename } from "node:path";
import { BENCHMARKS, CLOSED } from "../benchmarks.ts";
import { loadCard, themeKey, type Card } from "../card-numbers.ts";
import { THEMES } from "../healthbench-score.ts";
import { MAX_PARSE_RETRIES } from "../judge.ts";
import type { BenchmarkSummary, EvalSummary } from "../summary.ts";

export const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "—" : (100 * x).toFixed(2));

/** Mean ± sample std when there are several runs; a single run's score alone (it has no spread). */
export const cell = (mean: number | undefined, sd: number | undefined, runs: number) =>
  mean === undefined || Number.isNaN(mean) ? "—" : runs >= 2 && sd !== undefined && !Number.isNaN(sd) ? `${pct(mean)} ± ${pct(sd)}` : pct(mean);

const INCOMPLETE = " (incomplete)";

export interface Table {
  header: string[];
  rows: string[][];
}

export const SCORE_LEGEND =
  "Scores in percent (HealthBench: the judge-graded rubric score). Our columns: mean ± sample standard deviation over runs (a single run shows its score alone); " +
  "“(incomplete)” marks a number from an unfinished evaluation (see Notes). Card columns: the means the model card publishes (3 runs; no spread published). " +
  "“—”: not run (our columns) or not published (card columns).";

/**
 * Column labels: the model, plus the results folder wherever two columns would otherwise carry the
 * same label (two runs of one model side by side).
 */
export function columnLabels(models: EvalSummary[]): string[] {
  const names = models.map((m) => m.model);
  return models.map((m, i) => {
    if (names.filter((n) => n === m.model).length === 1) return m.model;
    const folder = basename(m.run?.dir ?? "") || m.run?.dir || String(i + 1);
    const dup = models.filter((o) => o.model === m.model && (basename(o.run?.dir ?? "") || o.run?.dir) === folder).length > 1;
    return `${m.model} [${dup ? m.run?.dir || String(i + 1) : folder}]`;
  });
}

function cardOrProblem(): { card?: Card; problem?: string } {
  const r = loadCard();
  return "card" in r ? { card: r.card } : { problem: r.problem };
}

const ours = (b: BenchmarkSummary | undefined) => (b ? cell(b.mean, b.std, b.runs.length) + (b.incomplete ? INCOMPLETE : "") : "—");

export function scoreTable(models: EvalSummary[], card = cardOrProblem().card): Table {
  const cardModels = card?.models ?? [];
  const header = ["Benchmark", ...columnLabels(models), ...cardModels.map((c) => `${c.name} (card)`)];
  const cardCells = (key: string) => cardModels.map((c) => pct(c.scores[key]));
  const rows: string[][] = [];
  for (const b of BENCHMARKS) {
    if (!models.some((m) => m.benchmarks[b.name])) continue;
    rows.push([b.title, ...models.map((m) => ours(m.benchmarks[b.name])), ...cardCells(b.name)]);
    if (b.metric === "healthbench_score") {
      // Every theme the card publishes for this benchmark, and any other our runs have, in the card's order.
      const published = Object.values(THEMES).filter((t) => cardModels.some((c) => c.scores[themeKey(b.name, t)] !== undefined));
      const seen = models.flatMap((m) => Object.keys(m.benchmarks[b.name]?.themes ?? {}));
      const themes = [...new Set([...Object.values(THEMES), ...seen])].filter((t) => published.includes(t) || seen.includes(t));
      for (const t of themes) {
        rows.push([
          `  ${t}`,
          ...models.map((m) => {
            const s = m.benchmarks[b.name];
            if (s?.themes[t] === undefined) return "—";
            return cell(s.themes[t], s.themeStd?.[t], s.runs.length) + (s.incomplete ? INCOMPLETE : "");
          }),
          ...cardCells(themeKey(b.name, t)),
        ]);
      }
    }
  }
  if (models.some((m) => CLOSED.some((c) => m.benchmarks[c]))) {
    rows.push([
      "Closed-ended average",
      ...models.map((m) => (m.closed_average === undefined ? "—" : pct(m.closed_average) + (m.closed_average_incomplete ? INCOMPLETE : ""))),
      ...cardCells("closed_average"),
    ]);
  }
  return { header, rows };
}

/** One row per column of the score table: which results, made how. */
export function runsTable(models: EvalSummary[]): Table {
  const labels = columnLabels(models);
  const header = ["Column", "Results folder", "Model source", "Runs (seeds)", "Limit", "Max new tokens", "Judge", "Started"];
  const rows = models.map((m, i) => {
    const r = m.run;
    const source = !r?.source ? "—" : r.source.kind === "model" ? r.source.path : `${r.source.url} (${r.source.model})`;
    const seeds = r?.seeds.length ? `${r.seeds.length} (${r.seeds.join(", ")})` : "—";
    return [labels[i]!, r?.dir ?? "—", source, seeds, r?.limit === undefined ? "all items" : `first ${r.limit}`, r?.maxTokens?.toLocaleString("en-US") ?? "—", r?.judge ?? "—", r?.started ?? "—"];
  });
  return { header, rows };
}

export function lengthTable(models: EvalSummary[]): Table {
  const labels = columnLabels(models);
  const header = ["Benchmark", ...labels.flatMap((l) => [`${l} reasoning`, `${l} answer`, `${l} total (median / p95)`])];
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
 * "B writes 3.20× the tokens of A" for the first two columns, over the benchmarks both ran (as the
 * card compares MedPsy with its base model).
 */
export function lengthRatio(models: EvalSummary[], card = cardOrProblem().card): string | undefined {
  if (models.length < 2) return undefined;
  const [la, lb] = columnLabels(models);
  const [first, second] = [models[0]!, models[1]!];
  const common = BENCHMARKS.map((b) => b.name).filter((n) => first.benchmarks[n] && second.benchmarks[n]);
  const [a, b] = [meanTokens(first, common), meanTokens(second, common)];
  if (!(a > 0 && b > 0)) return undefined;
  const est = [first, second].some((m) => common.some((n) => m.benchmarks[n]!.tokens.estimated)) ? " (partly estimated)" : "";
  const t = card?.tokensPerResponse;
  const cardSays = t ? `; the card reports ${(t.base / t.medpsy).toFixed(1)}× (${t.base} vs ${t.medpsy}) for Qwen3-4B-Thinking-2507 against MedPsy-4B` : "";
  return `${lb} writes ${(b / a).toFixed(2)}× the tokens of ${la} per response (${b.toFixed(0)} vs ${a.toFixed(0)}, mean over ${common.length} benchmark${common.length === 1 ? "" : "s"}${est})${cardSays}.`;
}

/** What a reader should know besides the numbers: unfinished runs, truncations, judge trouble, bootstrap spread, the card's source. */
export function reportNotes(models: EvalSummary[], cardState = cardOrProblem()): string[] {
  const labels = columnLabels(models);
  const notes = models.flatMap((m, i) => {
    const label = labels[i]!;
    return [
      ...(m.missing?.length ? [`${label}: asked for but holds no results yet: ${m.missing.join(", ")} (interrupted; \`medpsy eval … --resume\` continues).`] : []),
      ...Object.entries(m.benchmarks).flatMap(([name, b]) => [
        ...(b.incomplete ? [`${label}, ${name}: incomplete — ${b.incomplete.join("; ")}; its score covers only what was run.`] : []),
        ...(b.truncated ? [`${label}, ${name}: ${b.truncated} outputs never closed their reasoning (scored wrong).`] : []),
        ...(b.metric === "healthbench_score" ? [`${label}, ${name}: bootstrap std ${pct(b.bootstrapStd)} (1,000 resamples over ${b.n} examples).`] : []),
        ...(b.judgeParseRetries ? [`${label}, ${name}: ${b.judgeParseRetries} judge replies did not parse and were asked again.`] : []),
        ...(b.judgeParseFailures ? [`${label}, ${name}: ${b.judgeParseFailures} rubric items got no parseable verdict in ${MAX_PARSE_RETRIES + 1} tries (counted as not met).`] : []),
      ]),
    ];
  });
  if (cardState.card) notes.push(`Card columns: ${cardState.card.path}.`);
  else if (cardState.problem) notes.push(`No card columns: ${cardState.problem}.`);
  return notes;
}
