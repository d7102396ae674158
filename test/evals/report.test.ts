/**
 * Reports from hand-made summaries: the card's table with reference columns, HealthBench themes,
 * the response-length ratio over the benchmarks both models ran, escaping, a self-contained HTML
 * page; and the progress output (bar on a terminal, plain lines otherwise).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { htmlReport } from "../../src/evals/report/html.ts";
import { markdownReport } from "../../src/evals/report/markdown.ts";
import { Progress } from "../../src/evals/progress.ts";
import type { BenchmarkSummary, EvalSummary } from "../../src/evals/summary.ts";

const dist = (m: number) => ({ mean: m, median: m, p95: m });
function bench(mean: number, tokens: number, extra: Partial<BenchmarkSummary> = {}): BenchmarkSummary {
  return { metric: "accuracy", mean, std: 0.01, runs: [mean], n: 10, truncated: 0, themes: {}, tokens: { reasoning: dist(tokens - 100), answer: dist(100), total: dist(tokens), estimated: false }, ...extra };
}

const medpsy: EvalSummary = {
  model: "MedPsy-4B | q4",
  benchmarks: {
    medqa: bench(0.7, 900),
    pubmedqa: bench(0.75, 918),
    healthbench: bench(0.6, 1000, { metric: "healthbench_score", themes: { "Emergency Referrals": 0.7, "Context Seeking": 0.4 }, bootstrapStd: 0.02, judgeParseRetries: 3 }),
  },
};
const base: EvalSummary = {
  model: "<script>alert(1)</script>",
  // No healthbench: the ratio must use only medqa and pubmedqa.
  benchmarks: { medqa: bench(0.65, 2700), pubmedqa: bench(0.7, 2754), medmcqa: bench(0.5, 99_999) },
};

test("Markdown: the card's table with reference columns, themes, ratio over common benchmarks, notes", () => {
  const md = markdownReport([medpsy, base]);
  assert.match(md, /\| Benchmark \| MedPsy-4B \\\| q4 \| <script>alert\(1\)<\/script> \| MedPsy \(model card\) \|/);
  assert.match(md, /\| MedQA \(USMLE\) \| 70\.00 ± 1\.00 \| 65\.00 ± 1\.00 \| — \|/);
  assert.match(md, /\| HealthBench \| 60\.00 ± 1\.00 \| — \| 74\.00 \|/);
  assert.match(md, /\|\s+Emergency Referrals \| 70\.00 \| — \| — \|/);
  // (2700 + 2754) / 2 = 2727 vs (900 + 918) / 2 = 909 → 3.00×.
  assert.match(md, /writes 3\.00× the tokens of MedPsy-4B \| q4 per response \(2727 vs 909, mean over 2 benchmarks\); the card reports 3\.2× \(2953 vs 909\)/);
  assert.match(md, /healthbench: bootstrap std 2\.00/);
  assert.match(md, /3 judge replies did not parse and were asked again/);
});

test("HTML: self-contained (no scripts, no outside resources), escaped, with the length chart", () => {
  const html = htmlReport([medpsy, base]);
  assert.ok(!html.includes("<script>"), "a model name cannot inject markup");
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  for (const re of [/<script/i, /\bsrc=/i, /\bhref=/i, /url\(/i, /@import/i, /<link/i]) assert.doesNotMatch(html, re);
  assert.match(html, /<style>/);
  const svg = /<svg[^]*?<\/svg>/.exec(html)![0];
  // One bar per (benchmark, model) pair that exists: medqa×2, pubmedqa×2, healthbench×2 (one empty), medmcqa×2.
  assert.equal(svg.match(/<rect x="\d+(\.\d+)?" y="[\d.]+" width="16"/g)!.length, 8);
  assert.match(svg, /<title>MedPsy-4B \| q4 — MedQA \(USMLE\): 900 tokens<\/title>/);
});

test("progress: a bar with ETA on a terminal, a line per 10% otherwise", () => {
  const sink = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, stream: { isTTY, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean } };
  };
  const tty = sink(true);
  const p = new Progress(4, tty.stream, "eval m");
  for (let i = 0; i < 4; i++) p.tick();
  assert.equal(tty.out.filter((s) => s.startsWith("\r")).length, 4);
  assert.match(tty.out.at(-2)!, /^\reval m \[#{30}\] 4\/4 100%  ETA/);
  assert.equal(tty.out.at(-1), "\n");
  const plain = sink(false);
  const q = new Progress(100, plain.stream, "eval m");
  for (let i = 0; i < 100; i++) q.tick();
  q.note("retry soon");
  q.note("suppressed: within 5 s of the last note");
  assert.equal(plain.out.length, 12, "0%, 10% … 100%, and one note");
  assert.ok(plain.out.every((s) => !s.includes("\r")));
  assert.match(plain.out[10]!, /^eval m: 100\/100 \(100%\), ETA/);
});
