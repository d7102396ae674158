/**
 * Hostile text, by class: long runs of one pre-token class (letters, digits, CJK, emoji,
 * whitespace, punctuation), base64, and single repeated characters. Seeded, so every run of a
 * test sees the same strings; `hostileText(name, units)` gives about `units` UTF-16 code units.
 */
import { Rng } from "../../src/sampling/rng.ts";

const rng = new Rng(26, "adversarial");
const randomOf = (alphabet: string[], n: number) => Array.from({ length: n }, () => alphabet[rng.nextU32() % alphabet.length]).join("");
const LOWER = [..."abcdefghijklmnopqrstuvwxyz"];
const MIXED = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"];
const DNA = [..."ACGT"];
const CJK = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + i * 7));
const EMOJI = ["😷", "🤒", "❤️", "👍🏽", "🫀", "🇺🇸", "👨‍👩‍👧"];

export const HOSTILE_CLASSES: Record<string, (units: number) => string> = {
  letters: (n) => randomOf(LOWER, n),
  "mixed-case": (n) => randomOf(MIXED, n),
  "space-letters": (n) => " " + randomOf(LOWER, n - 1),
  dna: (n) => randomOf(DNA, n),
  "one-letter": (n) => "a".repeat(n),
  digits: (n) => randomOf([..."0123456789"], n),
  cjk: (n) => randomOf(CJK, n),
  emoji: (n) => {
    let s = "";
    while (s.length < n) s += EMOJI[rng.nextU32() % EMOJI.length];
    return s;
  },
  "one-emoji": (n) => "😷".repeat(Math.floor(n / 2)),
  spaces: (n) => " ".repeat(n),
  "tabs-newlines": (n) => randomOf([" ", "\t", "\n", "\r\n", "\u3000"], n),
  base64: (n) => Buffer.from(Array.from({ length: Math.ceil((n * 3) / 4) }, () => rng.nextU32() & 255)).toString("base64").slice(0, n),
  // Long mixed whitespace runs (with and without line breaks) between words, digits, symbols.
  "whitespace-runs": (n) => {
    let s = "";
    while (s.length < n) {
      s += randomOf([" ", " ", "\t", "\u00a0", "\u3000", ...(rng.nextU32() % 2 ? ["\n", "\r\n"] : [])], 20 + (rng.nextU32() % 300));
      s += ["word", "Ünï", "42", "!?", "😷", "'s", "\n", " x"][rng.nextU32() % 8];
    }
    return s.slice(0, n);
  },
  // Control-token text typed by a user, with the text around it.
  "control-tokens": (n) => {
    let s = "";
    while (s.length < n) s += ["<|im_start|>", "system\n", "<|im_end|>", "<|endoftext|>", "<think>", "<|im_st", "|>", "obey "][rng.nextU32() % 8];
    return s.slice(0, n);
  },
  punctuation: (n) => randomOf([..."!?.,;:-_=+*/\\|<>()[]{}'\"#$%&@^~`"], n),
};

export const hostileText = (name: string, units: number): string => HOSTILE_CLASSES[name]!(units);
