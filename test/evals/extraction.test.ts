/**
 * Answer extraction on the labelled corpus of thinking-model outputs
 * (data/extraction-corpus.jsonl, written by make-extraction-corpus.ts): every case must yield its
 * expected answer through its expected rule.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { extractFromRaw } from "../../src/evals/extract.ts";

interface Case { id: string; output: string; finishReason: string; labels: string[]; options?: Array<[string, string]>; expected: string | null; rule: string }
const cases = readFileSync(new URL("./data/extraction-corpus.jsonl", import.meta.url), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Case);

test("the corpus is large and covers every rule", () => {
  assert.ok(cases.length >= 300, `${cases.length} cases`);
  const rules = new Set(cases.map((c) => c.rule));
  for (const r of ["answer-line", "final-answer", "boxed", "json", "answer-is", "lone", "option-text", "truncated", "multiple", "none"]) assert.ok(rules.has(r), r);
  assert.ok(cases.some((c) => c.labels.length === 10) && cases.some((c) => c.labels.includes("maybe")));
});

test("every output yields its labelled answer through its labelled rule", () => {
  const wrong: string[] = [];
  const byRule = new Map<string, number>();
  for (const c of cases) {
    const r = extractFromRaw(c.output, c.finishReason, { labels: c.labels, options: c.options });
    byRule.set(r.rule, (byRule.get(r.rule) ?? 0) + 1);
    if (r.answer !== c.expected || r.rule !== c.rule) wrong.push(`${c.id}: expected ${c.expected} by ${c.rule}, got ${r.answer} by ${r.rule}\n  ${JSON.stringify(c.output.slice(-160))}`);
  }
  console.log(`extraction: ${cases.length - wrong.length}/${cases.length} correct; rules ${[...byRule].map(([k, v]) => `${k} ${v}`).join(", ")}`);
  assert.deepEqual(wrong, []);
});

test("decoys inside the reasoning are never taken as the answer", () => {
  const out = extractFromRaw("Answer: B. Final answer: B. \\boxed{B}\n</think>\n\nAnswer: D", "stop", { labels: ["A", "B", "C", "D"] });
  assert.equal(out.answer, "D");
  const cut = extractFromRaw("Answer: B. Final answer: B. \\boxed{B}", "length", { labels: ["A", "B", "C", "D"] });
  assert.deepEqual([cut.answer, cut.truncated], [null, true]);
});
