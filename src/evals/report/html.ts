/** A self-contained HTML report: inline CSS and an inline SVG chart, nothing loaded from anywhere. */
import { BENCHMARKS } from "../benchmarks.ts";
import type { EvalSummary } from "../summary.ts";
import { columnLabels, lengthRatio, lengthTable, reportNotes, runsTable, SCORE_LEGEND, scoreTable, type Table } from "./table.ts";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const table = (t: Table) =>
  `<table><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`)
    .join("")}</tbody></table>`;

const COLORS = ["#1f6feb", "#d4731b", "#2da44e", "#8250df", "#cf222e"];

/**
 * Mean total tokens per response: one group of horizontal bars per benchmark, one bar per column,
 * the benchmark's title on the left and the value at the end of each bar (labels never overlap,
 * whatever the number of benchmarks or columns).
 */
function lengthChart(models: EvalSummary[]): string {
  const labels = columnLabels(models);
  const benches = BENCHMARKS.filter((b) => models.some((m) => m.benchmarks[b.name]));
  const max = Math.max(1, ...models.flatMap((m) => benches.map((b) => m.benchmarks[b.name]?.tokens.total.mean ?? 0)));
  const barH = 18, gap = 14, left = 230, width = 760, plot = width - left - 70, top = 10 + 20 * Math.ceil(models.length / 2);
  const groupH = models.length * barH + gap;
  const height = top + benches.length * groupH + 8;
  const parts: string[] = [];
  labels.forEach((l, j) => {
    const x = 8 + (j % 2) * 380, y = 8 + 20 * Math.floor(j / 2);
    parts.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${COLORS[j % COLORS.length]}"/><text x="${x + 17}" y="${y + 11}" font-size="13">${esc(l)}</text>`);
  });
  benches.forEach((b, i) => {
    const y0 = top + i * groupH;
    parts.push(`<text x="${left - 8}" y="${y0 + (models.length * barH) / 2 + 4}" font-size="13" text-anchor="end">${esc(b.title)}</text>`);
    models.forEach((m, j) => {
      const t = m.benchmarks[b.name]?.tokens.total.mean;
      if (t === undefined) return;
      const w = (t / max) * plot;
      const y = y0 + j * barH;
      parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${COLORS[j % COLORS.length]}"><title>${esc(`${labels[j]} — ${b.title}: ${t.toFixed(0)} tokens`)}</title></rect>`);
      parts.push(`<text x="${(left + w + 4).toFixed(1)}" y="${y + barH - 5}" font-size="12">${t.toFixed(0)}</text>`);
    });
  });
  return `<svg role="img" aria-label="Mean tokens per response by benchmark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join("")}</svg>`;
}

export function htmlReport(models: EvalSummary[]): string {
  const ratio = lengthRatio(models);
  const notes = reportNotes(models);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>medpsy evaluation report</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;color:#1c2430}table{border-collapse:collapse;margin:1rem 0;font-variant-numeric:tabular-nums}th,td{border:1px solid #d9dee5;padding:.3rem .6rem;text-align:right}th[scope=row],thead th:first-child{text-align:left}thead th{background:#f2f4f7}svg{max-width:100%;height:auto}</style></head><body>
<h1>Evaluation report</h1><p>${esc(SCORE_LEGEND)}</p>
${table(scoreTable(models))}
<h2>Runs</h2>${table(runsTable(models))}
<h2>Response length</h2>${lengthChart(models)}
${table(lengthTable(models))}
${ratio ? `<p>${esc(ratio)}</p>` : ""}
${notes.length ? `<h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}
</body></html>
`;
}
