/**
 * Scoring is exact: against a scripted endpoint whose answers and judge verdicts the test knows,
 * the harness's accuracies and HealthBench scores equal the ones computed here independently
 * (from the dataset files and the script), with 429 retries and unparseable judge replies on the way.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runEvaluation } from "../../src/evals/index.ts";
import { BENCHMARKS } from "../../src/evals/benchmarks.ts";
import { MMLU_HEALTH_SUBJECTS } from "../../src/evals/loaders/mcq.ts";
import type { ClosedItem, HealthBenchItem } from "../../src/evals/types.ts";
import { scriptedLetter, scriptedVerdict, startScripted } from "./helpers/scripted-server.ts";

const LIMIT = 12;
const DATA = process.env.MEDPSY_DATA ?? fileURLToPath(new URL("../../../shared/datasets/", import.meta.url));
const load = (name: string) => BENCHMARKS.find((b) => b.name === name)!.load(DATA);

test("closed-ended accuracies equal the independently computed ones", async () => {
  const server = await startScripted({ rateLimitEvery: 7 });
  const out = join(mkdtempSync(join(tmpdir(), "medpsy-eval-")), "scripted");
  try {
    const s = await runEvaluation({ benchmarks: ["closed"], endpoint: { url: server.url, model: "scripted" }, limit: LIMIT, out, runs: 2, concurrency: 3, retryBackoffMs: 5 });
    for (const name of ["afrimedqa", "mmlu_pro_health", "medmcqa", "medqa", "medxpertqa", "pubmedqa"]) {
      const items = (load(name) as ClosedItem[]).slice(0, LIMIT);
      const expected = items.filter((i) => scriptedLetter(i.question, i.labels) === i.gold).length / items.length;
      assert.equal(s.benchmarks[name]!.mean, expected, name);
      assert.deepEqual(s.benchmarks[name]!.runs, [expected, expected]);
      assert.equal(s.benchmarks[name]!.n, LIMIT);
      assert.equal(s.benchmarks[name]!.tokens.total.mean, 30);
    }
    // MMLU health: the mean of the six subject accuracies.
    const mmlu = load("mmlu_health") as ClosedItem[];
    const perSubject = MMLU_HEALTH_SUBJECTS.map((sub) => {
      const xs = mmlu.filter((i) => i.subset === sub).slice(0, LIMIT);
      return xs.filter((i) => scriptedLetter(i.question, i.labels) === i.gold).length / xs.length;
    });
    assert.equal(s.benchmarks.mmlu_health!.mean, perSubject.reduce((a, b) => a + b) / 6);
    assert.ok(s.closed_average! > 0);
    // Stored per item: the text as received when it held <think> (half the scripted replies), the rule, the tokens.
    const stored = readFileSync(join(out, "medqa", "run-1.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(stored.length, LIMIT);
    const withThink = stored.filter((r) => r.raw !== undefined);
    assert.ok(withThink.length > 0 && withThink.length < LIMIT);
    for (const r of withThink) assert.ok(r.raw.includes("</think>") && r.raw.endsWith(r.answerText) && r.raw.startsWith(r.reasoning));
    for (const r of stored) {
      assert.equal(r.rule, "answer-line");
      assert.deepEqual(r.tokens, { reasoning: 20, answer: 10, source: "server" });
      assert.match(r.promptHash, /^[0-9a-f]{24}$/);
    }
  } finally {
    await server.close();
  }
});

test("HealthBench scores (overall, themes) equal the independently computed ones", async () => {
  const server = await startScripted();
  const out = join(mkdtempSync(join(tmpdir(), "medpsy-eval-")), "hb");
  try {
    const s = await runEvaluation({ benchmarks: ["healthbench"], endpoint: { url: server.url, model: "scripted" }, judge: { url: server.url, model: "judge" }, out, concurrency: 4, retryBackoffMs: 5 });
    const items = load("healthbench") as HealthBenchItem[];
    const scores = items.map((it) => {
      let got = 0, possible = 0;
      for (const r of it.rubrics) {
        if (r.points > 0) possible += r.points;
        if (scriptedVerdict(r.criterion)) got += r.points;
      }
      return { s: got / possible, tags: it.tags };
    });
    const clip = (x: number) => Math.min(1, Math.max(0, x));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.equal(s.benchmarks.healthbench!.mean, clip(avg(scores.map((x) => x.s))));
    assert.equal(s.benchmarks.healthbench!.n, items.length);
    assert.equal(s.benchmarks.healthbench!.runs.length, 3, "three runs by default, as the card");
    assert.ok(s.benchmarks.healthbench!.judgeParseRetries! > 0, "garbled judge replies were counted");
    const themed = scores.filter((x) => x.tags.includes("theme:emergency_referrals"));
    if (themed.length) assert.equal(s.benchmarks.healthbench!.themes!["Emergency Referrals"], clip(avg(themed.map((x) => x.s))));
    assert.ok(s.benchmarks.healthbench!.bootstrapStd! > 0);
    assert.equal(s.benchmarks.healthbench!.judgeParseFailures, 0, "garbled judge replies were retried, not failed");
    // Judge verdicts are cached: with the answers redone (same seed, same text), no judge call is repeated.
    const judged = server.judgeRequests;
    rmSync(join(out, "healthbench"), { recursive: true });
    const again = await runEvaluation({ benchmarks: ["healthbench"], endpoint: { url: server.url, model: "scripted" }, judge: { url: server.url, model: "judge" }, out, resume: true, concurrency: 4 });
    assert.equal(server.judgeRequests, judged);
    assert.equal(again.benchmarks.healthbench!.mean, s.benchmarks.healthbench!.mean);
  } finally {
    await server.close();
  }
});

test("HealthBench without a judge is refused before any request", async () => {
  await assert.rejects(runEvaluation({ benchmarks: ["healthbench"], endpoint: { url: "http://127.0.0.1:9", model: "x" }, out: join(tmpdir(), "never") }), /needs a judge/);
});
