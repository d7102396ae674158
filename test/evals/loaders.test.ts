/**
 * Dataset loaders on the real files under ../shared/datasets (item counts from its README) and on
 * malformed copies: a clear error naming file, line and field; bad items in a sound file are
 * skipped and reported, never silently.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCHMARKS } from "../../src/evals/benchmarks.ts";
import { DatasetError, DatasetNotFoundError } from "../../src/evals/errors.ts";

const DATA = process.env.MEDPSY_DATA ?? fileURLToPath(new URL("../../../shared/datasets/", import.meta.url));
const load = (name: string, dir = DATA, skipped: string[] = []) => BENCHMARKS.find((b) => b.name === name)!.load(dir, skipped);

test("every benchmark loads with the README's item counts", () => {
  const expected: Record<string, number> = {
    mmlu_health: 981, mmlu_pro_health: 736, medqa: 1146, medmcqa: 3765, pubmedqa: 450, medxpertqa: 563,
    healthbench: 27, healthbench_hard: 94, healthbench_consensus: 94,
  };
  for (const [name, n] of Object.entries(expected)) assert.equal(load(name).length, n, name);
  // AfriMed-QA: 3,519 rows, two of which have no usable options; they are skipped and reported.
  const skipped: string[] = [];
  assert.equal(load("afrimedqa", DATA, skipped).length, 3517);
  assert.equal(skipped.length, 2);
  assert.match(skipped[0]!, /afrimedqa_v2_expert_mcq\.jsonl, line 1814, field "answer"/);
  const pro = load("mmlu_pro_health");
  assert.ok(pro.some((i) => i.kind === "closed" && i.labels.length === 10));
  const pub = load("pubmedqa")[0]!;
  assert.ok(pub.kind === "closed" && pub.contexts!.length > 0 && pub.labels.join() === "yes,no,maybe");
  assert.ok(!JSON.stringify(load("pubmedqa")).includes("LONG_ANSWER"));
  const xp = load("medxpertqa")[0]!;
  assert.ok(xp.kind === "closed" && !xp.question.includes("Answer Choices:") && xp.options.length === 10);
});

function dataDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "medpsy-data-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test("malformed files: errors name the file, line and field", () => {
  const good = JSON.stringify({ question: "q?", options: { A: "a", B: "b", C: "c", D: "d" }, answer_idx: "A" });
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ["medqa", { "medqa_usmle_4options/phrases_no_exclude_test.jsonl": `${good}\n{not json\n` }, /phrases_no_exclude_test\.jsonl, line 2: not valid JSON/],
    ["medqa", { "medqa_usmle_4options/phrases_no_exclude_test.jsonl": `${good}\n${JSON.stringify({ options: { A: "a", B: "b" }, answer_idx: "A" })}\n` }, /line 2, field "question"/],
    ["medmcqa", { "medmcqa/dev.json": JSON.stringify({ question: "q", opa: "a", opb: "b", opc: "c", opd: "d", cop: 7 }) + "\n" }, /dev\.json, line 1, field "cop"/],
    ["mmlu_pro_health", { "mmlu_pro_health/test_health.jsonl": JSON.stringify({ question: "q", options: "a,b", answer: "A" }) + "\n" }, /line 1, field "options"/],
    ["healthbench", { "healthbench/oss_eval_examples_30.jsonl": JSON.stringify({ prompt: [{ role: "user", content: "hi" }], rubrics: [{ criterion: "x" }] }) + "\n" }, /line 1, field "rubrics\[0\]"/],
    ["pubmedqa", { "pubmedqa/ori_pqal.json": "{}", "pubmedqa/test_ground_truth.json": JSON.stringify({ "123": "yes" }) }, /ori_pqal\.json.*test id 123 has no record/],
  ];
  for (const [name, files, re] of cases) {
    assert.throws(() => load(name, dataDir(files)), (e: unknown) => e instanceof DatasetError && re.test((e as Error).message), `${name}: ${re}`);
  }
  const rows = "q1,a,b,c,d,A\n\"q2, with comma\",a,b,c\n";
  assert.throws(() => load("mmlu_health", dataDir({ "mmlu_medical/anatomy_test.csv": rows })), /anatomy_test\.csv, line 2: expected 6 columns/);
  assert.throws(() => load("medqa", dataDir({})), (e: unknown) => e instanceof DatasetNotFoundError && /phrases_no_exclude_test\.jsonl/.test((e as Error).message));
});
