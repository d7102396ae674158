/** The report as Markdown: the card's table with the card's numbers beside ours, the runs, response lengths, and notes. */
import type { EvalSummary } from "../summary.ts";
import { lengthRatio, lengthTable, reportNotes, runsTable, SCORE_LEGEND, scoreTable, type Table } from "./table.ts";

// A "|" in a model name must not split a cell.
const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
const md = (t: Table) => [row(t.header), `|${t.header.map(() => "---").join("|")}|`, ...t.rows.map(row)].join("\n");

export function markdownReport(models: EvalSummary[]): string {
  const notes = reportNotes(models).map((n) => `- ${n}`);
  const ratio = lengthRatio(models);
  return [
    "# Evaluation report",
    "",
    SCORE_LEGEND,
    "",
    md(scoreTable(models)),
    "",
    "## Runs",
    "",
    md(runsTable(models)),
    "",
    "## Response length (tokens per response: mean, and median / p95 of the total)",
    "",
    md(lengthTable(models)),
    ...(ratio ? ["", ratio] : []),
    ...(notes.length ? ["", "## Notes", "", ...notes] : []),
    "",
  ].join("\n");
}
