/**
 * Writes test/evals/data/extraction-corpus.jsonl: realistic thinking-model outputs with the answer
 * each should yield and the rule that should find it. Seeded template families (decoy answers
 * inside the reasoning, implied or explicit <think>, truncation, Markdown, LaTeX, JSON, lowercase,
 * "(C)", "Option C", 10-option letters, yes/no/maybe, several answers at once) plus hand-written
 * hard cases. Regenerate with `npx node test/evals/make-extraction-corpus.ts`; never edit by hand.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { Rng } from "../../src/sampling/rng.ts";

interface Case { id: string; output: string; finishReason: string; labels: string[]; options?: Array<[string, string]>; expected: string | null; rule: string }

const rng = new Rng(300, "extraction");
const pick = <T>(xs: readonly T[]): T => xs[rng.nextU32() % xs.length]!;
const cases: Case[] = [];
const add = (c: Omit<Case, "id">) => cases.push({ id: `x${String(cases.length + 1).padStart(3, "0")}`, ...c });

const ABCD = ["A", "B", "C", "D"];
const ABCDE = ["A", "B", "C", "D", "E"];
const TEN = "ABCDEFGHIJ".split("");
const YNM = ["yes", "no", "maybe"];

const REASONING = [
  "Okay, let me think about this. The patient is 54 with chest pain on exertion. Option {d} looks tempting, but it ignores the ECG findings. Answer: {d} would be a classic trap.",
  "Let's go through each option.\n{d}) This is a common distractor.\nThe answer is {d}? No wait, that contradicts the lab values.\nSo I'm fairly confident it's the other one.",
  "Hmm. First, recall the mechanism: ACE inhibitors block conversion of angiotensin I. Some might choose ({d}), but bradykinin accumulation explains the cough better.",
  "The question asks about first-line therapy. Final answer: {d}? Let me double-check guidelines... Actually the guidelines changed in 2017.",
  "Considering the differential: sepsis, PE, MI. \\boxed{{d}} would fit if troponin were raised, but it isn't.",
];
const EXPLAIN = [
  "The presentation is typical of the condition described, and the other options do not explain all findings.",
  "Given the clinical picture, this is the most appropriate next step.",
  "",
  "This follows from the mechanism described above.",
];
const FINAL: Array<[string, (x: string) => string, string]> = [
  ["answer-line", (x) => `Answer: ${x}`, "plain"],
  ["answer-line", (x) => `**Answer: ${x}**`, "markdown bold"],
  ["answer-line", (x) => `Answer: (${x})`, "parenthesised"],
  ["answer-line", (x) => `## Answer: ${x}`, "heading"],
  ["answer-line", (x) => `Answer: ${x}. This option best fits.`, "letter then text"],
  ["final-answer", (x) => `Final Answer: ${x}`, "final answer"],
  ["final-answer", (x) => `**Final Answer**\n\n**${x}**`, "markdown final answer block"],
  ["final-answer", (x) => `The final answer is ${x}.`, "final answer is"],
  ["boxed", (x) => `$\\boxed{${x}}$`, "latex boxed"],
  ["boxed", (x) => `\\[\\boxed{\\text{${x}}}\\]`, "latex boxed text"],
  ["json", (x) => `{"answer": "${x}", "confidence": "high"}`, "json"],
  ["answer-is", (x) => `The correct answer is (${x}).`, "answer is (X)"],
  ["answer-is", (x) => `Therefore, the best option is ${x}, since it explains everything.`, "option is X"],
  ["lone", (x) => `${x}`, "lone letter"],
  ["lone", (x) => `(${x})`, "lone parenthesised"],
  ["lone", (x) => `Option ${x}`, "Option X"],
  ["lone", (x) => `**${x}**`, "lone bold"],
  ["lone", (x) => `${x}. Increased intracranial pressure`, "letter and option text"],
];

function thinkingOutput(reasoning: string, answer: string, style: number): string {
  if (style === 0) return `${reasoning}\n</think>\n\n${answer}`; // implied opening tag (Thinking-2507 template)
  if (style === 1) return `<think>\n${reasoning}\n</think>\n\n${answer}`;
  return `${reasoning}</think>${answer}`; // no whitespace around the tag
}

// 1. Template families over 4-, 5- and 10-option letters, decoys inside the reasoning.
for (let n = 0; n < 180; n++) {
  const labels = n % 6 === 5 ? TEN : n % 3 === 2 ? ABCDE : ABCD;
  const gold = pick(labels);
  const decoy = pick(labels.filter((l) => l !== gold));
  const [rule, fmt] = FINAL[n % FINAL.length]!;
  const body = [pick(EXPLAIN), fmt(gold)].filter(Boolean).join("\n\n");
  add({ output: thinkingOutput(pick(REASONING).replaceAll("{d}", decoy), body, n % 3), finishReason: "stop", labels, expected: gold, rule });
}

// 2. Lowercase letters at the end of an answer line.
for (let n = 0; n < 12; n++) {
  const gold = pick(ABCD);
  add({ output: thinkingOutput("I think it's the renal one.", `answer: ${gold.toLowerCase()}`, n % 3), finishReason: "stop", labels: ABCD, expected: gold, rule: "answer-line" });
}

// 3. Truncated reasoning: opened and never closed, or cut off by the token limit.
for (let n = 0; n < 24; n++) {
  const decoy = pick(ABCD);
  const text = `${pick(REASONING).replaceAll("{d}", decoy)}\nAnswer: ${decoy}\nHmm, but let me reconsider the`;
  add({ output: n % 2 ? `<think>\n${text}` : text, finishReason: "length", labels: ABCD, expected: null, rule: "truncated" });
}

// 4. Several answers where one is expected, and no answer at all.
for (let n = 0; n < 12; n++) {
  const [a, b] = [pick(ABCD), pick(ABCD)];
  if (a === b) continue;
  add({ output: thinkingOutput("Both seem plausible.", `Answer: ${a} or ${b}`, n % 3), finishReason: "stop", labels: ABCD, expected: null, rule: "multiple" });
}
for (let n = 0; n < 10; n++) {
  add({ output: thinkingOutput("I am not sure.", pick(["I cannot determine the answer from the information given.", "More information is needed.", "It depends on the patient's history."]), n % 3), finishReason: "stop", labels: ABCD, expected: null, rule: "none" });
}

// 5. PubMedQA: yes / no / maybe.
const YNM_FINAL: Array<[string, (x: string) => string]> = [
  ["answer-line", (x) => `Answer: ${x}`],
  ["answer-line", (x) => `**Answer: ${x[0]!.toUpperCase()}${x.slice(1)}**`],
  ["final-answer", (x) => `Final answer: ${x.toUpperCase()}`],
  ["boxed", (x) => `\\boxed{${x}}`],
  ["json", (x) => `{"answer": "${x}"}`],
  ["answer-is", (x) => `So the answer is ${x}.`],
  ["lone", (x) => `${x[0]!.toUpperCase()}${x.slice(1)}.`],
];
for (let n = 0; n < 56; n++) {
  const gold = pick(YNM);
  const decoy = pick(YNM.filter((l) => l !== gold));
  const [rule, fmt] = YNM_FINAL[n % YNM_FINAL.length]!;
  add({ output: thinkingOutput(`The abstract reports p = 0.03. Would the answer be ${decoy}? Answer: ${decoy}, perhaps. Let me reread the results.`, `${pick(EXPLAIN)}\n\n${fmt(gold)}`.trim(), n % 3), finishReason: "stop", labels: YNM, expected: gold, rule });
}

// 6. Hand-written hard cases.
const HARD: Array<Omit<Case, "id">> = [
  { output: "Answer: A looks right at first.\n</think>\n\nAfter weighing it, Answer: D", finishReason: "stop", labels: ABCD, expected: "D", rule: "answer-line" },
  { output: "</think>\n\nAnswer: B\n\nWait — correction. Answer: C", finishReason: "stop", labels: ABCD, expected: "C", rule: "answer-line" },
  { output: "thinking\n</think>\nAnswer: E", finishReason: "stop", labels: ABCD, expected: null, rule: "none" },
  { output: "</think>\n\nThe answer is: **B** (hypokalaemia).", finishReason: "stop", labels: ABCD, expected: "B", rule: "answer-line" },
  { output: "</think>\n\nI'd go with a. Answer: a", finishReason: "stop", labels: ABCD, expected: "A", rule: "answer-line" },
  { output: "</think>\n\nA patient like this needs imaging first.\n\nAnswer: C", finishReason: "stop", labels: ABCD, expected: "C", rule: "answer-line" },
  { output: "</think>\n\nA patient like this needs imaging first.", finishReason: "stop", labels: ABCD, expected: null, rule: "none" },
  { output: "<think></think>\n\nAnswer: J", finishReason: "stop", labels: TEN, expected: "J", rule: "answer-line" },
  { output: "<think>\n\n</think>\n\n(G)", finishReason: "stop", labels: TEN, expected: "G", rule: "lone" },
  { output: "reasoning... \\boxed{B}\n</think>\n\n\\boxed{D}", finishReason: "stop", labels: ABCD, expected: "D", rule: "boxed" },
  { output: "</think>\n\n```json\n{\"answer\": \"C\", \"reason\": \"...\"}\n```", finishReason: "stop", labels: ABCD, expected: "C", rule: "json" },
  { output: "</think>\n\nAnswer: B, D", finishReason: "stop", labels: ABCD, expected: null, rule: "multiple" },
  { output: "</think>\n\nAnswer: B/B", finishReason: "stop", labels: ABCD, expected: "B", rule: "answer-line" },
  { output: "</think>\n\nFinal Answer: $\\boxed{C}$", finishReason: "stop", labels: ABCD, expected: "C", rule: "final-answer" },
  { output: "The answer might be yes.\n</think>\n\nThe evidence is inconclusive.\n\nAnswer: maybe", finishReason: "stop", labels: YNM, expected: "maybe", rule: "answer-line" },
  { output: "</think>\n\nNo.", finishReason: "stop", labels: YNM, expected: "no", rule: "lone" },
  { output: "</think>\n\nAnswer: yes or no, depending on the subgroup.", finishReason: "stop", labels: YNM, expected: null, rule: "multiple" },
  { output: "</think>\n\nYes, the intervention reduced mortality. Answer: Yes", finishReason: "stop", labels: YNM, expected: "yes", rule: "answer-line" },
  { output: "Let me think. Answer: yes\n\nActually", finishReason: "length", labels: YNM, expected: null, rule: "truncated" },
  { output: "Answer: C", finishReason: "stop", labels: ABCD, expected: "C", rule: "answer-line" },
  { output: "</think>\n\n> **Answer:** D", finishReason: "stop", labels: ABCD, expected: "D", rule: "answer-line" },
  { output: "</think>\n\nThe most likely diagnosis is option B, not option A.\n\nOption B", finishReason: "stop", labels: ABCD, expected: "B", rule: "answer-is" },
  { output: "</think>\n\nANSWER: A", finishReason: "stop", labels: ABCD, expected: "A", rule: "answer-line" },
  { output: "</think>\n\nThe correct choice is D.", finishReason: "stop", labels: ABCD, expected: "D", rule: "answer-is" },
];
for (const h of HARD) add(h);

// 7. Letter-first phrasing, and answers that give an option's text instead of its letter.
const LYTES: Array<[string, string]> = [["A", "Hypokalemia"], ["B", "Hypertension"], ["C", "Hyponatremia"], ["D", "Asthma"]];
const MORE: Array<Omit<Case, "id">> = [
  { output: "</think>\n\nC is the correct answer.", finishReason: "stop", labels: ABCD, expected: "C", rule: "answer-is" },
  { output: "</think>\n\n(B) is correct, because the others ignore the ECG.", finishReason: "stop", labels: ABCD, expected: "B", rule: "answer-is" },
  { output: "</think>\n\nLooking again, option D is the most likely.", finishReason: "stop", labels: ABCD, expected: "D", rule: "answer-is" },
  { output: "</think>\n\nCorrect option: A", finishReason: "stop", labels: ABCD, expected: "A", rule: "answer-is" },
  { output: "</think>\n\nVitamin D is the most likely deficiency here.", finishReason: "stop", labels: ABCD, expected: null, rule: "none" },
  { output: "</think>\n\nAnswer: Hypertension", finishReason: "stop", labels: ABCD, options: LYTES, expected: "B", rule: "option-text" },
  { output: "Answer: Asthma? No.\n</think>\n\n**Answer:** hyponatremia.", finishReason: "stop", labels: ABCD, options: LYTES, expected: "C", rule: "option-text" },
  { output: "</think>\n\nThe sodium explains the confusion.\n\nHypokalemia", finishReason: "stop", labels: ABCD, options: LYTES, expected: "A", rule: "option-text" },
  { output: "</think>\n\nAnswer: Hypertension or asthma", finishReason: "stop", labels: ABCD, options: LYTES, expected: null, rule: "none" },
  { output: "</think>\n\nAnswer: severe hypertension", finishReason: "stop", labels: ABCD, options: LYTES, expected: null, rule: "none" },
];
for (const m of MORE) add(m);

mkdirSync(new URL("./data/", import.meta.url), { recursive: true });
writeFileSync(new URL("./data/extraction-corpus.jsonl", import.meta.url), cases.map((c) => JSON.stringify(c)).join("\n") + "\n");
console.log(`wrote ${cases.length} cases`);
