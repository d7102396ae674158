/**
 * Red-flag triage of a user's message: emergency, urgent or routine, with the reasons found.
 * Deterministic, local, < 1 ms typical. Handles negation ("no chest pain", "the bleeding has
 * stopped"), other people ("my father…"), misspellings and plain language (normalize.ts, rules.ts)
 * and general or hypothetical questions ("what are the signs of a stroke?"), which are routine.
 */
import type { TriageLevel, TriageReason } from "../sdk/types.ts";
import { normalizeForTriage } from "./normalize.ts";
import { EMERGENCY_RULES, URGENT_RULES, type Rule } from "./rules.ts";

export interface TriageResult {
  level: TriageLevel;
  reasons: TriageReason[];
  /** True when the message read as a general or hypothetical question (red flags not applied). */
  hypothetical: boolean;
}

const PRE_NEGATION = /\b(no|not|denies|denied|denying|without|never|none|nor|negative for|free of|no longer|absence of|ruled out|do not have|does not have|did not have|has not had|have not had)\b/;
const POST_NEGATION = /^[^.;!?]{0,25}?\b(stopped|has stopped|have stopped|resolved|went away|gone|is gone|are gone|ruled out|settled|under control|is fine now|are fine now)\b/;
const CLAUSE_END = /[.;!?\n]|\bbut\b|\bhowever\b|\balthough\b/g;

/** The start of the clause containing position `at`. */
function clauseStart(text: string, at: number): number {
  let start = 0;
  for (const m of text.matchAll(CLAUSE_END)) {
    const end = m.index! + m[0].length;
    if (end <= at) start = end;
    else break;
  }
  return start;
}

function negated(text: string, index: number, length: number): boolean {
  const start = clauseStart(text, index);
  const before = text.slice(start, index).trim().split(/\s+/).slice(-5).join(" ");
  if (PRE_NEGATION.test(before)) return true;
  return POST_NEGATION.test(text.slice(index + length));
}

/** First un-negated match of a concept, if any. */
function findPresent(text: string, concept: RegExp): string | undefined {
  const global = new RegExp(concept.source, concept.flags.includes("g") ? concept.flags : concept.flags + "g");
  for (const m of text.matchAll(global)) {
    if (m[0].length === 0) continue;
    if (!negated(text, m.index!, m[0].length)) return m[0];
  }
  return undefined;
}

function fire(rule: Rule, text: string): TriageReason | undefined {
  const evidence: string[] = [];
  for (const concept of rule.all) {
    const hit = findPresent(text, concept);
    if (hit === undefined) return undefined;
    evidence.push(hit.trim());
  }
  return { id: rule.id, label: rule.label, evidence: [...new Set(evidence)].join(" … "), level: rule.level };
}

const GENERIC_QUESTION =
  /\b(what (are|is) (the )?(signs?|symptoms?|warning signs?|causes?|treatment|difference|definition|first aid)|how (do|does|can|would|should) (you|someone|one|a person|people|i) (tell|know|recogni[sz]e|spot|treat|help|prevent|do cpr)|what (should|do|does|would|can) (someone|a person|people|you|one) do|signs of|symptoms of|in general|hypothetical\w*|for (a|my) (story|novel|book|class|exam|essay|presentation|course|assignment|paper|script)|what happens (if|when)|is it true that|how much [^.?]{0,40}(overdose|lethal|toxic|too much)|how does [^.?]{0,40} work|what is (a|an|the) [a-z ]{0,40}\?|explain|define|statistics|research on)\b/;
const PERSONAL_NOW =
  /\b(i am (having|feeling|bleeding|pregnant)|i have|i feel|i took|i just|i cannot|i think i|i keep|my (chest|head|arm|face|throat|tongue|lips|baby|son|daughter|wife|husband|mom|mum|mother|dad|father|friend|brother|sister|partner|kid|child|grandma|grandmother|grandpa|grandfather)|he is|she is|he has|she has|he took|she took|he just|she just|they are|right now|currently|tonight|this morning|at the moment|just now)\b/;

export function isHypothetical(normalized: string): boolean {
  return GENERIC_QUESTION.test(normalized) && !PERSONAL_NOW.test(normalized);
}

const RANK: Record<TriageLevel, number> = { routine: 0, urgent: 1, emergency: 2 };

export function triage(text: string): TriageResult {
  const normalized = normalizeForTriage(String(text ?? "").slice(0, 20_000));
  if (isHypothetical(normalized)) return { level: "routine", reasons: [], hypothetical: true };
  const reasons: TriageReason[] = [];
  for (const rule of EMERGENCY_RULES) {
    const r = fire(rule, normalized);
    if (r) reasons.push(r);
  }
  if (reasons.length === 0) {
    for (const rule of URGENT_RULES) {
      const r = fire(rule, normalized);
      if (r) reasons.push(r);
    }
  }
  const level = reasons.reduce<TriageLevel>((lv, r) => (RANK[r.level] > RANK[lv] ? r.level : lv), "routine");
  return { level, reasons, hypothetical: false };
}
