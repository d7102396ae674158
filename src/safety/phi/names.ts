/**
 * Names that come without a title or cue word: a common given name followed by a capitalized
 * surname ("Maria Garcia"), a given name alone right after a relation or introduction ("my son
 * Liam", "this is Aisha"), any capitalized word after a strong cue ("my son Tendai"), and a
 * capitalized pair acting as the subject of a report verb ("Hoang Tanaka called about…").
 * Complements the title/cue patterns in detectors.ts.
 */
import { GIVEN_NAMES } from "./given-names.ts";

const WORD = "(?:[A-Z]['’][A-Z][a-z]+|(?:Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)";
// One capitalized word at a time (the lookahead peeks at the next), so no given name is skipped.
const ONE = new RegExp(`\\b(${WORD})(?=(\\s+${WORD})?)`, "g");
const RELATION =
  "(?:my|our|his|her|their|the patient's)\\s+(?:son|daughter|wife|husband|partner|mother|mom|mum|father|dad|brother|sister|friend|baby|child|kid|grandson|granddaughter|grandmother|grandfather|aunt|uncle|nephew|niece|carer|neighbou?r)";
/** Before a known given name standing alone. */
const LEAD_IN = new RegExp(`(?:\\b${RELATION}|\\b(?:this is|i am|i'm|my name is|named|called|call|ask for|tell|with|from|and)|,)\\s*$`, "i");
/** Strong cues: whatever capitalized word follows is a name, even one not in the list. */
const STRONG_LEAD_IN = new RegExp(`(?:\\b${RELATION}|\\b(?:this is|my name is|i am|i'm|named))\\s*$`, "i");
/** A capitalized pair as the subject of a report verb. */
const SUBJECT_PAIR = new RegExp(
  `\\b(${WORD}\\s+${WORD})(?=\\s+(?:called|phoned|rang|emailed|messaged|wrote|reports|reported|says|said|states|stated|presented|presents|was seen|was admitted|came in|attended|complains|denies)\\b)`,
  "g",
);
/** Capitalized words that start sentences or name things, never people. */
const NOT_NAMES = new Set([
  "The", "This", "That", "These", "Those", "She", "He", "They", "We", "It", "My", "Our", "Patient", "Doctor", "Nurse",
  "Hospital", "Clinic", "Today", "Yesterday", "Tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
  "Saturday", "Sunday", "Rash", "Follow", "Record", "Phone", "Email", "Contact", "Family", "Someone", "Nobody",
]);

export interface NameSpan { start: number; end: number }

export function findLexiconNames(text: string): NameSpan[] {
  const out: NameSpan[] = [];
  const add = (span: NameSpan) => {
    const last = out[out.length - 1];
    // "Maria Elena Garcia": overlapping pairs merge into one name.
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else out.push(span);
  };
  for (const m of text.matchAll(ONE)) {
    const first = m[1]!;
    const next = m[2]?.trimStart();
    const start = m.index!;
    const before = text.slice(Math.max(0, start - 40), start);
    const withNext = { start, end: start + first.length + (m[2]?.length ?? 0) };
    if (GIVEN_NAMES.has(first)) {
      if (next !== undefined && !NOT_NAMES.has(next)) add(withNext);
      else if (LEAD_IN.test(before)) add({ start, end: start + first.length });
    } else if (!NOT_NAMES.has(first) && STRONG_LEAD_IN.test(before)) {
      add(next !== undefined && !NOT_NAMES.has(next) ? withNext : { start, end: start + first.length });
    }
  }
  // Pairs come in text order, as do the names above: one forward sweep finds overlaps.
  const pairs: NameSpan[] = [];
  let j = 0;
  for (const m of text.matchAll(SUBJECT_PAIR)) {
    const [a, b] = m[1]!.split(/\s+/);
    if (NOT_NAMES.has(a!) || NOT_NAMES.has(b!)) continue;
    const span = { start: m.index!, end: m.index! + m[1]!.length };
    while (j < out.length && out[j]!.end <= span.start) j++;
    if (j < out.length && out[j]!.start < span.end) continue;
    pairs.push(span);
  }
  return pairs.length === 0 ? out : [...out, ...pairs].sort((a, b) => a.start - b.start);
}
