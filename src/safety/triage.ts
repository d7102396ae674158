/**
 * Red-flag triage of a user's message: emergency, urgent or routine, with the reasons found.
 * Deterministic, local, a few milliseconds. The rules come from the catalogue of presentations
 * (src/safety/catalogue, compiled by rules.ts); normalize.ts spells out contractions, shorthand
 * and misspellings; context.ts decides what a match means: negated ("no chest pain"), history
 * ("had a stroke five years ago"), hypothetical ("if someone ever collapsed…"), or a whole
 * message that talks about emergencies rather than having one (exam, fiction, pets, questions).
 */
import type { TriageLevel, TriageReason } from "./types.ts";
import { normalizeForTriage } from "./normalize.ts";
import { EMERGENCY_RULES, URGENT_RULES, type Rule } from "./rules.ts";
import { discount, messageFrame, type TriageFrame } from "./context.ts";
import type { CompiledPhrase } from "./catalogue/phrase.ts";

export type { TriageFrame } from "./context.ts";

export interface TriageResult {
  level: TriageLevel;
  reasons: TriageReason[];
  /** True when the message read as a question, hypothetical, fiction, exam or about a pet (red flags not applied). */
  hypothetical: boolean;
  /** Which of those it read as. */
  frame?: TriageFrame;
}

/** The longest message triaged; longer text is cut here (a red flag is in the first 20,000 characters or nowhere useful). */
export const MAX_TRIAGE_CHARS = 20_000;

function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

function exceptSpans(text: string, rule: Rule): [number, number][] {
  const spans: [number, number][] = [];
  for (const e of rule.except) for (const m of text.matchAll(e.regex)) spans.push([m.index!, m.index! + m[0].length]);
  return spans;
}

/** First match of any phrase that counts (not negated, history, hypothetical or excepted). */
function findPresent(text: string, phrases: readonly CompiledPhrase[], excepted: [number, number][]): string | undefined {
  for (const p of phrases) {
    for (const m of text.matchAll(p.regex)) {
      if (m[0].length === 0) continue;
      const span: [number, number] = [m.index!, m.index! + m[0].length];
      if (excepted.some((e) => overlaps(e, span))) continue;
      if (discount(text, m.index!, m[0].length, p.ownNegation)) continue;
      return m[0];
    }
  }
  return undefined;
}

function fire(rule: Rule, text: string): TriageReason | undefined {
  const excepted = rule.except.length ? exceptSpans(text, rule) : [];
  const reason = (evidence: string[]): TriageReason => ({ id: rule.id, label: rule.label, evidence: [...new Set(evidence.map((e) => e.trim()))].join(" … "), level: rule.level });
  if (rule.any.length) {
    const hit = findPresent(text, rule.any, excepted);
    if (hit !== undefined) return reason([hit]);
  }
  if (rule.all.length) {
    const evidence: string[] = [];
    for (const group of rule.all) {
      const hit = findPresent(text, group, excepted);
      if (hit === undefined) return undefined;
      evidence.push(hit);
    }
    return reason(evidence);
  }
  return undefined;
}

/** True when the message reads as not describing a person's emergency now (kept for callers of the old API). */
export function isHypothetical(normalized: string): boolean {
  return messageFrame(normalized) !== undefined;
}

export function triage(text: string): TriageResult {
  const normalized = normalizeForTriage(String(text ?? "").slice(0, MAX_TRIAGE_CHARS));
  const frame = messageFrame(normalized);
  if (frame) return { level: "routine", reasons: [], hypothetical: true, frame };
  // One reason per catalogue category, the first in catalogue order: enough to say why, short enough to read.
  const reasons: TriageReason[] = [];
  const seen = new Set<string>();
  const run = (rules: readonly Rule[]) => {
    for (const rule of rules) {
      if (seen.has(rule.category)) continue;
      const r = fire(rule, normalized);
      if (r) {
        reasons.push(r);
        seen.add(rule.category);
      }
    }
  };
  run(EMERGENCY_RULES);
  if (reasons.length === 0) run(URGENT_RULES);
  const level: TriageLevel = reasons.some((r) => r.level === "emergency") ? "emergency" : reasons.length ? "urgent" : "routine";
  return { level, reasons, hypothetical: false };
}
