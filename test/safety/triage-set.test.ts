/**
 * Triage measured on the labelled sets (test/safety/data/triage-set.jsonl and triage-unseen-*.jsonl,
 * written for medpsy, each case with its category and source): recall and precision of `emergency`
 * on every set against the goals (recall ≥ 0.97, precision ≥ 0.90 once a set is part of the
 * regression suite), per-category figures printed for the README. First-seen scores, the honest
 * estimate on new phrasing, are recorded in test/safety/data/triage-unseen.README.md.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { triage } from "../../src/safety/index.ts";
import { CATEGORIES } from "../../src/safety/catalogue/index.ts";
import { formatScore, scoreCases, type LabelledCase } from "./triage-score.ts";

const dataDir = new URL("./data/", import.meta.url);
const sets = readdirSync(dataDir)
  .filter((f) => /^triage-(set|unseen-[a-z]+)\.jsonl$/.test(f))
  .sort()
  .map((file) => ({ file, cases: readFileSync(new URL(file, dataDir), "utf8").trim().split("\n").map((l) => JSON.parse(l) as LabelledCase) }));

test("the labelled sets are large, varied and sourced", () => {
  assert.ok(sets.length >= 2, sets.map((s) => s.file).join(", "));
  const ids = new Set<string>();
  for (const { file, cases } of sets) {
    assert.ok(cases.length >= 200, `${file}: ${cases.length} cases`);
    for (const c of cases) {
      assert.ok(c.text && c.level && c.category && c.split && c.source, `${file} ${c.id}`);
      assert.ok(!ids.has(c.id), `duplicate id ${c.id}`);
      ids.add(c.id);
    }
    for (const level of ["emergency", "routine"]) assert.ok(cases.filter((c) => c.level === level).length >= 50, `${file}: ${level}`);
  }
});

test("every catalogue category has emergencies in every unseen set", () => {
  for (const { file, cases } of sets.filter((s) => s.file.startsWith("triage-unseen-"))) {
    for (const category of CATEGORIES) {
      assert.ok(cases.some((c) => c.level === "emergency" && c.category === category), `${file} has no ${category} emergency`);
    }
  }
});

for (const { file, cases } of sets) {
  test(`${file}: emergency recall ≥ 0.97 and precision ≥ 0.90`, () => {
    const score = scoreCases(cases, (text) => triage(text).level);
    console.log(`${file}\n${formatScore(score)}`);
    assert.ok(score.recall >= 0.97, `recall ${score.recall.toFixed(3)}\n${score.misses.join("\n")}`);
    assert.ok(score.precision >= 0.9, `precision ${score.precision.toFixed(3)}\n${score.misses.join("\n")}`);
  });
}

test("the spelling corrector's keep-list matches the declared vocabulary", async () => {
  const { TRIAGE_VOCAB } = await import("../../src/safety/normalize.ts");
  const { KEEP_VOCAB_HASH } = await import("../../src/safety/lexicon-keep.ts");
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256").update(TRIAGE_VOCAB.join(" ")).digest("hex").slice(0, 16);
  assert.equal(hash, KEEP_VOCAB_HASH, "vocabulary changed: run `node scripts/make-triage-lexicon.ts` (needs Debian's wamerican)");
});

test("real words near red-flag words are not corrected into them", async () => {
  const { correctWord } = await import("../../src/safety/normalize.ts");
  for (const w of ["never", "coughing", "fade", "spurting", "heard", "paint", "breast", "fiver", "bleeper"]) assert.equal(correctWord(w), w);
  for (const [typo, fixed] of [["chesst", "chest"], ["breathign", "breathing"], ["suicidel", "suicidal"], ["pian", "pain"], ["bleding", "bleeding"], ["paracetomol", "paracetamol"], ["unconcious", "unconscious"]]) {
    assert.equal(correctWord(typo!), fixed);
  }
});
