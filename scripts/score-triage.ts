/**
 * Scores the rules-only triage on labelled sets: emergency recall and precision per set, recall per
 * emergency category, false alarms per routine category, and (with --misses) every miss and false
 * alarm. `node scripts/score-triage.ts test/safety/data/triage-unseen-a.jsonl [...] [--misses]`
 */
import { readFileSync } from "node:fs";
import { triage } from "../src/safety/triage.ts";
import { scoreCases, formatScore, type LabelledCase } from "../test/safety/triage-score.ts";

const args = process.argv.slice(2);
const showMisses = args.includes("--misses");
for (const file of args.filter((a) => !a.startsWith("--"))) {
  const cases = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as LabelledCase);
  const score = scoreCases(cases, (text) => triage(text).level);
  console.log(`## ${file}\n${formatScore(score)}`);
  if (showMisses) for (const m of score.misses) console.log(`  ${m}`);
}
