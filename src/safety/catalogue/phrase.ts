/**
 * The catalogue's phrase notation, compiled to regular expressions over normalized text
 * (lower case, contractions spelled out, punctuation spaced off; see normalize.ts).
 *
 *   word         that word, whole                      chest
 *   stem*        any word starting with it             bleed*   (bleeding, bleeds)
 *   @class       one of a declared word class          @poss chest   (my|his|her … chest)
 *   [word]       optional (alternatives allowed)       [really] bad, @poss [left|right] arm
 *   #            a number (38, 38·5); ## a number from 10 up; 8# a number 80–89; 38·# 38 point anything
 *   ~  ~N        up to 4 (or N) words in between, never across . ; ! ?
 *   a b|c d      alternatives: each is a whole run of words, up to the next gap
 *                                                      cannot breathe|struggling to breathe
 *   (a|b) c      one slot of single words              (clutching|holding) @poss chest
 *   a_b          several words as one word in a slot   (cannot_breathe|gasping)
 *
 * Keeping phrases this small is what keeps the catalogue reviewable; the regular expressions are
 * an implementation detail generated here.
 */
import { InvalidArgumentError } from "../../errors.ts";

/** Word classes a phrase can name with `@`: each value is itself a list of phrase alternatives. */
export type WordClasses = Readonly<Record<string, readonly string[]>>;

/** Words that make a phrase carry its own negation ("not breathing", "cannot wake"). */
const NEGATION_WORD = /(^|[\s|_[(])(no|not|never|cannot|without|nothing|none|nobody)($|[\s|_\])*])/;

export interface CompiledPhrase {
  phrase: string;
  regex: RegExp;
  /** The phrase itself says "not"/"cannot", so a "not" inside the match is no negation of it. */
  ownNegation: boolean;
}

const WORD = /^[a-z0-9'·]+\*?$/;

function wordSource(word: string, phrase: string): string {
  if (word === "#") return "\\d+(?:·\\d+)?";
  if (word === "##") return "[1-9]\\d+";
  if (/^\d+#$/.test(word)) return `${word.slice(0, -1)}\\d`;
  if (/^\d+·#$/.test(word)) return `${word.slice(0, -1)}\\d+`;
  if (!WORD.test(word)) throw new InvalidArgumentError(`bad word "${word}" in triage phrase`, { expected: "lower-case letters, digits, ' and a trailing *", found: phrase });
  return word.endsWith("*") ? `${word.slice(0, -1)}[a-z']*` : word;
}

function altSource(alt: string, classes: WordClasses, phrase: string, depth: number): string {
  if (alt.startsWith("@")) {
    const values = classes[alt.slice(1)];
    if (!values) throw new InvalidArgumentError(`unknown word class ${alt} in triage phrase`, { expected: Object.keys(classes).join(", "), found: phrase });
    if (depth > 4) throw new InvalidArgumentError(`word class ${alt} nests too deep`, { found: phrase });
    return `(?:${values.map((v) => sequenceSource(v, classes, depth + 1)).join("|")})`;
  }
  return alt.split("_").map((w) => wordSource(w, phrase)).join(" ");
}

/** Splits on `|` outside brackets. */
function splitAlternatives(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "[" || text[i] === "(") depth++;
    else if (text[i] === "]" || text[i] === ")") depth--;
    else if (text[i] === "|" && depth === 0) {
      parts.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(text.slice(from).trim());
  return parts;
}

/** One token: a word, a_b, @class, (a|b) or [optional|alternatives]. Returns its source and whether optional. */
function tokenSource(token: string, classes: WordClasses, phrase: string, depth: number): { src: string; optional: boolean } {
  const optional = token.startsWith("[") && token.endsWith("]");
  const grouped = token.startsWith("(") && token.endsWith(")");
  const inner = optional || grouped ? token.slice(1, -1) : token;
  if (!grouped && !optional && inner.includes("|")) throw new InvalidArgumentError("alternatives inside a run of words need ( )", { found: phrase });
  const alts = inner.split("|");
  if (alts.some((a) => a === "")) throw new InvalidArgumentError("empty alternative in triage phrase", { found: phrase });
  const body = alts.map((a) => altSource(a, classes, phrase, depth));
  return { src: body.length === 1 ? body[0]! : `(?:${body.join("|")})`, optional };
}

/** Tokens in a row, separated by single spaces (an optional token takes its space with it). */
function tokensSource(tokens: string[], classes: WordClasses, phrase: string, depth: number): string {
  let out = "";
  let started = false;
  for (const t of tokens) {
    const { src, optional } = tokenSource(t, classes, phrase, depth);
    if (optional) out += started ? `(?: ${src})?` : `(?:${src} )?`;
    else {
      out += (started ? " " : "") + src;
      started = true;
    }
  }
  if (!started) throw new InvalidArgumentError("a stretch of a triage phrase needs a word that is not optional", { found: phrase });
  return out;
}

/** One stretch between gaps: its top-level `|` separates whole runs of words. */
function stretchSource(stretch: string, classes: WordClasses, phrase: string, depth: number): string {
  const parts = splitAlternatives(stretch).map((p) => p.split(/\s+/));
  if (parts.some((p) => p.length === 0 || p[0] === "")) throw new InvalidArgumentError("empty alternative in triage phrase", { found: phrase });
  const sources = parts.map((p) => tokensSource(p, classes, phrase, depth));
  return sources.length === 1 ? sources[0]! : `(?:${sources.join("|")})`;
}

/** The regex source of a phrase (no anchors); a class value is compiled the same way. */
function sequenceSource(phrase: string, classes: WordClasses, depth = 0): string {
  const tokens = phrase.trim().split(/\s+/);
  const stretches: string[][] = [[]];
  const gaps: number[] = [];
  for (const t of tokens) {
    const gap = /^~(\d*)$/.exec(t);
    if (gap) {
      gaps.push(gap[1] ? Number(gap[1]) : 4);
      stretches.push([]);
    } else stretches[stretches.length - 1]!.push(t);
  }
  if (stretches.some((s) => s.length === 0)) throw new InvalidArgumentError("a gap (~) must sit between words", { found: phrase });
  return stretches
    .map((s, i) => (i === 0 ? "" : `(?: [^ .;!?]+){0,${gaps[i - 1]}} `) + `(?:${stretchSource(s.join(" "), classes, phrase, depth)})`)
    .join("");
}

export function compilePhrase(phrase: string, classes: WordClasses): CompiledPhrase {
  if (phrase !== phrase.toLowerCase()) throw new InvalidArgumentError("triage phrases are lower case", { found: phrase });
  const source = `(?<![a-z0-9'])${sequenceSource(phrase, classes)}(?![a-z0-9'])`;
  return { phrase, regex: new RegExp(source, "g"), ownNegation: NEGATION_WORD.test(phrase) };
}
