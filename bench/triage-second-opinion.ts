/**
 * What triage costs: the rules alone, and the loaded model's second opinion (one constrained
 * prefill), on the labelled messages of test/safety/data. Prints prompt tokens and milliseconds per
 * message and the ratio of rules + model to rules alone, both measured in this one run.
 *
 *   node bin/medpsy.js make-test-model --shape small --dtype q4_k_m --out /tmp/small.gguf
 *   node bench/triage-second-opinion.ts -m /tmp/small.gguf [--messages 40] [--threads 2]
 *
 * With random test weights the model's answers mean nothing; only the cost is measured.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadModel } from "../src/index.ts";
import { triage } from "../src/safety/triage.ts";
import { modelClassifier } from "../src/safety/second-opinion.ts";

const { values } = parseArgs({ options: { m: { type: "string" }, messages: { type: "string", default: "40" }, threads: { type: "string", default: "2" } } });
if (!values.m) {
  console.error("usage: node bench/triage-second-opinion.ts -m MODEL.gguf [--messages N] [--threads N]");
  process.exit(2);
}
const texts = ["triage-unseen-a.jsonl", "triage-unseen-b.jsonl"]
  .flatMap((f) => readFileSync(new URL(`../test/safety/data/${f}`, import.meta.url), "utf8").trim().split("\n"))
  .map((l) => (JSON.parse(l) as { text: string }).text)
  .filter((_, i) => i % 5 === 0)
  .slice(0, Number(values.messages));

const model = await loadModel(values.m, { threads: Number(values.threads), contextLength: 512 });
const classify = modelClassifier(model);
await classify("warm-up"); // compiles the kernels and builds the answer-token table

const rulesStart = performance.now();
for (let r = 0; r < 20; r++) for (const t of texts) triage(t);
const rulesMs = (performance.now() - rulesStart) / (20 * texts.length);

const tokens: number[] = [];
const ms: number[] = [];
for (const t of texts) {
  const start = performance.now();
  const o = await classify(t);
  ms.push(performance.now() - start);
  tokens.push(o.promptTokens);
}
await model.close();

const sorted = [...ms].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
const meanTokens = tokens.reduce((a, b) => a + b, 0) / tokens.length;
console.log(`model ${values.m} (${(model.info.parameterCount / 1e6).toFixed(0)} M parameters), ${texts.length} messages, ${values.threads} threads`);
console.log(`rules alone:        ${rulesMs.toFixed(3)} ms/message`);
console.log(`second opinion:     ${meanTokens.toFixed(0)} prompt tokens (max ${Math.max(...tokens)}), median ${median.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms`);
console.log(`rules + model / rules alone: ${((rulesMs + median) / rulesMs).toFixed(0)}×`);
