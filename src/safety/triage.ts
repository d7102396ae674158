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
import { discount, messageFrame, negated, type TriageFrame } from "./context.ts";
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

/**
 * The most characters triaged: the server's default request limit (1 MiB). Triage is linear in the
 * text (each match looks at a bounded window around it, context.ts), about 1–2 s for 1 MiB on a
 * busy host; a longer message is triaged on its first and last halves of this, where people say
 * what is happening.
 */
export const MAX_TRIAGE_CHARS = 1 << 20;

/** The text triage reads: all of it up to MAX_TRIAGE_CHARS, else its beginning and its end. */
export function triageWindow(text: string): string {
  if (text.length <= MAX_TRIAGE_CHARS) return text;
  const half = MAX_TRIAGE_CHARS / 2;
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`;
}

/** Spans of a rule's `except` phrases, sorted, with the furthest end so far: an overlap test is a binary search. */
interface Spans { starts: number[]; maxEnd: number[] }

function exceptSpans(text: string, rule: Rule): Spans {
  const spans: [number, number][] = [];
  for (const e of rule.except) for (const m of text.matchAll(e.regex)) spans.push([m.index!, m.index! + m[0].length]);
  spans.sort((a, b) => a[0] - b[0]);
  const maxEnd: number[] = [];
  for (const [, end] of spans) maxEnd.push(Math.max(end, maxEnd[maxEnd.length - 1] ?? 0));
  return { starts: spans.map((s) => s[0]), maxEnd };
}

/** True when some span overlaps [start, end): the last span starting before `end` reaches past `start`. */
function overlapsAny(spans: Spans, start: number, end: number): boolean {
  let lo = 0, hi = spans.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans.starts[mid]! < end) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && spans.maxEnd[lo - 1]! > start;
}

const NO_SPANS: Spans = { starts: [], maxEnd: [] };

/** First match of any phrase that counts (not negated, history, hypothetical or excepted). */
function findPresent(text: string, phrases: readonly CompiledPhrase[], excepted: Spans): string | undefined {
  for (const p of phrases) {
    for (const m of text.matchAll(p.regex)) {
      if (m[0].length === 0) continue;
      if (overlapsAny(excepted, m.index!, m.index! + m[0].length)) continue;
      if (discount(text, m.index!, m[0].length, p.ownNegation)) continue;
      return m[0];
    }
  }
  return undefined;
}

/** Most matches of one `near` group looked at (each costs a bounded context check, so this only caps memory). */
const NEAR_MATCH_CAP = 20_000;

/** Word positions in the normalized text (single spaces between words), built once per message when a `near` rule needs them. */
class WordIndex {
  private spaces: number[] | undefined;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  /** The number of the word at character `at`. */
  wordAt(at: number): number {
    if (!this.spaces) {
      this.spaces = [];
      // Only spaces before a word count: punctuation is spaced off as its own token and is no word.
      for (let i = this.text.indexOf(" "); i >= 0; i = this.text.indexOf(" ", i + 1)) if (/[a-z0-9]/.test(this.text[i + 1] ?? "")) this.spaces.push(i);
    }
    let lo = 0, hi = this.spaces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spaces[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

interface Hit { word: number; group: number; text: string; start: number; end: number; ownNegation: boolean }

/** Every match of a group's phrases that counts, with its word position. */
function presentHits(text: string, phrases: readonly CompiledPhrase[], excepted: Spans, group: number, words: WordIndex): Hit[] {
  const hits: Hit[] = [];
  for (const p of phrases) {
    for (const m of text.matchAll(p.regex)) {
      if (m[0].length === 0 || overlapsAny(excepted, m.index!, m.index! + m[0].length)) continue;
      // Negation is judged on the whole window below: "does not react" is one concept negating the other.
      if (discount(text, m.index!, m[0].length, p.ownNegation, false)) continue;
      hits.push({ word: words.wordAt(m.index!), group, text: m[0], start: m.index!, end: m.index! + m[0].length, ownNegation: p.ownNegation });
      if (hits.length >= NEAR_MATCH_CAP) return hits;
    }
  }
  return hits;
}

/** Evidence of every `near` group within NEAR_WORDS words of each other (a sliding window over the hits in word order), or undefined. */
function nearEvidence(text: string, groups: readonly CompiledPhrase[][], within: number, excepted: Spans, words: WordIndex): string[] | undefined {
  const hits: Hit[] = [];
  for (let g = 0; g < groups.length; g++) {
    const h = presentHits(text, groups[g]!, excepted, g, words);
    if (h.length === 0) return undefined;
    hits.push(...h);
  }
  hits.sort((a, b) => a.word - b.word);
  const count = new Array<number>(groups.length).fill(0);
  let covered = 0;
  let left = 0;
  for (let right = 0; right < hits.length; right++) {
    const h = hits[right]!;
    if (count[h.group]!++ === 0) covered++;
    while (h.word - hits[left]!.word > within) if (--count[hits[left++]!.group]! === 0) covered--;
    if (covered === groups.length) {
      const window = hits.slice(left, right + 1);
      const start = Math.min(...window.map((x) => x.start));
      const end = Math.max(...window.map((x) => x.end));
      if (!negated(text, start, end - start, window.some((x) => x.ownNegation))) return groups.map((_, g) => window.filter((x) => x.group === g).pop()!.text);
    }
  }
  return undefined;
}

function fire(rule: Rule, text: string, words: WordIndex): TriageReason | undefined {
  const excepted = rule.except.length ? exceptSpans(text, rule) : NO_SPANS;
  const reason = (evidence: string[]): TriageReason => ({ id: rule.id, label: rule.label, evidence: [...new Set(evidence.map((e) => e.trim()))].join(" … "), level: rule.level });
  if (rule.any.length) {
    const hit = findPresent(text, rule.any, excepted);
    if (hit !== undefined) return reason([hit]);
  }
  if (!rule.near.length && !rule.all.length) return undefined;
  // `near` and `all` together: both must hold.
  const evidence: string[] = [];
  if (rule.near.length) {
    const near = nearEvidence(text, rule.near, rule.nearWords, excepted, words);
    if (!near) return undefined;
    evidence.push(...near);
  }
  for (const group of rule.all) {
    const hit = findPresent(text, group, excepted);
    if (hit === undefined) return undefined;
    evidence.push(hit);
  }
  return reason(evidence);
}

/** True when the message reads as not describing a person's emergency now (kept for callers of the old API). */
export function isHypothetical(normalized: string): boolean {
  return messageFrame(normalized) !== undefined;
}

export function triage(text: string): TriageResult {
  const normalized = normalizeForTriage(triageWindow(String(text ?? "")));
  const frame = messageFrame(normalized);
  if (frame) return { level: "routine", reasons: [], hypothetical: true, frame };
  // One reason per catalogue category, the first in catalogue order: enough to say why, short enough to read.
  const reasons: TriageReason[] = [];
  const seen = new Set<string>();
  const words = new WordIndex(normalized);
  const run = (rules: readonly Rule[]) => {
    for (const rule of rules) {
      if (seen.has(rule.category)) continue;
      const r = fire(rule, normalized, words);
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
