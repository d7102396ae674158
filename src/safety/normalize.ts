/**
 * Text normalization for triage: lower case, contractions spelled out ("can't" → "cannot",
 * "couldn't" → "could not"), texting shorthand expanded, hyphens and punctuation spaced off so
 * that the catalogue's phrases see words, and misspelled red-flag words corrected by edit
 * distance towards the declared vocabulary (lexicon-vocab.ts), never turning a real English word
 * into a red-flag word (the keep-list, lexicon-keep.ts).
 */
import { KEEP_WORDS } from "./lexicon-keep.ts";
import { translateCodeSwitch } from "./code-switch.ts";
import { VOCABULARY } from "./lexicon-vocab.ts";

/** Whole-word replacements: contractions without apostrophes, texting shorthand, misspellings that are words. */
const SHORTHAND: Record<string, string> = {
  cant: "cannot", wont: "will not", dont: "do not", doesnt: "does not", isnt: "is not", didnt: "did not", hasnt: "has not",
  havent: "have not", wasnt: "was not", werent: "were not", arent: "are not", couldnt: "could not", wouldnt: "would not",
  shouldnt: "should not", aint: "is not", im: "i am", ive: "i have", hes: "he is", shes: "she is", theyre: "they are",
  youre: "you are", its: "it is", weve: "we have", theyve: "they have", youve: "you have", thats: "that is", whats: "what is", theres: "there is", "can't": "cannot", "won't": "will not",
  "ain't": "is not", "shan't": "shall not", "i'm": "i am", "let's": "let us",
  u: "you", ur: "your", pls: "please", plz: "please", rn: "right now", atm: "at the moment", hrs: "hours", hr: "hour",
  mins: "minutes", min: "minutes", secs: "seconds", yo: "year old", yr: "year", yrs: "years", yos: "year olds", bc: "because", cuz: "because", coz: "because",
  w: "with", "w/": "with", "w/o": "without", b4: "before", sob: "short of breath", cp: "chest pain",
  od: "overdose", "od'd": "overdosed", "od'ed": "overdosed", bp: "blood pressure",
  wanna: "want to", gonna: "going to", gotta: "got to", kinda: "kind of", bf: "boyfriend", gf: "girlfriend", ambo: "ambulance",
  idk: "i do not know", dunno: "do not know", tho: "though", ppl: "people", bub: "baby", bubs: "baby", sats: "sats",
  // Misspellings that are words (or too short to correct by distance) but mean a red-flag word here.
  hx: "history of", pmh: "history of", abx: "antibiotics", sx: "symptoms", pt: "patient", pts: "patients", inj: "injury",
  uo: "urine output", srom: "waters broke", etoh: "alcohol", tabs: "tablets", loc: "loss of consciousness",
    hart: "heart", pane: "pain", hed: "head", kil: "kill", cheast: "chest", pils: "pills", brest: "breast", breth: "breath",
};

/** Contraction endings after any word: "couldn't" → "could not", "i've" → "i have", "she'll" → "she will". */
const CONTRACTION = /([a-z])(n't|'ve|'ll|'re|'d|'s)(?![a-z])/g;
const CONTRACTION_WORD: Record<string, string> = { "n't": " not", "'ve": " have", "'ll": " will", "'re": " are", "'d": " would" };
/** "'s" is "is" after a pronoun ("it's", "he's"), a possessive or "has" otherwise; possessives are dropped. */
const IS_AFTER = new Set(["it", "he", "she", "that", "what", "there", "who", "where", "here", "how", "this"]);
/** After a pronoun, "'s" before a past participle is "has": "she's stopped shivering", "he's been sick". */
const HAS_BEFORE = /^ (been|got|gotten|gone|had|stopped|taken|started|fallen|swallowed|eaten|drunk|thrown|lost|done|never|already|collapsed|vomited|cut|banged|bumped|broken)\b/;

export const TRIAGE_VOCAB: readonly string[] = VOCABULARY;
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
  if (word.length < 4 || VOCAB_SET.has(word) || KEEP.has(word) || /[^a-z]/.test(word)) return word;
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

function expandContractions(text: string): string {
  return text.replace(CONTRACTION, (_m, last: string, ending: string, offset: number, whole: string) => {
    if (ending === "'s") {
      const word = /[a-z]+$/.exec(whole.slice(0, offset + 1))?.[0] ?? "";
      if (!IS_AFTER.has(word)) return last;
      return HAS_BEFORE.test(whole.slice(offset + 3, offset + 20)) ? `${last} has` : `${last} is`;
    }
    return last + CONTRACTION_WORD[ending];
  });
}

/**
 * Clinical note shorthand spelled out before the text is split into words: gestation and ages
 * written as fractions ("32/40" weeks pregnant, "6/52" weeks, "18/12" months, "3/7" days), age
 * and sex ("87F", "58 M"), "c/o", "N&V", "#" for a fracture, "HR 170" and "RR 36", "HA" (not in
 * "ha ha"), "L arm" / "R eye".
 */
function clinicalShorthand(t: string): string {
  return t
    // A note that starts with an age: "18/12 possible ingestion", "6/52 infant".
    .replace(/^\s*(\d{1,2})\/(12|52|7)\b/, (_m, n: string, unit: string) => `${n} ${unit === "12" ? "months" : unit === "52" ? "weeks" : "days"} old`)
    .replace(/\?\s?co\b/g, "suspected carbon monoxide")
    .replace(/\b(\d{1,2})\/40\b/g, "$1 weeks pregnant")
    .replace(/\b(\d{1,2})\/52\b/g, "$1 weeks")
    .replace(/\b(\d{1,2})\/12\b/g, "$1 months")
    .replace(/\b(\d{1,2})\/7\b/g, "$1 days")
    .replace(/\b(1[2-9]|[2-9]\d|1[01]\d) ?([mf])\b/g, (_m, age: string, sex: string) => `${age} year old ${sex === "m" ? "man" : "woman"}`)
    .replace(/\b(\d{1,2}) ?y\b/g, "$1 year old")
    .replace(/\bc\/o\b/g, "complaining of")
    .replace(/\by\/o\b/g, "year old")
    .replace(/\bn ?& ?v\b/g, "nausea and vomiting")
    .replace(/\bd ?& ?v\b/g, "diarrhoea and vomiting")
    .replace(/(^|\s)#(?=\s|[a-z]|$)/g, "$1fracture ")
    .replace(/[→⇒]/g, " to ")
    .replace(/~(?=\d)/g, "about ")
    .replace(/>(?=\s?\d)/g, " over ")
    .replace(/<(?=\s?\d)/g, " under ")
    .replace(/\b(\d{2,3})s\b/g, "$1") // "HR 170s"
    .replace(/\bhr:? ?(?=\d)/g, "heart rate ")
    .replace(/\b(rr|resp rate|resps):? ?(?=\d)/g, "breathing rate ")
    .replace(/(?<!\bha )\bha\b(?! ?ha\b)/g, "headache")
    .replace(/\b([lr]) (arm|leg|side|eye|hand|foot|chest|face|flank)\b/g, (_m, side: string, part: string) => `${side === "l" ? "left" : "right"} ${part}`);
}

/**
 * Lower-cased, contractions and shorthand spelled out, hyphens and punctuation spaced off,
 * misspellings of red-flag words corrected; sentence marks kept (as their own tokens).
 */
/** `codeSwitch: false` leaves other languages' words as they are (the tests compare the two). */
export function normalizeForTriage(text: string, options: { codeSwitch?: boolean } = {}): string {
  // Accents off (code-switched Spanish, French, Portuguese: "está", "fièvre"); "œ" is "oe".
  let t = text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/[’‘`´]/g, "'").replace(/[“”]/g, '"');
  t = t.replace(/(\d)\.(\d)/g, "$1·$2"); // decimal points ("38.9") are not sentence ends
  t = clinicalShorthand(t);
  t = t.replace(/\b(can't|won't|ain't|shan't|od'd|od'ed)/g, (m) => SHORTHAND[m]!);
  t = expandContractions(t);
  t = t.replace(/(^|[^a-z0-9])'+|'+(?=[^a-z0-9]|$)/g, "$1 "); // quotes around words ("reads 'HI'"), not apostrophes inside them
  t = t.replace(/([a-z0-9])[-–/]+(?=[a-z0-9])/g, "$1 "); // "6-year-old", "co-codamol", "and/or"
  t = t.replace(/(\d)(yo|yr|yrs|wk|wks|mo|mos|mins?|hrs?|days?|weeks?|months?|c|f)\b/g, "$1 $2"); // "10yo", "38c"
  t = t.replace(/([.,;:!?()"[\]{}…]+)/g, " $1 ").replace(/\s+/g, " ").trim();
  t = t.replace(/\b(my|him|her|your|them|it) self\b/g, "$1self").replace(/\bcan not\b/g, "cannot");
  // French elisions split ("j'ai", "l'oeil", "d'adieu"), then code-switched red-flag words in English (code-switch.ts).
  if (options.codeSwitch !== false) t = translateCodeSwitch(t.replace(/\b([ljdnmst]|qu)'(?=[a-z])/g, "$1 "));
  return t.replace(/[a-z0-9'/]+/g, (w) => SHORTHAND[w] ?? correctWord(w));
}
