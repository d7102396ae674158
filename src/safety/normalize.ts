/**
 * Text normalization for triage: lower case, contractions expanded, texting shorthand spelled
 * out, and misspelled red-flag words corrected by edit distance against the triage vocabulary
 * ("chesst" → "chest", "breth" → "breath", "suicidel" → "suicidal").
 */
import { EMERGENCY_RULES, URGENT_RULES } from "./rules.ts";
import { KEEP_WORDS } from "./lexicon-keep.ts";

const SHORTHAND: Record<string, string> = {
  cant: "cannot", "can't": "cannot", wont: "will not", "won't": "will not", dont: "do not", "don't": "do not",
  doesnt: "does not", "doesn't": "does not", isnt: "is not", "isn't": "is not", didnt: "did not", "didn't": "did not",
  hasnt: "has not", "hasn't": "has not", havent: "have not", "haven't": "have not", wasnt: "was not", "wasn't": "was not",
  im: "i am", "i'm": "i am", ive: "i have", "i've": "i have", "it's": "it is", "he's": "he is", "she's": "she is",
  "they're": "they are", u: "you", ur: "your", pls: "please", plz: "please", rn: "right now", hrs: "hours", hr: "hour",
  mins: "minutes", min: "minutes", yo: "year old", yr: "year", yrs: "years", bc: "because", w: "with", "w/": "with",
  "w/o": "without", b4: "before", sob: "shortness of breath", cp: "chest pain", loc: "loss of consciousness",
  si: "suicidal ideation", od: "overdose", "od'd": "overdosed", bp: "blood pressure",
  wanna: "want to", gonna: "going to", gotta: "got to", hes: "he is", shes: "she is", theyre: "they are", youre: "you are",
  // Misspellings that are words (or too short to correct by distance) but mean a red-flag word here.
  hart: "heart", pane: "pain", hed: "head", kil: "kill", cheast: "chest", pils: "pills",
};

/** Red-flag words worth correcting when misspelled: every word the rules use, plus a few more. */
const EXTRA_VOCAB = [
  "chest", "pain", "pressure", "tightness", "crushing", "sweating", "sweaty", "radiating", "spreading", "breath",
  "breathe", "breathing", "breathless", "suicidal", "suicide", "overdose", "overdosed", "poisoning", "bleeding",
  "unconscious", "unresponsive", "seizure", "seizures", "convulsing", "stroke", "slurred", "drooping", "numbness",
  "weakness", "swelling", "swollen", "throat", "tongue", "allergic", "anaphylaxis", "fever", "confused", "confusion",
  "pregnant", "pregnancy", "miscarriage", "vomiting", "headache", "dizzy", "fainted", "fainting", "collapsed", "choking",
  "wheezing", "infant", "newborn", "months", "weeks", "stiff", "pills", "tablets", "bottle", "killing", "myself",
  "hurting", "cutting", "heart", "attack", "severe", "sudden", "suddenly", "speech", "speak", "talking", "nausea",
  "bleach", "burns", "dying", "ambulance",
];

/** Literal words of the rule patterns (escapes like \\b and \\w removed), at least 4 letters long. */
function ruleWords(): string[] {
  const words = new Set<string>();
  for (const rule of [...EMERGENCY_RULES, ...URGENT_RULES]) {
    for (const re of rule.all) {
      for (const w of re.source.replace(/\\[a-zA-Z]/g, " ").match(/[a-z]{4,}/g) ?? []) words.add(w);
    }
  }
  return [...words];
}

/** The correction vocabulary: sorted so that corrections do not depend on rule order. */
export const TRIAGE_VOCAB: readonly string[] = [...new Set([...EXTRA_VOCAB, ...ruleWords()])].sort();
const VOCAB_SET = new Set(TRIAGE_VOCAB);

/** Largest edit distance at which a word of this length is corrected. */
export const maxEdits = (word: string): number => (word.length >= 8 ? 2 : 1);

export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prevPrev: number[] = [];
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      // transposition ("pian" → "pain")
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Real English words that sit within correcting distance of a vocabulary word and so must never be
 * "corrected" ("never" is not "fever", "coughing" is not "crushing", "fade" is not "face").
 * Generated from the SCOWL word list by scripts/make-triage-lexicon.ts.
 */
const KEEP = new Set(KEEP_WORDS.split(" "));

const cache = new Map<string, string>();

export function correctWord(word: string): string {
  if (word.length < 3 || VOCAB_SET.has(word) || KEEP.has(word) || /\d/.test(word)) return word;
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const max = maxEdits(word);
  let best = word;
  let bestD = max + 1;
  for (const v of TRIAGE_VOCAB) {
    const d = editDistance(word, v, max);
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(word, best);
  return best;
}

/** Lower-cased, shorthand expanded, misspellings of red-flag words corrected; sentence marks kept. */
export function normalizeForTriage(text: string): string {
  // Decimal points ("38.9") are not sentence ends.
  const lower = text.toLowerCase().replace(/[’`]/g, "'").replace(/(\d)\.(\d)/g, "$1·$2").replace(/\b(my|him|her|your|them|it) self\b/g, "$1self");
  return lower.replace(/[a-z0-9'/]+/g, (w) => {
    const expanded = SHORTHAND[w];
    if (expanded) return expanded;
    return correctWord(w);
  });
}
