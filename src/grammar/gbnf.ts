/**
 * GBNF grammars (llama.cpp's syntax, as llama-server's `grammar` field takes them) compiled to the
 * matcher's nodes: rules become refs, sequences seq, alternatives alt, repetitions rep, literals
 * lit, character classes and `.` cc. Supported: `name ::= body` rules (start rule `root`), `|`,
 * `( )`, `"literals"` and `[classes]` (ranges, `^` negation) with escapes `\n \r \t \\ \" \[ \]
 * \xHH \uHHHH \UHHHHHHHH`, `.`, `* + ? {m} {m,} {m,n} {,n}`, `#` comments; newlines end a rule
 * except inside parentheses and after `::=` or `|`. Refused with the rule and line: syntax errors,
 * undefined or twice-defined rules, left recursion (the matcher expands a rule's first element
 * without consuming a byte, so `expr ::= expr "+" term` would never end), token syntax `<...>`.
 */
import { GrammarSyntaxError } from "./errors.ts";
import { bytesOf, type GNode } from "./nodes.ts";
import { negate, normalize, type CharSet } from "./regex.ts";

type Ast =
  | { k: "lit"; text: string }
  | { k: "cc"; set: CharSet }
  | { k: "ref"; name: string; at: number }
  | { k: "seq"; items: Ast[] }
  | { k: "alt"; options: Ast[] }
  | { k: "rep"; item: Ast; min: number; max: number };

interface Rule {
  name: string;
  body: Ast;
  /** Offset of the rule's name in the text. */
  at: number;
}

/** Repetition bounds at most (a bound, not an expansion: the matcher counts). */
const MAX_REPEAT = 100_000;
/** Grammar text at most, in characters; rules at most; groups nested at most (bounds on work and recursion). */
export const MAX_GBNF_LENGTH = 256 * 1024;
const MAX_RULES = 2_000;
const MAX_NESTING = 100;
const ANY_CHAR: CharSet = negate([]);

class Parser {
  private i = 0;
  readonly rules = new Map<string, Rule>();
  private rule: string | undefined;
  private depth = 0;
  private readonly src: string;
  constructor(src: string) {
    this.src = src;
  }

  where(at: number): { line: number; column: number } {
    let line = 1;
    let col = 1;
    for (let j = 0; j < at && j < this.src.length; j++) {
      if (this.src[j] === "\n") {
        line++;
        col = 1;
      } else col++;
    }
    return { line, column: col };
  }

  fail(message: string, at = this.i, rule = this.rule, hint?: string): never {
    throw new GrammarSyntaxError(message, { rule, ...this.where(at) }, hint);
  }

  private found(): string {
    return this.i >= this.src.length ? "the end of the grammar" : JSON.stringify(this.src.slice(this.i, this.i + 12));
  }

  /** Skips spaces, tabs and comments; newlines too when `newlines`. */
  private space(newlines: boolean): void {
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (c === " " || c === "\t") this.i++;
      else if (c === "#") while (this.i < this.src.length && this.src[this.i] !== "\n" && this.src[this.i] !== "\r") this.i++;
      else if (newlines && (c === "\n" || c === "\r")) this.i++;
      else break;
    }
  }

  private name(): string {
    const m = /^[A-Za-z0-9_-]+/.exec(this.src.slice(this.i, this.i + 256));
    if (!m) this.fail(`expected a rule name, found ${this.found()}`);
    this.i += m[0].length;
    return m[0];
  }

  parse(): Map<string, Rule> {
    this.space(true);
    while (this.i < this.src.length) {
      const at = this.i;
      this.rule = undefined;
      const name = this.name();
      this.rule = name;
      const before = this.rules.get(name);
      if (before) this.fail(`rule '${name}' is defined twice (first on line ${this.where(before.at).line})`, at);
      this.space(false);
      if (!this.src.startsWith("::=", this.i)) this.fail(`expected ::= after the rule name '${name}', found ${this.found()}`);
      this.i += 3;
      this.space(true);
      const body = this.alternatives(false);
      if (this.i < this.src.length && this.src[this.i] !== "\n" && this.src[this.i] !== "\r") this.fail(`expected a newline or the end after the rule, found ${this.found()}`);
      this.rules.set(name, { name, body, at });
      if (this.rules.size > MAX_RULES) this.fail(`more than ${MAX_RULES} rules`, at);
      this.space(true);
    }
    this.rule = undefined;
    return this.rules;
  }

  private alternatives(nested: boolean): Ast {
    const options = [this.sequence(nested)];
    while (this.src[this.i] === "|") {
      this.i++;
      this.space(true);
      options.push(this.sequence(nested));
    }
    return options.length === 1 ? options[0]! : { k: "alt", options };
  }

  private sequence(nested: boolean): Ast {
    const items: Ast[] = [];
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      const at = this.i;
      if (c === '"') items.push(this.literal());
      else if (c === "[") items.push({ k: "cc", set: this.charClass() });
      else if (c === ".") {
        this.i++;
        items.push({ k: "cc", set: ANY_CHAR });
      } else if (c === "(") {
        if (++this.depth > MAX_NESTING) this.fail(`groups nested more than ${MAX_NESTING} deep`);
        this.i++;
        this.space(true);
        const inner = this.alternatives(true);
        if (this.src[this.i] !== ")") this.fail(`expected ) to close this group, found ${this.found()} at line ${this.where(this.i).line}, column ${this.where(this.i).column}`, at);
        this.i++;
        this.depth--;
        items.push(inner);
      } else if (/[A-Za-z0-9_-]/.test(c)) {
        const name = this.name();
        this.space(nested);
        if (this.src.startsWith("::=", this.i)) this.fail(`expected a newline before the next rule '${name}'`, at);
        items.push({ k: "ref", name, at });
        continue;
      } else if (c === "*" || c === "+" || c === "?" || c === "{") {
        const last = items.pop();
        if (!last) this.fail(`${c} with nothing before it to repeat`);
        items.push(this.quantifier(last));
      } else if (c === "<") this.fail("token references (<...>) are not supported; write the token's text as a literal");
      else break;
      this.space(nested);
    }
    return items.length === 1 ? items[0]! : { k: "seq", items };
  }

  private quantifier(item: Ast): Ast {
    const c = this.src[this.i]!;
    if (c !== "{") {
      this.i++;
      return { k: "rep", item, min: c === "+" ? 1 : 0, max: c === "?" ? 1 : Infinity };
    }
    const m = /^\{\s*(\d*)\s*(,\s*(\d*)\s*)?\}/.exec(this.src.slice(this.i, this.i + 64));
    if (!m || (m[1] === "" && m[2] === undefined)) this.fail(`expected {m}, {m,}, {m,n} or {,n}, found ${this.found()}`);
    const min = m[1] === "" ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    if (max < min) this.fail(`a repetition {${min},${max}} with its maximum below its minimum`);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) this.fail(`a repetition count above ${MAX_REPEAT}`);
    this.i += m[0].length;
    return { k: "rep", item, min, max };
  }

  private literal(): Ast {
    const start = this.i;
    this.i++;
    let text = "";
    while (this.src[this.i] !== '"') {
      if (this.i >= this.src.length || this.src[this.i] === "\n") this.fail("a string literal with no closing quote", start);
      text += String.fromCodePoint(this.char());
    }
    this.i++;
    return { k: "lit", text };
  }

  private charClass(): CharSet {
    const start = this.i;
    this.i++;
    const neg = this.src[this.i] === "^";
    if (neg) this.i++;
    const set: CharSet = [];
    while (this.src[this.i] !== "]") {
      if (this.i >= this.src.length || this.src[this.i] === "\n") this.fail("a character class with no closing ]", start);
      const lo = this.char();
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.src[this.i + 1] !== "\n" && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.char();
        if (hi < lo) this.fail(`a character range out of order (its end U+${hi.toString(16).toUpperCase()} is below its start U+${lo.toString(16).toUpperCase()})`);
        set.push([lo, hi]);
      } else set.push([lo, lo]);
    }
    this.i++;
    return neg ? negate(set) : normalize(set);
  }

  /** One character of a literal or class, escapes decoded; returns its code point. */
  private char(): number {
    const c = this.src[this.i]!;
    if (c !== "\\") {
      const cp = this.src.codePointAt(this.i)!;
      this.i += cp > 0xffff ? 2 : 1;
      return cp;
    }
    const e = this.src[this.i + 1];
    this.i += 2;
    const hex = (n: number): number => {
      const h = this.src.slice(this.i, this.i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) this.fail(`\\${e} needs ${n} hex digits, found ${JSON.stringify(h)}`, this.i - 2);
      this.i += n;
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`\\${e}${h} is not a Unicode character`, this.i - n - 2);
      return cp;
    };
    switch (e) {
      case "x": return hex(2);
      case "u": return hex(4);
      case "U": return hex(8);
      case "n": return 0x0a;
      case "r": return 0x0d;
      case "t": return 0x09;
      case undefined: return this.fail("a backslash at the end of the grammar", this.i - 2);
    }
    if (/[A-Za-z0-9]/.test(e)) this.fail(`unknown escape \\${e}`, this.i - 2, this.rule, "escapes: \\n \\r \\t \\\\ \\\" \\[ \\] \\xHH \\uHHHH \\UHHHHHHHH, or a backslash before punctuation");
    return e.codePointAt(0)!;
  }
}

/** Whether each rule can match the empty string (a fixpoint over the rules). */
function nullables(rules: Map<string, Rule>): Set<string> {
  const yes = new Set<string>();
  const nullable = (a: Ast): boolean => {
    switch (a.k) {
      case "lit": return a.text.length === 0;
      case "cc": return false;
      case "ref": return yes.has(a.name);
      case "seq": return a.items.every(nullable);
      case "alt": return a.options.some(nullable);
      case "rep": return a.min === 0 || nullable(a.item);
    }
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of rules.values()) {
      if (!yes.has(r.name) && nullable(r.body)) {
        yes.add(r.name);
        changed = true;
      }
    }
  }
  return yes;
}

/**
 * Refuses left recursion: a rule reachable from itself through first elements (a nullable prefix
 * included, as llama.cpp checks), which the matcher would expand forever.
 */
function checkLeftRecursion(p: Parser, rules: Map<string, Rule>, isNullable: (a: Ast) => boolean): void {
  const firsts = (a: Ast, out: Array<{ name: string; at: number }>): void => {
    switch (a.k) {
      case "ref": out.push({ name: a.name, at: a.at }); return;
      case "seq":
        for (const it of a.items) {
          firsts(it, out);
          if (!isNullable(it)) return;
        }
        return;
      case "alt": for (const o of a.options) firsts(o, out); return;
      case "rep": if (a.max > 0) firsts(a.item, out); return;
      default: return;
    }
  };
  const edges = new Map<string, Array<{ name: string; at: number }>>();
  for (const r of rules.values()) {
    const out: Array<{ name: string; at: number }> = [];
    firsts(r.body, out);
    edges.set(r.name, out);
  }
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  const path: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 1);
    path.push(name);
    for (const e of edges.get(name) ?? []) {
      const s = state.get(e.name);
      if (s === 1) {
        const cycle = [...path.slice(path.indexOf(e.name)), e.name];
        const head = rules.get(e.name)!;
        p.fail(`rule '${e.name}' is left-recursive: ${cycle.join(" → ")} without consuming a character`, cycle.length === 2 ? e.at : head.at, e.name, `rewrite it with a repetition, e.g. expr ::= term ("+" term)* instead of expr ::= expr "+" term | term`);
      }
      if (s === undefined) visit(e.name);
    }
    path.pop();
    state.set(name, 2);
  };
  for (const name of rules.keys()) if (!state.has(name)) visit(name);
}

/** Parses and checks a GBNF grammar; returns the root node for the matcher. Throws GrammarSyntaxError. */
export function compileGbnf(text: string): GNode {
  if (typeof text !== "string") throw new GrammarSyntaxError(`a GBNF grammar must be a string, found ${text === null ? "null" : typeof text}`, { line: 1, column: 1 });
  if (text.length > MAX_GBNF_LENGTH) throw new GrammarSyntaxError(`the grammar is ${text.length} characters; at most ${MAX_GBNF_LENGTH} are accepted`, { line: 1, column: 1 });
  const p = new Parser(text);
  const rules = p.parse();
  if (rules.size === 0) p.fail("the grammar has no rules; it needs at least root ::= ...", 0, undefined);
  // Every reference names a rule (checked in all rules, used or not, as llama.cpp does).
  const checkRefs = (a: Ast, rule: string): void => {
    if (a.k === "ref" && !rules.has(a.name)) p.fail(`rule '${a.name}' is not defined`, a.at, rule, `define it (${a.name} ::= ...) or fix the name`);
    if (a.k === "seq") a.items.forEach((x) => checkRefs(x, rule));
    if (a.k === "alt") a.options.forEach((x) => checkRefs(x, rule));
    if (a.k === "rep") checkRefs(a.item, rule);
  };
  for (const r of rules.values()) checkRefs(r.body, r.name);
  if (!rules.has("root")) p.fail("the grammar has no rule named 'root' (the start rule)", 0, undefined);
  const yes = nullables(rules);
  const isNullable = (a: Ast): boolean => {
    switch (a.k) {
      case "lit": return a.text.length === 0;
      case "cc": return false;
      case "ref": return yes.has(a.name);
      case "seq": return a.items.every(isNullable);
      case "alt": return a.options.some(isNullable);
      case "rep": return a.min === 0 || isNullable(a.item);
    }
  };
  checkLeftRecursion(p, rules, isNullable);

  const targets = new Map<string, { node: GNode | undefined; name: string }>();
  for (const name of rules.keys()) targets.set(name, { node: undefined, name });
  const build = (a: Ast): GNode => {
    switch (a.k) {
      case "lit": return a.text.length ? { k: "lit", values: [bytesOf(a.text)] } : { k: "seq", items: [] };
      case "cc": return { k: "cc", set: a.set };
      case "ref": return { k: "ref", target: targets.get(a.name)! };
      case "seq": return { k: "seq", items: a.items.map(build) };
      case "alt": return { k: "alt", options: a.options.map(build) };
      case "rep": {
        const item = build(a.item);
        // An item that can match nothing: empty iterations are dropped, and then any minimum is met by them.
        if (isNullable(a.item)) return { k: "rep", item, next: item, min: 0, max: a.max, skipEmpty: true };
        return { k: "rep", item, next: item, min: a.min, max: a.max };
      }
    }
  };
  for (const r of rules.values()) targets.get(r.name)!.node = build(r.body);
  // A one-item sequence around root: raw text, so the matcher skips no leading whitespace.
  return { k: "seq", items: [{ k: "ref", target: targets.get("root")! }] };
}
