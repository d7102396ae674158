/**
 * Regular expressions for grammars (JSON Schema `pattern`, the SDK's `{type: "regex"}`): a
 * JavaScript-syntax subset parsed to an NFA over code points, run as a DFA built lazily (states
 * are sets of NFA states, transitions memoized per code point). Supported: literals and escapes
 * (\d \w \s and their negations, \n \t \r \f \v \0, \xHH, \uHHHH, escaped punctuation), classes
 * with ranges and negation, `.`, groups (capturing or not), `|`, `* + ? {n} {n,} {n,m}` (lazy
 * forms match the same strings), `^` at the start and `$` at the end. Backreferences, lookaround
 * and flags are refused by name.
 */
import { GrammarSchemaError } from "./errors.ts";

/** Code point ranges, inclusive, sorted and disjoint. */
export type CharSet = Array<[number, number]>;

interface NState {
  /** Transitions on a character of `set` to `to`; eps: epsilon moves. */
  edges: Array<{ set: CharSet; to: number }>;
  eps: number[];
}

const MAX_CP = 0x10ffff;
const MAX_STATES = 20_000;
const MAX_REPEAT = 1000;
/** DFA states built at most (a pattern like (a|b)*a(a|b){20} has exponentially many): past it the pattern is refused. */
const MAX_DFA_STATES = 50_000;

const digit: CharSet = [[0x30, 0x39]];
const word: CharSet = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const space: CharSet = [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];
const notNewline: CharSet = negate([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]);

export function normalize(set: CharSet): CharSet {
  const s = [...set].sort((a, b) => a[0] - b[0]);
  const out: CharSet = [];
  for (const [a, b] of s) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function negate(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (const [a, b] of normalize(set)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  // Lone surrogates are no characters of UTF-8 text.
  return out.flatMap(([a, b]): CharSet => (b < 0xd800 || a > 0xdfff ? [[a, b]] : [...(a < 0xd800 ? [[a, 0xd7ff] as [number, number]] : []), ...(b > 0xdfff ? [[0xe000, b] as [number, number]] : [])]));
}

export const inSet = (set: CharSet, cp: number) => set.some(([a, b]) => cp >= a && cp <= b);
export const meets = (set: CharSet, lo: number, hi: number) => set.some(([a, b]) => a <= hi && b >= lo);

/** AST of the subset. */
type Re =
  | { k: "set"; set: CharSet }
  | { k: "seq"; items: Re[] }
  | { k: "alt"; options: Re[] }
  | { k: "rep"; item: Re; min: number; max: number };

class Parser {
  private i = 0;
  private readonly src: string;
  private readonly path: string;
  private readonly keyword: string;
  constructor(src: string, path: string, keyword: string) {
    this.src = src;
    this.path = path;
    this.keyword = keyword;
  }

  fail(message: string): never {
    throw new GrammarSchemaError(this.keyword, this.path, `${this.keyword} ${JSON.stringify(this.src).slice(0, 80)}: ${message} (at character ${this.i})`, "a regular expression of literals, classes, groups, | and quantifiers; no backreferences, lookaround or flags");
  }

  parse(): { re: Re; anchoredStart: boolean; anchoredEnd: boolean } {
    let anchoredStart = false;
    let anchoredEnd = false;
    if (this.src.startsWith("^")) {
      anchoredStart = true;
      this.i = 1;
    }
    const re = this.alt(true);
    if (this.i < this.src.length && this.src[this.i] === "$" && this.i === this.src.length - 1) {
      anchoredEnd = true;
      this.i++;
    }
    if (this.i < this.src.length) this.fail(`unexpected ${JSON.stringify(this.src[this.i])}`);
    return { re, anchoredStart, anchoredEnd };
  }

  private alt(top = false): Re {
    const options = [this.seq(top)];
    while (this.src[this.i] === "|") {
      this.i++;
      options.push(this.seq(top));
    }
    return options.length === 1 ? options[0]! : { k: "alt", options };
  }

  private seq(top: boolean): Re {
    const items: Re[] = [];
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (c === "|" || c === ")") break;
      if (c === "$" && top && this.i === this.src.length - 1) break;
      items.push(this.quantified());
    }
    return { k: "seq", items };
  }

  private quantified(): Re {
    let atom = this.atom();
    for (;;) {
      const c = this.src[this.i];
      let min: number, max: number;
      if (c === "*") [min, max] = [0, Infinity];
      else if (c === "+") [min, max] = [1, Infinity];
      else if (c === "?") [min, max] = [0, 1];
      else if (c === "{" && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i))) {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i))!;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
        if (max < min) this.fail("a {n,m} with m below n");
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) this.fail(`a repeat count above ${MAX_REPEAT}`);
        this.i += m[0].length - 1;
      } else return atom;
      this.i++;
      if (this.src[this.i] === "?") this.i++; // lazy: the same strings
      atom = { k: "rep", item: atom, min, max };
    }
  }

  private atom(): Re {
    const c = this.src[this.i]!;
    if (c === "(") {
      this.i++;
      if (this.src[this.i] === "?") {
        if (this.src[this.i + 1] === ":") this.i += 2;
        else if (this.src[this.i + 1] === "<" && /^<[A-Za-z_]\w*>/.test(this.src.slice(this.i + 1))) this.i = this.src.indexOf(">", this.i) + 1;
        else this.fail("lookaround is not supported");
      }
      const inner = this.alt();
      if (this.src[this.i] !== ")") this.fail("an unclosed group");
      this.i++;
      return inner;
    }
    if (c === "[") return { k: "set", set: this.cls() };
    if (c === ".") {
      this.i++;
      return { k: "set", set: notNewline };
    }
    if (c === "\\") return { k: "set", set: this.escape(false) };
    if (c === "^" || c === "$") this.fail(`${c} is supported only at the very start or end`);
    if (c === "*" || c === "+" || c === "?" || c === "{" && /^\{\d/.test(this.src.slice(this.i))) this.fail("a quantifier with nothing to repeat");
    const cp = this.src.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return { k: "set", set: [[cp, cp]] };
  }

  private cls(): CharSet {
    this.i++; // [
    let neg = false;
    if (this.src[this.i] === "^") {
      neg = true;
      this.i++;
    }
    const set: CharSet = [];
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== "]" || first)) {
      first = false;
      const lo = this.classAtom();
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length && lo.length === 1 && lo[0]![0] === lo[0]![1]) {
        this.i++;
        const hi = this.classAtom();
        if (hi.length !== 1 || hi[0]![0] !== hi[0]![1] || hi[0]![0] < lo[0]![0]) this.fail("a class range out of order");
        set.push([lo[0]![0], hi[0]![0]]);
      } else set.push(...lo);
    }
    if (this.src[this.i] !== "]") this.fail("an unclosed character class");
    this.i++;
    return neg ? negate(set) : normalize(set);
  }

  private classAtom(): CharSet {
    if (this.src[this.i] === "\\") return this.escape(true);
    const cp = this.src.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return [[cp, cp]];
  }

  private escape(inClass: boolean): CharSet {
    this.i++; // backslash
    const c = this.src[this.i++];
    if (c === undefined) this.fail("a trailing backslash");
    const one = (cp: number): CharSet => [[cp, cp]];
    switch (c) {
      case "d": return digit;
      case "D": return negate(digit);
      case "w": return word;
      case "W": return negate(word);
      case "s": return space;
      case "S": return negate(space);
      case "n": return one(0x0a);
      case "t": return one(0x09);
      case "r": return one(0x0d);
      case "f": return one(0x0c);
      case "v": return one(0x0b);
      case "0": return one(0);
      case "b": if (inClass) return one(0x08); return this.fail("\\b (word boundary) is not supported");
      case "x": case "u": {
        const n = c === "x" ? 2 : 4;
        const hex = this.src.slice(this.i, this.i + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) this.fail(`\\${c} needs ${n} hex digits`);
        this.i += n;
        return one(parseInt(hex, 16));
      }
    }
    if (/[1-9kBpP]/.test(c)) this.fail(`\\${c} is not supported`);
    return one(c.codePointAt(0)!);
  }
}

/** A compiled regular expression, run as a lazily built DFA. */
export class Regex {
  private readonly nfa: NState[] = [];
  private readonly accept: number;
  /** DFA states: NFA state sets by key; transitions per code point; feasibility per byte range. */
  private readonly keys = new Map<string, number>();
  private readonly sets: number[][] = [];
  private readonly accepting: boolean[] = [];
  private readonly moves: Array<Map<number, number>> = [];
  readonly start: number;

  constructor(source: string, path = "#", keyword = "pattern", search = false) {
    const { re, anchoredStart, anchoredEnd } = new Parser(source, path, keyword).parse();
    const any: Re = { k: "rep", item: { k: "set", set: negate([]) }, min: 0, max: Infinity };
    // JSON Schema's pattern is a search: unanchored ends may hold anything.
    const whole: Re = search ? { k: "seq", items: [...(anchoredStart ? [] : [any]), re, ...(anchoredEnd ? [] : [any])] } : re;
    const s = this.add();
    this.accept = this.add();
    this.build(whole, s, this.accept, path, keyword);
    this.start = this.dfa(this.closure([s]));
  }

  isAccepting(state: number): boolean {
    return this.accepting[state]!;
  }

  /** The state after a code point, or -1. */
  step(state: number, cp: number): number {
    const m = this.moves[state]!;
    const hit = m.get(cp);
    if (hit !== undefined) return hit;
    const next: number[] = [];
    for (const s of this.sets[state]!) for (const e of this.nfa[s]!.edges) if (inSet(e.set, cp)) next.push(e.to);
    const r = next.length ? this.dfa(this.closure(next)) : -1;
    if (m.size < 4096) m.set(cp, r);
    return r;
  }

  /** Whether some code point in [lo, hi] can follow (for a character whose first bytes are known). */
  canTake(state: number, lo: number, hi: number): boolean {
    for (const s of this.sets[state]!) for (const e of this.nfa[s]!.edges) if (meets(e.set, lo, hi)) return true;
    return false;
  }

  private add(): number {
    if (this.nfa.length >= MAX_STATES) throw new GrammarSchemaError("pattern", "#", `the regular expression expands to more than ${MAX_STATES} states`);
    this.nfa.push({ edges: [], eps: [] });
    return this.nfa.length - 1;
  }

  private build(re: Re, from: number, to: number, path: string, keyword: string): void {
    switch (re.k) {
      case "set":
        this.nfa[from]!.edges.push({ set: re.set, to });
        return;
      case "seq": {
        let at = from;
        re.items.forEach((item, i) => {
          const next = i === re.items.length - 1 ? to : this.add();
          this.build(item, at, next, path, keyword);
          at = next;
        });
        if (re.items.length === 0) this.nfa[from]!.eps.push(to);
        return;
      }
      case "alt":
        for (const o of re.options) this.build(o, from, to, path, keyword);
        return;
      case "rep": {
        let at = from;
        for (let i = 0; i < re.min; i++) {
          const next = this.add();
          this.build(re.item, at, next, path, keyword);
          at = next;
        }
        if (re.max === Infinity) {
          const loop = this.add();
          this.nfa[at]!.eps.push(loop);
          this.build(re.item, loop, loop, path, keyword);
          this.nfa[loop]!.eps.push(to);
        } else {
          this.nfa[at]!.eps.push(to);
          for (let i = re.min; i < re.max; i++) {
            const next = this.add();
            this.build(re.item, at, next, path, keyword);
            this.nfa[next]!.eps.push(to);
            at = next;
          }
        }
        return;
      }
    }
  }

  private closure(states: number[]): number[] {
    const seen = new Set<number>();
    const stack = [...states];
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const e of this.nfa[s]!.eps) stack.push(e);
    }
    // Only states with character edges (and the accepting one) matter for what follows.
    return [...seen].filter((s) => this.nfa[s]!.edges.length > 0 || s === this.accept).sort((a, b) => a - b);
  }

  private dfa(set: number[]): number {
    const key = set.join(",");
    let id = this.keys.get(key);
    if (id === undefined) {
      if (this.sets.length >= MAX_DFA_STATES) throw new GrammarSchemaError("pattern", "#", `the pattern's automaton grew past ${MAX_DFA_STATES} states while generating`, "simplify the pattern (fewer counted repeats after an open-ended part)");
      id = this.sets.length;
      this.keys.set(key, id);
      this.sets.push(set);
      this.accepting.push(set.includes(this.accept));
      this.moves.push(new Map());
    }
    return id;
  }
}
