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
const POST_NEGATION = /^\s*(has |have |had |is |are )?(gone|cleared( up)?|eased off)\b|^[^.;!?,]{0,15}?\b(stopped|has stopped|have stopped|resolved|went away|gone away|ruled out|settled|under control|is fine now|are fine now)\b/;
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

/** "face is not drooping": a negated verb inside the match (but "will not stop" is no negation). */
const INNER_NEGATION = /\b(is|are|was|were|does|do|did|has|have) not (?!stop|stopping|fade|fading|working|helping|wak|respond|breath|going down|improv|get better|wok|come round|want|here|alive|around|make sense|making sense)/;
/** A red flag told as history, not as something happening now. */
const HISTORY_AFTER = /^[^.;!?]{0,30}?\b((\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|many) (years?|months?) (ago|back)|last (year|month)|as a (child|kid|teenager)|in the past|in (19|20)\d\d|fully recovered|recovered well|doing well now)\b/;
const HISTORY_BEFORE = /\b(history of|previous|prior|past)\s*$/;

function negated(text: string, index: number, length: number): boolean {
  const start = clauseStart(text, index);
  let before = text.slice(start, index);
  // A comma ends a negation's reach unless a list continues it ("no fever, chills or sweating").
  const comma = before.lastIndexOf(",");
  if (comma >= 0 && !/\b(or|nor)\b/.test(before.slice(comma))) before = before.slice(comma + 1);
  const words = before.trim().split(/\s+/);
  // A negation reaches across a list: "no chest pain or shortness of breath".
  const window = words.slice(-9).join(" ");
  const listed = /\b(or|nor)\b/.test(words.slice(-6).join(" "));
  if (PRE_NEGATION.test(words.slice(-5).join(" ")) || (listed && PRE_NEGATION.test(window))) return true;
  if (INNER_NEGATION.test(text.slice(index, index + length))) return true;
  if (HISTORY_BEFORE.test(text.slice(start, index)) || HISTORY_AFTER.test(text.slice(index + length))) return true;
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
  /\b(what (are|is) (the )?(signs?|symptoms?|warning signs?|causes?|treatment|difference|definition|first aid)|how (do|does|can|would|should) (you|someone|one|a person|people|i) (tell|know|recogni[sz]e|spot|treat|help|prevent|do cpr)|how (do|does|can|would|should) (you|someone|one|a person|people|bystanders|others|parents|teachers|carers|caregivers|staff) (stop|control|manage|handle|respond to|help|treat|recogni[sz]e)|risk factors|(causes|rates|prevalence|incidence) of|what (should|do|does|would|can) (someone|a person|people|you|one) do|signs of|symptoms of|in general|hypothetical\w*|for (a|my) (story|novel|book|class|exam|essay|presentation|course|assignment|paper|script)|what happens (if|when)|is it true that|how much [^.?]{0,40}(overdose|lethal|toxic|too much)|how does [^.?]{0,40} work|what is (a|an|the) [a-z ]{0,40}\?|explain|define|statistics|research on|what (causes|triggers)|what does (a|an|the) [a-z -]{0,40}\b(contain|mean|do|look like)|how (do|does|are|is|can|would|should) (paramedics|doctors|nurses|hospitals|emts|first aiders|the police|hotlines?|helplines?)|how (are|is) [a-z ]{0,40}\b(treated|diagnosed|managed|assessed|measured)|how (common|likely|rare)|why (does|do|is|are|can)|prevention (hotlines?|lines?|services?|programs?)|in first aid|first aid (for|course|training)|writing a (novel|story|book|script|scene|play)|a character)\b/;
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
