/** The report as Markdown: the card's table, response lengths, and notes. */
import type { EvalSummary } from "../summary.ts";
import { lengthRatio, lengthTable, scoreTable, type Table } from "./table.ts";

const md = (t: Table) => [`| ${t.header.join(" | ")} |`, `|${t.header.map(() => "---").join("|")}|`, ...t.rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

export function markdownReport(models: EvalSummary[]): string {
  const notes = models.flatMap((m) =>
    Object.entries(m.benchmarks).flatMap(([name, b]) => [
      ...(b.truncated ? [`- ${m.model}, ${name}: ${b.truncated} outputs never closed their reasoning (scored wrong).`] : []),
      ...(b.judgeParseFailures ? [`- ${m.model}, ${name}: ${b.judgeParseFailures} judge replies could not be parsed (counted as not met).`] : []),
    ]),
  );
  const ratio = lengthRatio(models);
  return [
    "# Evaluation report",
    "",
    "Scores in percent, mean ± std over runs (HealthBench: judge-graded rubric score).",
    "",
    md(scoreTable(models)),
    "",
    "## Response length (tokens per response: mean, and median / p95 of the total)",
    "",
    md(lengthTable(models)),
    ...(ratio ? ["", ratio] : []),
    ...(notes.length ? ["", "## Notes", "", ...notes] : []),
    "",
  ].join("\n");
}
