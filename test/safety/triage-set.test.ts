/**
 * Triage measured on a labelled set of messages (test/safety/data/triage-set.jsonl, written for
 * medpsy, each with its category and source): recall and precision of `emergency` against the
 * goals (recall ≥ 0.97, precision ≥ 0.90), per-category accuracy printed for the README.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { triage } from "../../src/safety/index.ts";

interface Case { id: string; text: string; level: "emergency" | "urgent" | "routine"; category: string; split: string; source: string }
const cases = readFileSync(new URL("./data/triage-set.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Case);

test("the labelled set is large, varied and sourced", () => {
  assert.ok(cases.length >= 400, `${cases.length} cases`);
  for (const c of cases) assert.ok(c.text && c.level && c.category && c.split && c.source, c.id);
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, "ids are unique");
  assert.ok(new Set(cases.map((c) => c.category)).size >= 8);
  for (const level of ["emergency", "urgent", "routine"]) assert.ok(cases.filter((c) => c.level === level).length >= 50, level);
});

test("emergency recall ≥ 0.97 and precision ≥ 0.90", () => {
  let tp = 0, fp = 0, fn = 0, exact = 0;
  const misses: string[] = [];
  const byCategory = new Map<string, [number, number]>();
  const bySplit = new Map<string, { tp: number; fp: number; fn: number }>();
  for (const c of cases) {
    const got = triage(c.text).level;
    if (got === c.level) exact++;
    const cat = byCategory.get(c.category) ?? [0, 0];
    byCategory.set(c.category, [cat[0] + (got === c.level ? 1 : 0), cat[1] + 1]);
    const sp = bySplit.get(c.split) ?? { tp: 0, fp: 0, fn: 0 };
    bySplit.set(c.split, sp);
    if (c.level === "emergency" && got === "emergency") sp.tp++;
    else if (c.level === "emergency") sp.fn++;
    else if (got === "emergency") sp.fp++;
    if (c.level === "emergency" && got === "emergency") tp++;
    else if (c.level === "emergency") { fn++; misses.push(`missed ${c.id}: ${c.text}`); }
    else if (got === "emergency") { fp++; misses.push(`false alarm ${c.id} (${c.level}): ${c.text}`); }
  }
  const recall = tp / (tp + fn), precision = tp / (tp + fp);
  console.log(`emergency recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}, exact level ${(exact / cases.length).toFixed(3)} on ${cases.length} messages`);
  for (const [k, s] of bySplit) console.log(`  split ${k}: recall ${(s.tp / (s.tp + s.fn)).toFixed(3)}, precision ${(s.tp / (s.tp + s.fp)).toFixed(3)}`);
  for (const [k, [ok, n]] of byCategory) console.log(`  ${k}: ${ok}/${n}`);
  assert.ok(recall >= 0.97, `recall ${recall.toFixed(3)}\n${misses.join("\n")}`);
  assert.ok(precision >= 0.9, `precision ${precision.toFixed(3)}\n${misses.join("\n")}`);
});

test("the spelling corrector's keep-list matches the current rule vocabulary", async () => {
  const { TRIAGE_VOCAB } = await import("../../src/safety/normalize.ts");
  const { KEEP_VOCAB_HASH } = await import("../../src/safety/lexicon-keep.ts");
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256").update(TRIAGE_VOCAB.join(" ")).digest("hex").slice(0, 16);
  assert.equal(hash, KEEP_VOCAB_HASH, "rules changed: run `npx node scripts/make-triage-lexicon.ts` (needs Debian's wamerican)");
});

test("real words near red-flag words are not corrected into them", async () => {
  const { correctWord } = await import("../../src/safety/normalize.ts");
  for (const w of ["never", "coughing", "fade", "spurting", "heard", "paint", "breast"]) assert.equal(correctWord(w), w);
  for (const [typo, fixed] of [["chesst", "chest"], ["breth", "breath"], ["suicidel", "suicidal"], ["pian", "pain"], ["bleding", "bleeding"]]) {
    assert.equal(correctWord(typo), fixed);
  }
});
