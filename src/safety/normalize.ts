/**
 * Text normalization for triage: lower case, contractions expanded, texting shorthand spelled
 * out, and misspelled red-flag words corrected by edit distance against the triage vocabulary
 * ("chesst" → "chest", "breth" → "breath", "suicidel" → "suicidal").
 */
const SHORTHAND: Record<string, string> = {
  cant: "cannot", "can't": "cannot", wont: "will not", "won't": "will not", dont: "do not", "don't": "do not",
  doesnt: "does not", "doesn't": "does not", isnt: "is not", "isn't": "is not", didnt: "did not", "didn't": "did not",
  hasnt: "has not", "hasn't": "has not", havent: "have not", "haven't": "have not", wasnt: "was not", "wasn't": "was not",
  im: "i am", "i'm": "i am", ive: "i have", "i've": "i have", "it's": "it is", "he's": "he is", "she's": "she is",
  "they're": "they are", u: "you", ur: "your", pls: "please", plz: "please", rn: "right now", hrs: "hours", hr: "hour",
  mins: "minutes", min: "minutes", yo: "year old", yr: "year", yrs: "years", bc: "because", w: "with", "w/": "with",
  "w/o": "without", b4: "before", sob: "shortness of breath", cp: "chest pain", loc: "loss of consciousness",
  si: "suicidal ideation", od: "overdose", "od'd": "overdosed", bp: "blood pressure",
};

/** Words worth correcting when misspelled (red-flag vocabulary). */
const VOCAB = [
  "chest", "pain", "pressure", "tightness", "crushing", "sweating", "sweaty", "sweat", "radiating", "spreading", "breath",
  "breathe", "breathing", "breathless", "suicidal", "suicide", "overdose", "overdosed", "poisoning", "poison", "bleeding",
  "bleed", "blood", "unconscious", "unresponsive", "seizure", "seizures", "convulsing", "stroke", "slurred", "drooping",
  "droopy", "numbness", "weakness", "swelling", "swollen", "throat", "tongue", "allergic", "anaphylaxis", "fever", "confused",
  "confusion", "pregnant", "pregnancy", "miscarriage", "vomiting", "headache", "worst", "dizzy", "fainted", "fainting",
  "collapsed", "choking", "wheezing", "infant", "newborn", "baby", "months", "weeks", "stiff", "neck", "rash", "pills",
  "tablets", "bottle", "killing", "myself", "hurting", "cutting", "heart", "attack", "severe", "sudden", "suddenly",
  "arm", "jaw", "face", "speech", "speak", "talking", "nausea", "vomit", "bleach", "burn", "burns", "dying", "ambulance",
];
const VOCAB_SET = new Set(VOCAB);

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      // transposition
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev[j - 2] ?? 0) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Common words that sit within one edit of a vocabulary word and must not be "corrected". */
const KEEP = new Set(["breast", "chess", "paint", "paid", "plain", "bread", "board", "think", "thing", "tired", "weeks", "wears", "nick", "heat", "hurt", "burst", "worse", "sweet", "sweets", "rush", "fear", "feet", "fewer", "arms", "army", "aim", "pills", "baby"]);

const cache = new Map<string, string>();

export function correctWord(word: string): string {
  if (word.length < 4 || VOCAB_SET.has(word) || KEEP.has(word) || /\d/.test(word)) return word;
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const max = word.length >= 8 ? 2 : 1;
  let best = word;
  let bestD = max + 1;
  for (const v of VOCAB) {
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
  const lower = text.toLowerCase().replace(/[’`]/g, "'");
  return lower.replace(/[a-z0-9'/]+/g, (w) => {
    const expanded = SHORTHAND[w];
    if (expanded) return expanded;
    return correctWord(w);
  });
}
