/** A self-contained HTML report: inline CSS and an inline SVG chart, nothing loaded from anywhere. */
import { BENCHMARKS } from "../benchmarks.ts";
import type { EvalSummary } from "../summary.ts";
import { lengthRatio, lengthTable, reportNotes, scoreTable, type Table } from "./table.ts";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const table = (t: Table) =>
  `<table><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`)
    .join("")}</tbody></table>`;

const COLORS = ["#1f6feb", "#d4731b", "#2da44e", "#8250df", "#cf222e"];

/** Grouped bars: mean total tokens per response, one group per benchmark, one bar per model. */
function lengthChart(models: EvalSummary[]): string {
  const benches = BENCHMARKS.filter((b) => models.some((m) => m.benchmarks[b.name]));
  const max = Math.max(1, ...models.flatMap((m) => benches.map((b) => m.benchmarks[b.name]?.tokens.total.mean ?? 0)));
  const barW = 18, gap = 26, left = 60, top = 20, h = 220;
  const groupW = models.length * barW + gap;
  const width = left + benches.length * groupW + 20;
  const bars = benches.flatMap((b, i) =>
    models.map((m, j) => {
      const v = m.benchmarks[b.name]?.tokens.total.mean ?? 0;
      const bh = (v / max) * h;
      const x = left + i * groupW + j * barW;
      return `<rect x="${x}" y="${top + h - bh}" width="${barW - 2}" height="${bh}" fill="${COLORS[j % COLORS.length]}"><title>${esc(`${m.model} — ${b.title}: ${v.toFixed(0)} tokens`)}</title></rect>`;
    }),
  );
  const labels = benches.map((b, i) => `<text x="${left + i * groupW + (models.length * barW) / 2}" y="${top + h + 14}" font-size="10" text-anchor="middle">${esc(b.name)}</text>`);
  const axis = [0, 0.5, 1].map((f) => `<text x="${left - 6}" y="${top + h - f * h + 4}" font-size="10" text-anchor="end">${Math.round(f * max)}</text>`);
  const legend = models.map((m, j) => `<rect x="${left + j * 160}" y="${top + h + 26}" width="10" height="10" fill="${COLORS[j % COLORS.length]}"/><text x="${left + j * 160 + 14}" y="${top + h + 35}" font-size="11">${esc(m.model)}</text>`);
  return `<svg role="img" aria-label="Mean tokens per response by benchmark" viewBox="0 0 ${width} ${top + h + 50}" width="${width}" height="${top + h + 50}">${axis.join("")}${bars.join("")}${labels.join("")}${legend.join("")}</svg>`;
}

export function htmlReport(models: EvalSummary[]): string {
  const ratio = lengthRatio(models);
  const notes = reportNotes(models);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>medpsy evaluation report</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;color:#1c2430}table{border-collapse:collapse;margin:1rem 0;font-variant-numeric:tabular-nums}th,td{border:1px solid #d9dee5;padding:.3rem .6rem;text-align:right}th[scope=row],thead th:first-child{text-align:left}thead th{background:#f2f4f7}svg{max-width:100%;height:auto}</style></head><body>
<h1>Evaluation report</h1><p>Scores in percent, mean ± std over runs (HealthBench: judge-graded rubric score).</p>
${table(scoreTable(models))}
<h2>Response length</h2>${lengthChart(models)}
${table(lengthTable(models))}
${ratio ? `<p>${esc(ratio)}</p>` : ""}
${notes.length ? `<h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}
</body></html>
`;
}
