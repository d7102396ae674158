/**
 * Reports: every number the model card publishes (read here independently from
 * ../shared/card/results.json) beside ours in its own row and column; columns labelled by model
 * and, for two runs of one model, by folder; mean ± std only where there is a spread; unfinished
 * evaluations marked with what is missing; a missing card file said, not silently "—"; escaping
 * and a self-contained HTML page whose chart labels are the benchmarks' titles and never overlap;
 * and progress output (bar on a terminal, lines otherwise, and a heartbeat while an item runs).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { htmlReport } from "../../src/evals/report/html.ts";
import { markdownReport } from "../../src/evals/report/markdown.ts";
import { scoreTable } from "../../src/evals/report/table.ts";
import { Progress } from "../../src/evals/progress.ts";
import { BENCHMARKS, CLOSED } from "../../src/evals/benchmarks.ts";
import { THEMES } from "../../src/evals/healthbench-score.ts";
import { summarize, type BenchmarkSummary, type EvalSummary } from "../../src/evals/summary.ts";
import { openRun, writeMeta } from "../../src/evals/store.ts";
import type { ItemResult } from "../../src/evals/types.ts";

const CARD_FILE = process.env.MEDPSY_CARD ?? fileURLToPath(new URL("../../../shared/card/results.json", import.meta.url));

const dist = (m: number) => ({ mean: m, median: m, p95: m });
const sd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
function bench(runs: number[], tokens: number, extra: Partial<BenchmarkSummary> = {}): BenchmarkSummary {
  const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
  return { metric: "accuracy", mean, std: sd(runs), runs, n: 10, truncated: 0, themes: {}, tokens: { reasoning: dist(tokens - 100), answer: dist(100), total: dist(tokens), estimated: false }, ...extra };
}
const run = (dir: string) => ({ dir, seeds: [1, 2], limit: 10, maxTokens: 16384 });

const medpsy: EvalSummary = {
  model: "MedPsy-4B | q4",
  run: run("results/4b"),
  benchmarks: {
    medqa: bench([0.69, 0.71], 900),
    pubmedqa: bench([0.74, 0.76], 918),
    healthbench: bench([0.59, 0.61], 1000, { metric: "healthbench_score", themes: { "Emergency Referrals": 0.7, "Context Seeking": 0.4 }, themeStd: { "Emergency Referrals": 0.05, "Context Seeking": 0 }, bootstrapStd: 0.02, judgeParseRetries: 3 }),
  },
};
const base: EvalSummary = {
  model: "<script>alert(1)</script>",
  run: run("results/base"),
  // One run: its score alone, no "± 0.00". No healthbench: the ratio uses only medqa and pubmedqa.
  benchmarks: { medqa: bench([0.65], 2700), pubmedqa: bench([0.7], 2754), medmcqa: bench([0.5], 99_999) },
};

/** The card's numbers, read without medpsy's code: [model names, row key → percent per model]. */
function cardRows(): { models: string[]; rows: Map<string, number[]> } {
  const raw = JSON.parse(readFileSync(CARD_FILE, "utf8"));
  const rows = new Map<string, number[]>();
  for (const b of CLOSED) rows.set(b, raw.closed_ended[b]);
  rows.set("closed_average", raw.closed_ended.average);
  for (const b of ["healthbench", "healthbench_hard"]) for (const [k, v] of Object.entries(raw[b])) rows.set(k === "overall" ? b : `${b}/${k}`, v as number[]);
  return { models: raw.models, rows };
}

test("every published card number stands in its row and column, beside ours", () => {
  const { models, rows } = cardRows();
  const all: EvalSummary = { model: "ours", run: run("r"), benchmarks: {} };
  for (const b of [...CLOSED, "healthbench", "healthbench_hard"]) {
    const themes = b.startsWith("healthbench") ? Object.fromEntries(Object.values(THEMES).map((t) => [t, 0.5])) : {};
    all.benchmarks[b] = bench([0.5, 0.5, 0.5], 900, b.startsWith("healthbench") ? { metric: "healthbench_score", themes } : {});
  }
  all.closed_average = 0.5;
  const t = scoreTable([all]);
  assert.deepEqual(t.header.slice(2, 2 + models.length), models.map((m) => `${m} (card)`));
  const titles = new Map(BENCHMARKS.map((b) => [b.name, b.title]));
  let checked = 0;
  for (const [key, values] of rows) {
    const [b, theme] = key.split("/");
    const label = key === "closed_average" ? "Closed-ended average" : theme ? `  ${theme}` : titles.get(b!)!;
    // A theme row is the one under its benchmark's row.
    const start = theme ? t.rows.findIndex((r) => r[0] === titles.get(b!)) : 0;
    const row = t.rows.slice(start).find((r) => r[0] === label);
    assert.ok(row, `a row for ${key}`);
    assert.deepEqual(row.slice(2, 2 + models.length), values.map((v) => v.toFixed(2)), key);
    checked += values.length;
  }
  assert.equal(checked, 4 * (8 + 2 * 8), "7 benchmarks, the average, HealthBench and Hard overall + 7 themes, for 4 models");
  // MedPsy-1.7B: its three published figures, "—" elsewhere.
  const small = t.header.indexOf("MedPsy-1.7B (card)");
  const raw = JSON.parse(readFileSync(CARD_FILE, "utf8")).medpsy_1_7b;
  assert.equal(t.rows.find((r) => r[0] === "HealthBench")![small], raw.healthbench.toFixed(2));
  assert.equal(t.rows.find((r) => r[0] === "MedQA (USMLE)")![small], "—");
});

test("Markdown: labelled columns, mean ± std only with a spread, themes with their std, the runs table, ratio and notes", () => {
  const md = markdownReport([medpsy, base]);
  assert.match(md, /^\| Benchmark \| MedPsy-4B \\\| q4 \| <script>alert\(1\)<\/script> \| MedPsy-4B \(card\) \|/m);
  assert.match(md, /\| MedQA \(USMLE\) \| 70\.00 ± 1\.41 \| 65\.00 \| 84\.39 \|/);
  assert.match(md, /\| HealthBench \| 60\.00 ± 1\.41 \| — \| 74\.00 \|/);
  assert.match(md, /\|\s+Emergency Referrals \| 70\.00 ± 5\.00 \| — \| 81\.67 \|/);
  // A theme the card publishes but our run lacks: its row is there, ours "—".
  assert.match(md, /\|\s+Global Health \| — \| — \| 73\.67 \|/);
  assert.match(md, /mean ± sample standard deviation over runs \(a single run shows its score alone\)/);
  assert.match(md, /## Runs\n\n\| Column \| Results folder \|[^\n]*\n[^\n]*\n\| MedPsy-4B \\\| q4 \| results\/4b \| — \| 2 \(1, 2\) \| first 10 \| 16,384 \|/);
  // (2700 + 2754) / 2 = 2727 vs (900 + 918) / 2 = 909 → 3.00×.
  assert.match(md, /writes 3\.00× the tokens of MedPsy-4B \\?\| q4 per response \(2727 vs 909, mean over 2 benchmarks\); the card reports 3\.2× \(2953 vs 909\)/);
  assert.match(md, /healthbench: bootstrap std 2\.00/);
  assert.match(md, /3 judge replies did not parse and were asked again/);
  assert.match(md, /Card columns: .*results\.json/);
});

test("two results folders of one model get columns that say which is which", () => {
  const a: EvalSummary = { ...base, model: "MedPsy-1.7B", run: run("results/q4") };
  const b: EvalSummary = { ...base, model: "MedPsy-1.7B", run: run("results/q8") };
  const c: EvalSummary = { ...base, model: "MedPsy-1.7B", run: run("elsewhere/q8") };
  assert.deepEqual(scoreTable([a, b]).header.slice(0, 3), ["Benchmark", "MedPsy-1.7B [q4]", "MedPsy-1.7B [q8]"]);
  assert.deepEqual(scoreTable([b, c]).header.slice(1, 3), ["MedPsy-1.7B [results/q8]", "MedPsy-1.7B [elsewhere/q8]"]);
});

const item = (id: string, subset: string | undefined, correct: boolean): ItemResult =>
  ({ id, index: 0, promptHash: "h", reasoning: "", answerText: "A", finishReason: "stop", truncated: false, tokens: { reasoning: 5, answer: 5, source: "engine" }, subset, extracted: "A", gold: correct ? "A" : "B", correct }) as ItemResult;

test("an interrupted evaluation is marked incomplete with what is missing, its average too", () => {
  const out = join(mkdtempSync(join(tmpdir(), "medpsy-report-")), "r");
  writeMeta(out, {
    label: "m",
    source: { kind: "model", path: "m.gguf" },
    sampling: { temperature: 0.6, topK: 20, topP: 0.95, maxTokens: 64 },
    seeds: [1, 2, 3],
    limit: 2,
    items: { mmlu_health: 12, medqa: 2, pubmedqa: 2 },
    dataDir: "d",
    medpsyVersion: "0",
    started: "then",
  });
  // Two items of one subject in the first run, nothing else: a "six-subject" score from 2 items.
  const f = openRun(out, "mmlu_health", 0);
  f.append(item("a1", "anatomy", true));
  f.append(item("a2", "anatomy", false));
  f.close();
  const s = summarize(out);
  assert.deepEqual(s.benchmarks.mmlu_health!.incomplete, ["1 of 3 runs", "run 1: 2 of 12 items", "1 of 6 subjects"]);
  assert.deepEqual(s.missing, ["medqa", "pubmedqa"]);
  const md = markdownReport([s]);
  assert.match(md, /\| MMLU \(health, 6 subsets\) \| 50\.00 \(incomplete\) \|/);
  assert.match(md, /m, mmlu_health: incomplete — 1 of 3 runs; run 1: 2 of 12 items; 1 of 6 subjects/);
  assert.match(md, /m: asked for but holds no results yet: medqa, pubmedqa/);
});

test("without the card's file, the report says where it looked instead of showing blank card columns", () => {
  const saved = process.env.MEDPSY_CARD;
  process.env.MEDPSY_CARD = join(tmpdir(), "no-such-card", "results.json");
  try {
    const md = markdownReport([medpsy]);
    assert.match(md, /^\| Benchmark \| MedPsy-4B \\\| q4 \|$/m, "no card columns at all");
    assert.match(md, /No card columns: the card's published results were not found at .*no-such-card\/results\.json \(set MEDPSY_CARD/);
  } finally {
    if (saved === undefined) delete process.env.MEDPSY_CARD;
    else process.env.MEDPSY_CARD = saved;
  }
});

test("HTML: self-contained, escaped; the chart labels bars with the benchmarks' titles, one row each, never overlapping", () => {
  const html = htmlReport([medpsy, base]);
  assert.ok(!html.includes("<script>"), "a model name cannot inject markup");
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  for (const re of [/<script/i, /\bsrc=/i, /\bhref=/i, /url\(/i, /@import/i, /<link/i]) assert.doesNotMatch(html, re);
  assert.match(html, /<style>/);
  const svg = /<svg[^]*?<\/svg>/.exec(html)![0];
  // One bar per (benchmark, column) pair that exists: medqa×2, pubmedqa×2, healthbench×1, medmcqa×1.
  assert.equal(svg.match(/<rect x="\d+" y="[\d.]+" width="[\d.]+" height="16"/g)!.length, 6);
  assert.match(svg, /<title>MedPsy-4B \| q4 — MedQA \(USMLE\): 900 tokens<\/title>/);
  const labels = [...svg.matchAll(/<text x="\d+" y="([\d.]+)" font-size="13" text-anchor="end">([^<]+)<\/text>/g)].map((m) => ({ y: Number(m[1]), text: m[2] }));
  assert.deepEqual(labels.map((l) => l.text), ["MedMCQA", "MedQA (USMLE)", "PubMedQA", "HealthBench"], "the card's order, titles");
  assert.ok(labels.every((l) => !/_/.test(l.text)), "titles, not internal ids");
  for (let i = 1; i < labels.length; i++) assert.ok(labels[i]!.y - labels[i - 1]!.y >= 16, "one line of text apart at least");
});

test("progress: a bar with ETA on a terminal, a line per 10% otherwise, and a heartbeat while an item runs (with the judge's verdicts so far)", (t) => {
  const sink = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, stream: { isTTY, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean } };
  };
  t.mock.timers.enable({ apis: ["setInterval", "Date"] });
  const tty = sink(true);
  const p = new Progress(4, tty.stream, "eval m");
  for (let i = 0; i < 4; i++) p.tick();
  assert.equal(tty.out.filter((s) => s.startsWith("\r")).length, 4);
  assert.match(tty.out.at(-2)!, /^\reval m \[#{30}\] 4\/4 100%  0 s elapsed, ETA/);
  assert.equal(tty.out.at(-1), "\n");
  const plain = sink(false);
  const q = new Progress(100, plain.stream, "eval m");
  for (let i = 0; i < 100; i++) q.tick();
  q.note("retry soon");
  q.note("suppressed: within 5 s of the last note");
  assert.equal(plain.out.length, 12, "about every 10%, and one note");
  assert.ok(plain.out.every((s) => !s.includes("\r")));
  assert.match(plain.out[10]!, /^eval m: 100\/100 \(100%\), ETA/);

  // One slow item: nothing finishes for a minute, yet a line comes every 5 s.
  const slow = sink(false);
  const r = new Progress(3, slow.stream, "eval m", { heartbeatMs: 5000 });
  r.tick();
  const after = slow.out.length;
  for (let i = 0; i < 60; i++) t.mock.timers.tick(1000);
  const beats = slow.out.slice(after);
  assert.equal(beats.length, 12, beats.join(""));
  assert.match(beats.at(-1)!, /^eval m: 1\/3 \(33%\), 1 min elapsed, the next result still running \(1 min so far\), ETA 2 min\n$/);
  // An item waiting on the judge: the heartbeat says how many verdicts are back.
  const judging = r.judge(15);
  for (let i = 0; i < 4; i++) judging.answered();
  for (let i = 0; i < 5; i++) t.mock.timers.tick(1000);
  assert.match(slow.out.at(-1)!, /the next result still running \(1 min so far; the judge has given 4 of 15 verdicts\)/);
  judging.end();
  for (let i = 0; i < 5; i++) t.mock.timers.tick(1000);
  assert.doesNotMatch(slow.out.at(-1)!, /judge/, "said only while an item is being judged");
  r.tick();
  r.tick();
  const done = slow.out.length;
  for (let i = 0; i < 60; i++) t.mock.timers.tick(1000);
  assert.equal(slow.out.length, done, "silent once everything is done");
});
