/**
 * Loaders for the multiple-choice benchmarks, each reading its public release format (see
 * ../shared/datasets/README.md): MMLU CSVs, MMLU-Pro JSONL, MedQA JSONL, MedMCQA JSON lines,
 * AfriMed-QA JSONL, MedXpertQA JSONL.
 */
import { basename } from "node:path";
import { DatasetError, ItemProblem } from "../errors.ts";
import type { ClosedItem } from "../types.ts";
import { firstExisting, LETTERS, parseCsv, readJsonl, str } from "./read.ts";

/** Maps rows to items; an ItemProblem skips that row (recorded in `skipped`), other errors stop. */
function keep<R>(rows: R[], skipped: string[], fn: (row: R, i: number) => ClosedItem): ClosedItem[] {
  const out: ClosedItem[] = [];
  rows.forEach((r, i) => {
    try {
      out.push(fn(r, i));
    } catch (err) {
      if (!(err instanceof ItemProblem)) throw err;
      skipped.push(err.message.split("; expected")[0]! + (err.found ? ` (found ${err.found})` : ""));
    }
  });
  return out;
}

export const MMLU_HEALTH_SUBJECTS = ["anatomy", "clinical_knowledge", "college_biology", "college_medicine", "medical_genetics", "professional_medicine"];

/** Options given as texts take letters A, B, C…; given as pairs they keep their own letters. */
function item(id: string, question: string, options: string[] | Array<[string, string]>, gold: string, file: string, line: number, subset?: string): ClosedItem {
  const pairs: Array<[string, string]> = options.map((o, i) => (typeof o === "string" ? [LETTERS[i]!, o.trim()] : [o[0], o[1].trim()]));
  const labels = pairs.map((p) => p[0]);
  if (!labels.includes(gold)) throw new ItemProblem(basename(file), "the gold answer is not one of the options", { line, field: "answer", expected: labels.join(", "), found: JSON.stringify(gold) });
  return { kind: "closed", id, subset, question: question.trim(), options: pairs, labels, gold };
}

export function loadMmluHealth(data: string, skipped: string[] = []): ClosedItem[] {
  const out: ClosedItem[] = [];
  for (const subject of MMLU_HEALTH_SUBJECTS) {
    const dirs = ["mmlu_medical", "mmlu/test", "mmlu/data/test", "data/test", "test"];
    const path = firstExisting("mmlu_health", data, dirs.map((d) => `${d}/${subject}_test.csv`));
    const rows = parseCsv(path);
    // The official files have no header; a copy with one ("question,A,B,C,D,answer") is accepted too.
    const start = rows[0] && rows[0].cells[0]?.toLowerCase() === "question" ? 1 : 0;
    out.push(
      ...keep(rows.slice(start), skipped, ({ line, cells }, i) => {
        if (cells.length !== 6) throw new DatasetError(basename(path), "expected 6 columns (question, A, B, C, D, answer)", { line, found: `${cells.length} columns` });
        return item(`${subject}-${i}`, cells[0]!, cells.slice(1, 5), cells[5]!.trim(), path, line, subject);
      }),
    );
  }
  return out;
}

export function loadMmluProHealth(data: string, skipped: string[] = []): ClosedItem[] {
  const path = firstExisting("mmlu_pro_health", data, ["mmlu_pro_health/test_health.jsonl", "mmlu_pro/test.jsonl", "mmlu_pro_health/test.jsonl"]);
  const out: ClosedItem[] = [];
  const rows = readJsonl(path).filter(({ value: v }) => v.category === undefined || v.category === "health"); // the full test set: keep health
  for (const x of keep(rows, skipped, ({ line, value: v }) => {
    const options = v.options;
    if (!Array.isArray(options) || options.length < 2 || options.length > 10 || options.some((o) => typeof o !== "string")) {
      throw new DatasetError(basename(path), "options must be a list of 2–10 strings", { line, field: "options" });
    }
    return item(String(v.question_id ?? line), str(path, line, v, "question"), options as string[], str(path, line, v, "answer").trim(), path, line);
  }))
    out.push(x);
  return out;
}

export function loadMedqa(data: string, skipped: string[] = []): ClosedItem[] {
  const path = firstExisting("medqa", data, ["medqa_usmle_4options/phrases_no_exclude_test.jsonl", "medqa/US/4_options/phrases_no_exclude_test.jsonl", "medqa_usmle_4options/test.jsonl"]);
  return keep(readJsonl(path), skipped, ({ line, value: v }, i) => {
    const opts = v.options;
    if (!opts || typeof opts !== "object" || Array.isArray(opts)) throw new DatasetError(basename(path), "options must be an object of letter → text", { line, field: "options" });
    const letters = Object.keys(opts).sort();
    if (letters.join("") !== LETTERS.slice(0, letters.length).join("")) throw new DatasetError(basename(path), "option letters must run A, B, C…", { line, field: "options", found: letters.join(",") });
    return item(`medqa-${i}`, str(path, line, v, "question"), letters.map((l) => String((opts as Record<string, unknown>)[l] ?? "")), str(path, line, v, "answer_idx").trim(), path, line);
  });
}

export function loadMedmcqa(data: string, skipped: string[] = []): ClosedItem[] {
  const path = firstExisting("medmcqa", data, ["medmcqa/dev.json", "medmcqa/validation.json", "medmcqa/dev.jsonl"]);
  return keep(readJsonl(path), skipped, ({ line, value: v }) => {
    const cop = v.cop;
    if (typeof cop !== "number" || !Number.isInteger(cop) || cop < 1 || cop > 4) {
      throw new DatasetError(basename(path), "cop must be the gold option, 1–4 (1 = A)", { line, field: "cop", found: JSON.stringify(cop) });
    }
    const options = ["opa", "opb", "opc", "opd"].map((f) => (typeof v[f] === "string" ? (v[f] as string) : String(v[f] ?? "")));
    return item(String(v.id ?? line), str(path, line, v, "question"), options, LETTERS[cop - 1]!, path, line);
  });
}

export function loadAfrimedqa(data: string, skipped: string[] = []): ClosedItem[] {
  const path = firstExisting("afrimedqa", data, ["afrimedqa_mcq/afrimedqa_v2_expert_mcq.jsonl", "afrimedqa/afrimedqa_v2_expert_mcq.jsonl"]);
  return keep(readJsonl(path), skipped, ({ line, value: v }) => {
    const opts = v.options;
    if (!opts || typeof opts !== "object" || Array.isArray(opts)) throw new DatasetError(basename(path), "options must be an object of letter → text", { line, field: "options" });
    // Letters are kept as published: some items skip one (options B–E).
    const pairs = Object.keys(opts)
      .filter((l) => /^[A-J]$/.test(l) && String((opts as Record<string, unknown>)[l] ?? "").trim() !== "")
      .sort()
      .map((l): [string, string] => [l, String((opts as Record<string, unknown>)[l])]);
    if (pairs.length < 2) throw new ItemProblem(basename(path), "fewer than two options", { line, field: "options" });
    return item(String(v.sample_id ?? line), str(path, line, v, "question"), pairs, str(path, line, v, "answer").trim(), path, line);
  });
}

export function loadMedxpertqa(data: string, skipped: string[] = []): ClosedItem[] {
  const candidates = ["medxpertqa_text/test.jsonl", "medxpertqa_text/medxpertqa_text_input.jsonl", "medxpertqa_text/medxpertqa_text_partial.jsonl", "medxpertqa/Text/test.jsonl"];
  const path = firstExisting("medxpertqa", data, candidates);
  return keep(readJsonl(path), skipped, ({ line, value: v }) => {
    const opts = v.options;
    let options: string[];
    if (Array.isArray(opts)) options = opts.map((o) => String((o as Record<string, unknown>)?.content ?? ""));
    else if (opts && typeof opts === "object") options = Object.keys(opts).sort().map((k) => String((opts as Record<string, unknown>)[k]));
    else throw new DatasetError(basename(path), "options must be a list of {letter, content}", { line, field: "options" });
    const label = Array.isArray(v.label) ? v.label[0] : v.label;
    if (typeof label !== "string") throw new DatasetError(basename(path), "label must hold the gold letter", { line, field: "label", found: JSON.stringify(v.label) });
    // The stem is followed by "Answer Choices: (A) …"; the options are listed by the prompt instead.
    const stem = str(path, line, v, "question").replace(/\n?Answer Choices:[^]*$/, "");
    return item(String(v.id ?? line), stem, options, label.trim(), path, line);
  });
}
