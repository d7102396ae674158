/**
 * Answer extraction for thinking models. The answer is the text after the last `</think>` (the
 * opening tag may be implied by the chat template); output that never closes its reasoning is
 * truncated and scores as wrong. Then ordered rules, first match wins, and the rule is recorded:
 *   answer-line  "Answer: X" (last such line)
 *   final-answer "Final Answer: X", "final answer is X"
 *   boxed        \boxed{X}
 *   json         {"answer": "X"}
 *   answer-is    "the (correct) answer/option is (X)", "correct option: X", "X is the correct answer"
 *   lone         the answer is just "X", "(X)", "X.", "Option X", "**X**" or "X. option text"
 *   option-text  no letter, but the answer line (or last line) is exactly one option's text
 * Several different answers where one is expected ("Answer: A or C") extract nothing (rule
 * `multiple`).
 */
export interface Extraction {
  answer: string | null;
  rule: string;
  truncated: boolean;
  /** The text the rules ran on (after the reasoning). */
  answerText: string;
}

export interface ExtractOptions {
  /** Allowed labels: option letters ("A"…"J") or words ("yes", "no", "maybe"). */
  labels: string[];
  /** Option letter → text, for answers that give the text instead of the letter. */
  options?: Array<[string, string]>;
}

/** Splits a raw completion: everything before the last `</think>` is reasoning. */
export function splitThinking(raw: string): { reasoning: string; answer: string; truncated: boolean } {
  const close = raw.lastIndexOf("</think>");
  if (close >= 0) return { reasoning: raw.slice(0, close).replace(/^\s*<think>/, ""), answer: raw.slice(close + 8), truncated: false };
  const open = raw.indexOf("<think>");
  if (open >= 0) return { reasoning: raw.slice(open + 7), answer: "", truncated: true };
  return { reasoning: "", answer: raw, truncated: false };
}

const clean = (s: string) => s.replace(/\*\*|__|`/g, "").replace(/\\text\{([^}]*)\}/g, "$1").replace(/\\textbf\{([^}]*)\}/g, "$1");

export function extractAnswer(answerText: string, o: ExtractOptions, truncated = false): Extraction {
  if (truncated) return { answer: null, rule: "truncated", truncated: true, answerText };
  const text = clean(answerText);
  const words = o.labels.every((l) => l.length > 1);
  const label = words ? `(${o.labels.join("|")})` : `\\(?([${o.labels.join("")}])\\)?`;
  const after = words ? "(?![a-z])" : "(?![A-Za-z0-9])";
  const flags = words ? "gi" : "g";
  const norm = (x: string) => (words ? x.toLowerCase() : x.toUpperCase());
  const pick = (rule: string, re: RegExp): Extraction | undefined => {
    const all = [...text.matchAll(re)];
    if (all.length === 0) return undefined;
    const last = all.at(-1)!;
    const hit = norm(last[1]!);
    // The same line naming a second, different label ("Answer: A or C") is not one answer.
    const rest = text.slice(last.index! + last[0].length).split("\n")[0]!;
    const other = new RegExp(`^\\s*(?:,|/|or|and|&)\\s*${label}${after}`, words ? "i" : "").exec(rest);
    if (other && norm(other[1]!) !== hit) return { answer: null, rule: "multiple", truncated: false, answerText };
    return { answer: o.labels.find((l) => norm(l) === hit) ?? null, rule, truncated: false, answerText };
  };
  const rules: Array<[string, RegExp]> = [
    ["answer-line", new RegExp(`(?<![A-Za-z])(?<!final\\s)answer\\s*(?:is)?\\s*[:：]\\s*(?:option\\s*)?${label}${after}`, flags.includes("i") ? flags : flags + "i")],
    ["final-answer", new RegExp(`final answer\\s*(?:is|:|：|=)?\\s*(?:option\\s*)?(?:\\$?\\\\boxed\\{)?${label}${after}`, "gi")],
    ["boxed", new RegExp(`\\\\boxed\\{\\s*(?:option\\s*)?${label}(?:[.)]?[^}]*)?\\}`, words ? "gi" : "g")],
    ["json", new RegExp(`"answer"\\s*:\\s*"\\s*${label}\\s*"`, words ? "gi" : "g")],
    ["answer-is", new RegExp(`(?:answer|option|choice)\\s+(?:is|would be|=)\\s*(?:option\\s*)?:?\\s*${label}${after}`, words ? "gi" : "g")],
  ];
  if (!words) {
    // Uppercase-only letter rules need the case-insensitive keyword separately.
    rules[4] = ["answer-is", new RegExp(`(?:[Aa]nswer|[Oo]ption|[Cc]hoice|[Dd]iagnosis|[Nn]ext step)\\s*(?:\\s(?:is|would be)|=|[:：])\\s*(?:[Oo]ption\\s*)?:?\\s*${label}${after}`, "g")];
    // Letter first, opening a sentence or after "Option": "C is the correct answer", "(B) is correct"
    // (not "vitamin D is the most likely cause").
    rules.push(["answer-is", new RegExp(`(?<=^|[\\n.!?:]\\s*|\\b(?:[Oo]ption|[Cc]hoice)\\s+)${label}\\s+is\\s+(?:the\\s+)?(?:correct|right|best|most (?:likely|appropriate))(?![a-z])`, "g")]);
    rules[1] = ["final-answer", new RegExp(`[Ff]inal [Aa]nswer\\s*(?:is|:|：|=)?\\s*(?:[Oo]ption\\s*)?(?:\\$?\\\\boxed\\{)?${label}${after}`, "g")];
    rules[0] = ["answer-line", new RegExp(`(?<![A-Za-z])(?<![Ff]inal\\s|FINAL\\s)(?:[Aa]nswer|ANSWER)\\s*(?:is)?\\s*[:：]\\s*(?:[Oo]ption\\s*)?${label}${after}`, "g")];
  }
  if (!words) {
    // A lowercase letter only where nothing else can follow it: "answer: c" at the end of a line.
    const lower = `\\(?([${o.labels.join("").toLowerCase()}])\\)?`;
    rules.splice(1, 0, ["answer-line", new RegExp(`(?<![A-Za-z])(?<!final\\s)answer\\s*(?:is)?\\s*[:：]\\s*${lower}[.)]?[ \\t]*(?=\\n|$)`, "gi")]);
  }
  for (const [rule, re] of rules) {
    const r = pick(rule, re);
    if (r) return r;
  }
  // The last non-empty line on its own: "C", "(C)", "Option C", "C. text", "Yes."
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const lone = (lines.at(-1) ?? "").replace(/^[\s>#*-]+/, "").replace(/[\s.!]+$/, "");
  const loneRe = words ? new RegExp(`^${label}$`, "i") : new RegExp(`^(?:[Oo]ption\\s*)?\\(?([${o.labels.join("")}])\\)?(?:[.:)]\\s+\\S.*)?$`, "s");
  const m = loneRe.exec(lone);
  if (m && (words || lone.length < 400)) return { answer: o.labels.find((l) => norm(l) === norm(m[1]!)) ?? null, rule: "lone", truncated: false, answerText };
  const byText = o.options ? matchOptionText(text, lines, o.options) : undefined;
  if (byText) return { answer: byText, rule: "option-text", truncated: false, answerText };
  return { answer: null, rule: "none", truncated: false, answerText };
}

/** "Answer: Hypertension" (or a last line that is just an option's text): that option's letter, if exactly one matches. */
function matchOptionText(text: string, lines: string[], options: Array<[string, string]>): string | undefined {
  const flat = (x: string) => x.toLowerCase().replace(/^[\s>#*-]+/, "").replace(/^the\s+/, "").replace(/[\s.!]+$/, "").replace(/\s+/g, " ").trim();
  const answerLines = [...text.matchAll(/answer\s*(?:is)?\s*[:：]\s*([^\n]+)/gi)];
  const candidate = flat(answerLines.at(-1)?.[1] ?? lines.at(-1) ?? "");
  if (!candidate) return undefined;
  const hits = options.filter(([, t]) => flat(t) === candidate);
  return hits.length === 1 ? hits[0]![0] : undefined;
}

/**
 * A raw completion (no separate reasoning field): split at the last `</think>`; an opened but
 * never closed block, or a thinking model cut off by the token limit before `</think>`, is
 * truncated.
 */
export function extractFromRaw(raw: string, finishReason: string, o: ExtractOptions): Extraction & { reasoning: string } {
  const s = splitThinking(raw);
  const truncated = s.truncated || (!raw.includes("</think>") && finishReason === "length");
  return { ...extractAnswer(s.answer, o, truncated), reasoning: s.reasoning };
}
