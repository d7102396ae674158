/**
 * A byte-level pushdown matcher for the grammar nodes of ./nodes.ts. A state is a list of
 * threads (alternatives still alive, from anyOf); a thread is an immutable stack of frames, so a
 * state is shared freely while the token trie is walked (./mask.ts) and never copied.
 *
 * JSON as generated here: whitespace between tokens is one space, or a newline and at most
 * INDENT_MAX spaces or tabs (as llama.cpp's JSON grammar: a weak model cannot wander off into
 * endless blank space), numbers of
 * at most INT_DIGITS integer, FRAC_DIGITS fraction and EXP_DIGITS exponent digits, strings of
 * valid UTF-8 (escapes included), object keys in the schema's property order.
 */
import { ANY_MAX_DEPTH, type GNode } from "./nodes.ts";
import { GrammarAmbiguityError } from "./errors.ts";
import { inSet, meets, type CharSet, type Regex } from "./regex.ts";

/** Indentation after a newline, at most (llama.cpp's JSON grammar allows the same). */
export const INDENT_MAX = 20;
const INT_DIGITS = 20;
const FRAC_DIGITS = 16;
const EXP_DIGITS = 3;

const F = { Root: 0, Obj: 1, Key: 2, Arr: 3, Str: 4, Num: 5, Lit: 6, Seq: 7, Rep: 8, Re: 9, Cc: 10 } as const;
type F = typeof F;

/** String scanning state shared by strings and keys. */
interface Scan {
  /** Characters so far (code points; an escape is one). */
  len: number;
  /** 0: plain; 1: after a backslash; 2–5: hex digits of \u still to come (5 = four to go). */
  esc: number;
  /** UTF-8 continuation bytes still to come, and the range the next one must lie in. */
  cont: number;
  lo: number;
  hi: number;
}

type ObjNode = Extract<GNode, { k: "obj" }>;
type ArrNode = Extract<GNode, { k: "arr" }>;
type NumNode = Extract<GNode, { k: "num" }>;
type SeqNode = Extract<GNode, { k: "seq" }>;
type RepNode = Extract<GNode, { k: "rep" }>;

type Frame =
  | { t: typeof F.Root; node: GNode; done: boolean; ws: number }
  /** ph: 0 after '{', 1 after a key, 2 after ':', 3 after a value, 4 after ','. */
  | { t: typeof F.Obj; node: ObjNode; ph: number; next: number; ws: number; val: GNode | null }
  /** cand: property indices the key can still be; extra: an additional key is allowed; text: bytes so far (when matching names). */
  | ({ t: typeof F.Key; cand: number[]; extra: boolean; text: string } & Scan)
  /** ph: 0 after '[', 1 after an item, 2 after ','; used: the literals written so far (unique arrays). */
  | { t: typeof F.Arr; node: ArrNode; ph: number; n: number; ws: number; used?: readonly string[] }
  /** re/rs: the pattern and its DFA state; acc: the bits of a character still being read. */
  | ({ t: typeof F.Str; max: number; min: number; re: Regex | null; rs: number; acc: number } & Scan)
  /** Raw text under a regular expression (cont/acc: a character being read). */
  | { t: typeof F.Re; re: Regex; rs: number; cont: number; lo: number; hi: number; acc: number }
  /** ph: 0 after '-', 1 after a leading 0, 2 integer digits, 3 after '.', 4 fraction digits, 5 after e, 6 after exponent sign, 7 exponent digits. */
  | { t: typeof F.Num; node: NumNode; ph: number; text: string }
  | { t: typeof F.Lit; values: string[]; pos: number }
  /** i: the next item to start (items.length: complete). */
  | { t: typeof F.Seq; node: SeqNode; i: number }
  /** n: items so far (past max(min, 1) only counted when max is finite); at: the step that pushed it below an item. */
  | { t: typeof F.Rep; node: RepNode; n: number; at: number }
  /** One character of a set, its UTF-8 bytes still coming (as in Re). */
  | { t: typeof F.Cc; set: CharSet; cont: number; lo: number; hi: number; acc: number };

export interface Stack {
  readonly f: Frame;
  readonly up: Stack | null;
}

export type State = readonly Stack[];

const push = (f: Frame, up: Stack | null): Stack => ({ f, up });

const UNBOUNDED: NumNode = { k: "num", integer: false, lo: -Infinity, hi: Infinity, loEx: false, hiEx: false };
const anyObj: ObjNode[] = [];
const anyArr: ArrNode[] = [];
for (let d = 0; d <= ANY_MAX_DEPTH; d++) {
  const inner: GNode = { k: "any", depth: Math.min(d + 1, ANY_MAX_DEPTH) };
  anyObj.push({ k: "obj", props: [], additional: inner, keyIndex: new Map() });
  anyArr.push({ k: "arr", items: inner, min: 0, max: Infinity });
}

const isWs = (b: number) => b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
/**
 * The whitespace run after one more byte, or -1: 0 none, 1 a space (nothing may follow),
 * 2 + k a newline and k spaces or tabs.
 */
function wsNext(ws: number, b: number): number {
  if (ws === 0) return b === 0x20 ? 1 : b === 0x0a ? 2 : -1;
  if (ws >= 2 && (b === 0x20 || b === 0x09) && ws - 2 < INDENT_MAX) return ws + 1;
  return -1;
}
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isHex = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

export function initialState(node: GNode): State {
  return [push({ t: F.Root, node, done: false, ws: 0 }, null)];
}

/** Threads alive at once, at most (a GBNF grammar ambiguous enough to pass it is refused, not followed). */
export const MAX_THREADS = 4096;
/** Counts stepState calls: a Rep frame remembers the step that pushed it (see RepNode.skipEmpty). */
let stepId = 0;
/**
 * Values started within one byte's step, at most: a GBNF grammar whose alternatives nest into
 * each other (a ::= b | b, b ::= c | c, ...) has exponentially many paths to try at one byte.
 */
const MAX_WORK = 20_000;
let work = 0;

/** The threads that remain after one more byte. */
export function stepState(state: State, b: number): State {
  const memo = (state as Interned).tr;
  if (memo !== undefined) {
    const hit = memo[b];
    if (hit !== undefined) return hit;
  }
  stepId++;
  work = 0;
  const out: Stack[] = [];
  for (const s of state) stepStack(s, b, out);
  let next: State = out;
  if (out.length > 1) {
    next = dedupe(out);
    if (next.length > MAX_THREADS) throw new GrammarAmbiguityError(`more than ${MAX_THREADS} different parses of the output alive at once`);
  }
  next = intern(next);
  if (memo !== undefined && (next as Interned).tr !== undefined) memo[b] = next;
  return next;
}

/**
 * States made only of keyed frames (GBNF's seq/rep/lit/cc/ref, the root) are interned: equal
 * states become one object, which carries its transitions per byte (`tr`). Inside a GBNF string
 * or identifier the state after a plain character is the state before it, so the vocabulary trie
 * walk (./mask.ts) becomes a lookup per node instead of a step. JSON frames (objects, strings,
 * numbers) have their own fast paths and are left alone (one property read per step).
 */
type Interned = State & { tr?: Array<State | undefined> };
const internTable = new Map<string, State>();
/** Interned states at most; past it the table starts over (memory stays bounded, identity is only an optimization). */
const MAX_INTERNED = 20_000;

/** The dead state, shared so that dead ends are memoized too. */
const EMPTY: Interned = Object.assign([] as Stack[], { tr: new Array<State | undefined>(256) });

function intern(state: State): State {
  if (state.length === 0) return EMPTY;
  let key = "";
  for (const s of state) {
    if (frameKey(s.f) === null) return state;
    const k = pureKey(s);
    if (k === null) return state;
    key += k + "|";
  }
  const hit = internTable.get(key);
  if (hit) return hit;
  if (internTable.size >= MAX_INTERNED) internTable.clear();
  (state as Interned).tr = new Array<State | undefined>(256);
  internTable.set(key, state);
  return state;
}

const pureKeys = new WeakMap<Stack, string | null>();
/** The stack's structural key when every frame has one, else null; memoized. */
function pureKey(s: Stack): string | null {
  const hit = pureKeys.get(s);
  if (hit !== undefined) return hit;
  const top = frameKey(s.f);
  const up = top === null || s.up === null ? "" : pureKey(s.up);
  const key = top === null || up === null ? null : `${top}/${up}`;
  pureKeys.set(s, key);
  return key;
}

const nodeIds = new WeakMap<object, number>();
let nodeCount = 0;
const idOf = (o: object): number => {
  let id = nodeIds.get(o);
  if (id === undefined) nodeIds.set(o, (id = ++nodeCount));
  return id;
};

/**
 * Threads that are the same parse position (stacks of equal frames) kept once: an ambiguous
 * grammar (GBNF `[a-z]* [a-z]*`, `("a" | "a")*`) would otherwise gain a thread per byte or double
 * them. Frames without a cheap key (objects, arrays, strings, numbers) compare by identity.
 */
function dedupe(out: Stack[]): Stack[] {
  const seen = new Set<string>();
  const kept: Stack[] = [];
  for (const s of out) {
    const key = stackKey(s);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(s);
  }
  return kept;
}

const stackKeys = new WeakMap<Stack, string>();
let stackCount = 0;
/** A stack's structural key, memoized (stacks are immutable). */
function stackKey(s: Stack): string {
  const hit = stackKeys.get(s);
  if (hit !== undefined) return hit;
  const key = `${frameKey(s.f) ?? `#${++stackCount}`}/${s.up === null ? "" : stackKey(s.up)}`;
  stackKeys.set(s, key);
  return key;
}

/** What decides a frame's future (a Rep's `at` does not, once its step is over). */
function frameKey(f: Frame): string | null {
  switch (f.t) {
    case F.Seq: return `s${idOf(f.node)},${f.i}`;
    case F.Rep: return `r${idOf(f.node)},${f.n}`;
    case F.Lit: return `l${f.pos},${f.values.join("\0")}`;
    case F.Cc: return `c${idOf(f.set)},${f.cont},${f.lo},${f.hi},${f.acc}`;
    case F.Root: return `o${idOf(f.node)},${f.done ? 1 : 0},${f.ws}`;
    default: return null;
  }
}

/** Whether the output may end here (the root value is complete). */
export function canEnd(state: State): boolean {
  return state.some(stackCanEnd);
}

/** Whether no byte can follow (only the end may come). */
export function mustEnd(state: State): boolean {
  return state.every((s) => s.f.t === F.Root && s.f.done);
}

function stackCanEnd(s: Stack): boolean {
  const f = s.f;
  if (f.t === F.Root) return f.done || (f.ws === 0 && nullable(f.node));
  if (completable(f)) return s.up !== null && stackCanEnd(s.up);
  return false;
}

/**
 * For the trie walk's fast path: the number of characters a run of plain string bytes may add
 * here (top of a lone thread inside a string, at a character boundary), or -1.
 */
export function plainBudget(state: State): number {
  if (state.length !== 1) return -1;
  const f = state[0]!.f;
  if (f.t === F.Str && f.esc === 0 && f.cont === 0 && f.re === null) return f.max - f.len;
  if (f.t === F.Key && f.esc === 0 && f.cont === 0 && f.cand.length === 0 && f.extra && f.text === "") return Infinity;
  return -1;
}

/** A frame that may be complete here while it could also go on (its parent then takes the next byte). */
function completable(f: Frame): boolean {
  switch (f.t) {
    case F.Num: return numComplete(f);
    case F.Lit: return f.values.some((v) => v.length === f.pos);
    case F.Seq: return f.node.items.slice(f.i).every(nullable);
    case F.Rep: return f.n >= f.node.min;
    case F.Re: return f.cont === 0 && f.re.isAccepting(f.rs);
    case F.Cc: return false;
    default: return false;
  }
}

const nullables = new WeakMap<GNode, boolean>();
/** Whether a node can match no bytes at all (GBNF's optional tails: `ws ::= [ \t\n]*`); memoized, a ref cycle counts as not. */
function nullable(n: GNode): boolean {
  const hit = nullables.get(n);
  if (hit !== undefined) return hit;
  nullables.set(n, false);
  let v: boolean;
  switch (n.k) {
    case "lit": v = n.values.some((x) => x.length === 0); break;
    case "seq": v = n.items.every(nullable); break;
    case "alt": v = n.options.some(nullable); break;
    case "rep": v = n.min === 0 || nullable(n.item); break;
    case "ref": v = nullable(n.target.node!); break;
    case "re": v = n.re.isAccepting(n.re.start); break;
    default: v = false;
  }
  nullables.set(n, v);
  return v;
}

function stepStack(s: Stack, b: number, out: Stack[]): void {
  const f = s.f;
  switch (f.t) {
    case F.Root:
      if (f.done) return;
      // Whitespace may lead a JSON value; raw text and tool-call sequences say their own.
      if (isWs(b) && f.node.k !== "re" && f.node.k !== "seq" && f.node.k !== "rep" && f.node.k !== "cc") {
        const ws = wsNext(f.ws, b);
        if (ws >= 0) out.push(push({ ...f, ws }, s.up));
        return;
      }
      return start(f.node, b, push({ ...f, done: true, ws: 0 }, s.up), out);
    case F.Obj:
      return stepObj(f, s, b, out);
    case F.Key:
      return stepKey(f, s, b, out);
    case F.Arr:
      return stepArr(f, s, b, out);
    case F.Str: {
      if (b === 0x22 && f.esc === 0 && f.cont === 0) {
        if (f.len >= f.min && (f.re === null || f.re.isAccepting(f.rs))) out.push(s.up!);
        return;
      }
      // Under a pattern the characters are matched as written: no escapes.
      if (f.re !== null && b === 0x5c) return;
      const next = scan(f, b);
      if (!next || next.len > f.max) return;
      if (f.re === null) {
        out.push(push({ ...f, ...next }, s.up));
        return;
      }
      const r = reByte(f.re, f.rs, f.cont, f.acc, b);
      if (r) out.push(push({ ...f, ...next, rs: r.rs, acc: r.acc }, s.up));
      return;
    }
    case F.Re: {
      const u = utf8Next(f, b);
      if (!u) return;
      const m = reByte(f.re, f.rs, f.cont, f.acc, b);
      if (m) out.push(push({ ...f, ...u, rs: m.rs, acc: m.acc }, s.up));
      return;
    }
    case F.Cc: {
      const u = utf8Next(f, b);
      if (!u) return;
      const m = ccByte(f.set, f.cont, f.acc, b);
      if (m === "done") out.push(s.up!);
      else if (m !== null) out.push(push({ ...f, ...u, acc: m }, s.up));
      return;
    }
    case F.Num: {
      const next = stepNum(f, b);
      if (next) out.push(push(next, s.up));
      else if (numComplete(f)) stepStack(s.up!, b, out);
      return;
    }
    case F.Lit: {
      const values = f.values.filter((v) => v.length > f.pos && v.charCodeAt(f.pos) === b);
      if (values.length) return litAfter(values, f.pos + 1, s.up!, out);
      if (f.values.some((v) => v.length === f.pos)) stepStack(s.up!, b, out);
      return;
    }
    case F.Seq:
      // The last item returns straight to the parent: a finished sequence leaves no frame behind.
      if (f.i < f.node.items.length) return start(f.node.items[f.i]!, b, f.i + 1 === f.node.items.length ? s.up! : push({ ...f, i: f.i + 1 }, s.up), out);
      return stepStack(s.up!, b, out);
    case F.Rep: {
      const { node } = f;
      // Reached again at the step that started an item: the item matched nothing (see skipEmpty).
      if (node.skipEmpty && f.at === stepId) return;
      // An unbounded repetition past its minimum counts no further, so equal positions dedupe.
      const n = node.max === Infinity ? Math.min(f.n + 1, Math.max(node.min, 1)) : f.n + 1;
      if (f.n < node.max) start(f.n === 0 ? node.item : node.next, b, push({ ...f, n, at: stepId }, s.up), out);
      // Both may hold: another item, or the repetition is over and the byte is the parent's.
      if (f.n >= node.min) stepStack(s.up!, b, out);
      return;
    }
  }
}

/** A literal that can go no further is done; one that may still grow stays (a number enum's "1" before "12"). */
function litAfter(values: string[], pos: number, up: Stack, out: Stack[]): void {
  if (values.every((v) => v.length === pos)) out.push(up);
  else out.push(push({ t: F.Lit, values, pos }, up));
}

/** The first byte of a value of `node`; `up` is the parent already set to its after-value phase. */
function start(node: GNode, b: number, up: Stack, out: Stack[]): void {
  if (++work > MAX_WORK) throw new GrammarAmbiguityError(`more than ${MAX_WORK} alternatives to try at one character`);
  switch (node.k) {
    case "ref":
      return start(node.target.node!, b, up, out);
    case "seq":
      if (node.items.length === 0) return stepStack(up, b, out);
      return start(node.items[0]!, b, node.items.length === 1 ? up : push({ t: F.Seq, node, i: 1 }, up), out);
    case "rep":
      return stepStack(push({ t: F.Rep, node, n: 0, at: -1 }, up), b, out);
    case "cc":
      return stepStack(push({ t: F.Cc, set: node.set, cont: 0, lo: 0, hi: 0, acc: 0 }, up), b, out);
    case "alt":
      for (const o of node.options) start(o, b, up, out);
      return;
    case "any": {
      const d = node.depth;
      if (b === 0x7b) { if (d < ANY_MAX_DEPTH) out.push(push({ t: F.Obj, node: anyObj[d]!, ph: 0, next: 0, ws: 0, val: null }, up)); }
      else if (b === 0x5b) { if (d < ANY_MAX_DEPTH) out.push(push({ t: F.Arr, node: anyArr[d]!, ph: 0, n: 0, ws: 0 }, up)); }
      else if (b === 0x22) out.push(push({ t: F.Str, min: 0, max: Infinity, re: null, rs: 0, acc: 0, len: 0, esc: 0, cont: 0, lo: 0, hi: 0 }, up));
      else if (b === 0x2d || isDigit(b)) startNum(UNBOUNDED, b, up, out);
      else if (b === 0x74 || b === 0x66 || b === 0x6e) start(LITERALS, b, up, out);
      return;
    }
    case "obj":
      if (b === 0x7b) out.push(push({ t: F.Obj, node, ph: 0, next: 0, ws: 0, val: null }, up));
      return;
    case "arr":
      if (b === 0x5b) out.push(push({ t: F.Arr, node, ph: 0, n: 0, ws: 0 }, up));
      return;
    case "str":
      if (b === 0x22) out.push(push({ t: F.Str, min: node.min, max: node.max, re: node.re ?? null, rs: node.re?.start ?? 0, acc: 0, len: 0, esc: 0, cont: 0, lo: 0, hi: 0 }, up));
      return;
    case "re":
      return stepStack(push({ t: F.Re, re: node.re, rs: node.re.start, cont: 0, lo: 0, hi: 0, acc: 0 }, up), b, out);
    case "num":
      return startNum(node, b, up, out);
    case "lit": {
      const values = node.values.filter((v) => v.charCodeAt(0) === b);
      if (values.length) litAfter(values, 1, up, out);
      return;
    }
  }
}

const LITERALS: GNode = { k: "lit", values: ["true", "false", "null"] };

// ---- objects ----

/** Property indices a key may name now: from `next` on, up to and including the first required one. */
function keyCandidates(node: ObjNode, next: number): number[] {
  const c: number[] = [];
  for (let j = next; j < node.props.length; j++) {
    c.push(j);
    if (node.props[j]!.required) break;
  }
  return c;
}

function requiredLeft(node: ObjNode, next: number): boolean {
  for (let j = next; j < node.props.length; j++) if (node.props[j]!.required) return true;
  return false;
}

function stepObj(f: Extract<Frame, { t: typeof F.Obj }>, s: Stack, b: number, out: Stack[]): void {
  if (isWs(b)) {
    const ws = wsNext(f.ws, b);
    if (ws >= 0) out.push(push({ ...f, ws }, s.up));
    return;
  }
  const node = f.node;
  switch (f.ph) {
    case 0:
    case 4:
      if (b === 0x22) {
        const cand = keyCandidates(node, f.next);
        const extra = node.additional !== null;
        if (cand.length || extra) out.push(push({ t: F.Key, cand, extra, text: "", len: 0, esc: 0, cont: 0, lo: 0, hi: 0 }, push({ ...f, ph: 1, ws: 0 }, s.up)));
      } else if (b === 0x7d && f.ph === 0 && !requiredLeft(node, f.next)) out.push(s.up!);
      return;
    case 1:
      if (b === 0x3a) out.push(push({ ...f, ph: 2, ws: 0 }, s.up));
      return;
    case 2:
      return start(f.val!, b, push({ ...f, ph: 3, ws: 0, val: null }, s.up), out);
    case 3:
      // A comma only where another key can follow.
      if (b === 0x2c) { if (keyCandidates(node, f.next).length || node.additional) out.push(push({ ...f, ph: 4, ws: 0 }, s.up)); }
      else if (b === 0x7d && !requiredLeft(node, f.next)) out.push(s.up!);
      return;
  }
}

function stepKey(f: Extract<Frame, { t: typeof F.Key }>, s: Stack, b: number, out: Stack[]): void {
  const obj = s.up!.f as Extract<Frame, { t: typeof F.Obj }>;
  if (b === 0x22 && f.esc === 0 && f.cont === 0) {
    const node = obj.node;
    const hit = f.cand.find((j) => node.props[j]!.key.length === f.text.length);
    if (hit !== undefined) out.push(push({ ...obj, next: hit + 1, val: node.props[hit]!.node }, s.up!.up));
    // An extra key must not be one of the declared names (an earlier one would repeat it).
    else if (f.extra && !node.keyIndex.has(f.text)) out.push(push({ ...obj, val: node.additional }, s.up!.up));
    return;
  }
  const next = scan(f, b);
  if (!next) return;
  const props = obj.node.props;
  const pos = f.text.length;
  const cand = f.cand.filter((j) => props[j]!.key.charCodeAt(pos) === b);
  if (!cand.length && !f.extra) return;
  const text = props.length ? f.text + String.fromCharCode(b) : "";
  out.push(push({ ...f, ...next, cand, text }, s.up));
}

// ---- arrays ----

function stepArr(f: Extract<Frame, { t: typeof F.Arr }>, s: Stack, b: number, out: Stack[]): void {
  if (isWs(b)) {
    const ws = wsNext(f.ws, b);
    if (ws >= 0) out.push(push({ ...f, ws }, s.up));
    return;
  }
  const node = f.node;
  switch (f.ph) {
    case 0:
      if (b === 0x5d) { if (node.min === 0) out.push(s.up!); return; }
      if (node.max > 0) startItem(f, s, b, out);
      return;
    case 1:
      if (b === 0x2c) { if (f.n < node.max) out.push(push({ ...f, ph: 2, ws: 0 }, s.up)); }
      else if (b === 0x5d && f.n >= node.min) out.push(s.up!);
      return;
    case 2:
      return startItem(f, s, b, out);
  }
}

/** The first byte of item f.n: its prefix schema or `items`; in a unique array, one thread per literal not yet written. */
function startItem(f: Extract<Frame, { t: typeof F.Arr }>, s: Stack, b: number, out: Stack[]): void {
  const node = f.node;
  const item = node.prefix !== undefined && f.n < node.prefix.length ? node.prefix[f.n]! : node.items;
  if (!node.unique || item.k !== "lit") return start(item, b, push({ ...f, ph: 1, n: f.n + 1, ws: 0 }, s.up), out);
  const used = f.used ?? [];
  for (const v of item.values) {
    if (v.charCodeAt(0) !== b || used.includes(v)) continue;
    litAfter([v], 1, push({ ...f, ph: 1, n: f.n + 1, ws: 0, used: [...used, v] }, s.up), out);
  }
}

// ---- strings ----

/** One byte of string content (not the closing quote); null when it cannot be there. */
function scan(f: Scan, b: number): Scan | null {
  if (f.cont > 0) {
    if (b < f.lo || b > f.hi) return null;
    return { len: f.len, esc: 0, cont: f.cont - 1, lo: 0x80, hi: 0xbf };
  }
  if (f.esc === 1) {
    if (b === 0x75) return { ...f, esc: 5 };
    if (b === 0x22 || b === 0x5c || b === 0x2f || b === 0x62 || b === 0x66 || b === 0x6e || b === 0x72 || b === 0x74) return { ...f, esc: 0 };
    return null;
  }
  if (f.esc >= 2) {
    if (!isHex(b)) return null;
    return { ...f, esc: f.esc === 2 ? 0 : f.esc - 1 };
  }
  // An escape is one character, counted at its backslash (so maxLength is never passed mid-escape).
  if (b === 0x5c) return { ...f, esc: 1, len: f.len + 1 };
  if (b < 0x20 || b === 0x22) return null;
  if (b < 0x80) return { len: f.len + 1, esc: 0, cont: 0, lo: 0, hi: 0 };
  // UTF-8 lead bytes, with the ranges that exclude overlong forms and surrogates.
  if (b >= 0xc2 && b <= 0xdf) return { len: f.len + 1, esc: 0, cont: 1, lo: 0x80, hi: 0xbf };
  if (b === 0xe0) return { len: f.len + 1, esc: 0, cont: 2, lo: 0xa0, hi: 0xbf };
  if (b === 0xed) return { len: f.len + 1, esc: 0, cont: 2, lo: 0x80, hi: 0x9f };
  if (b >= 0xe1 && b <= 0xef) return { len: f.len + 1, esc: 0, cont: 2, lo: 0x80, hi: 0xbf };
  if (b === 0xf0) return { len: f.len + 1, esc: 0, cont: 3, lo: 0x90, hi: 0xbf };
  if (b >= 0xf1 && b <= 0xf3) return { len: f.len + 1, esc: 0, cont: 3, lo: 0x80, hi: 0xbf };
  if (b === 0xf4) return { len: f.len + 1, esc: 0, cont: 3, lo: 0x80, hi: 0x8f };
  return null;
}

// ---- regular expressions over UTF-8 bytes ----

/** The first code point of a UTF-8 sequence with this many continuation bytes. */
const MIN_OF_LENGTH = [0, 0x80, 0x800, 0x10000];

/** UTF-8 validity of raw text: the state after `b` (as in a string's scan, without JSON's rules), or null. */
function utf8Next(f: { cont: number; lo: number; hi: number }, b: number): { cont: number; lo: number; hi: number } | null {
  if (f.cont > 0) return b >= f.lo && b <= f.hi ? { cont: f.cont - 1, lo: 0x80, hi: 0xbf } : null;
  const s = scan({ len: 0, esc: 0, cont: 0, lo: 0, hi: 0 }, b === 0x22 || b === 0x5c || b < 0x20 ? 0x41 : b);
  return s ? { cont: s.cont, lo: s.lo, hi: s.hi } : null;
}

/**
 * One byte through the regex: a character is stepped when its last byte arrives; before that,
 * the code points its first bytes leave possible must meet some transition.
 */
function reByte(re: Regex, rs: number, cont: number, acc: number, b: number): { rs: number; acc: number } | null {
  const s = utf8Advance(cont, acc, b);
  const left = s & 3, bits = s >> 2;
  if (left === 0) {
    const next = re.step(rs, bits);
    return next < 0 ? null : { rs: next, acc: 0 };
  }
  const lo = pendingLow(bits, left, cont), hi = pendingHigh(bits, left);
  return lo <= hi && re.canTake(rs, lo, hi) ? { rs, acc: bits } : null;
}

/**
 * A character's decoding after byte `b` (`cont` bytes were still due, `acc` their bits so far):
 * the bits so far times 4 plus the bytes still to come (0–3), packed in one number because this
 * runs for every byte of every candidate token.
 */
function utf8Advance(cont: number, acc: number, b: number): number {
  if (cont > 0) return (((acc << 6) | (b & 0x3f)) << 2) | (cont - 1);
  if (b < 0x80) return b << 2;
  if (b < 0xe0) return ((b & 0x1f) << 2) | 1;
  if (b < 0xf0) return ((b & 0x0f) << 2) | 2;
  return ((b & 0x07) << 2) | 3;
}

/**
 * The lowest code point a character with these first bits and `left` bytes to come can become; at
 * the lead byte (`cont` 0), never an overlong form (the second byte's range, checked by the UTF-8
 * validation, keeps the later ones honest).
 */
function pendingLow(bits: number, left: number, cont: number): number {
  return Math.max(bits * 2 ** (6 * left), cont > 0 ? 0 : MIN_OF_LENGTH[left]!);
}

/** The highest code point a character with these first bits and `left` bytes to come can become. */
function pendingHigh(bits: number, left: number): number {
  return (bits + 1) * 2 ** (6 * left) - 1;
}

/** One byte of a character of `set`: "done" after its last byte if the set holds it, the bits so far while it still may, else null. */
function ccByte(set: CharSet, cont: number, acc: number, b: number): "done" | number | null {
  const s = utf8Advance(cont, acc, b);
  const left = s & 3, bits = s >> 2;
  if (left === 0) return inSet(set, bits) ? "done" : null;
  const lo = pendingLow(bits, left, cont), hi = pendingHigh(bits, left);
  return lo <= hi && meets(set, lo, hi) ? bits : null;
}

// ---- numbers ----

function startNum(node: NumNode, b: number, up: Stack, out: Stack[]): void {
  const ph = b === 0x2d ? 0 : b === 0x30 ? 1 : isDigit(b) ? 2 : -1;
  if (ph < 0) return;
  const f: Extract<Frame, { t: typeof F.Num }> = { t: F.Num, node, ph, text: String.fromCharCode(b) };
  if (numFeasible(f)) out.push(push(f, up));
}

function stepNum(f: Extract<Frame, { t: typeof F.Num }>, b: number): Extract<Frame, { t: typeof F.Num }> | null {
  const { node } = f;
  const bounded = node.lo !== -Infinity || node.hi !== Infinity;
  const digit = isDigit(b);
  const dot = b === 0x2e && !node.integer;
  const exp = (b === 0x65 || b === 0x45) && !node.integer && !bounded;
  let ph = -1;
  switch (f.ph) {
    case 0: ph = b === 0x30 ? 1 : digit ? 2 : -1; break;
    case 1: ph = dot ? 3 : exp ? 5 : -1; break;
    case 2: ph = digit ? (intDigits(f.text) < INT_DIGITS ? 2 : -1) : dot ? 3 : exp ? 5 : -1; break;
    case 3: ph = digit ? 4 : -1; break;
    case 4: ph = digit ? (f.text.length - f.text.indexOf(".") - 1 < FRAC_DIGITS ? 4 : -1) : exp ? 5 : -1; break;
    case 5: ph = b === 0x2b || b === 0x2d ? 6 : digit ? 7 : -1; break;
    case 6: ph = digit ? 7 : -1; break;
    case 7: ph = digit && expDigits(f.text) < EXP_DIGITS ? 7 : -1; break;
  }
  if (ph < 0) return null;
  const next = { ...f, ph, text: f.text + String.fromCharCode(b) };
  return !bounded || numFeasible(next) ? next : null;
}

const intDigits = (t: string) => t.replace("-", "").length;
const expDigits = (t: string) => t.length - Math.max(t.indexOf("e"), t.indexOf("E"), t.indexOf("+"), t.lastIndexOf("-")) - 1;

function numComplete(f: Extract<Frame, { t: typeof F.Num }>): boolean {
  if (f.ph !== 1 && f.ph !== 2 && f.ph !== 4 && f.ph !== 7) return false;
  return inRange(Number(f.text), f.node);
}

function inRange(v: number, n: NumNode): boolean {
  return (n.loEx ? v > n.lo : v >= n.lo) && (n.hiEx ? v < n.hi : v <= n.hi);
}

/** Whether some number written with this prefix lies within the bounds (exponents are off when bounded). */
function numFeasible(f: Extract<Frame, { t: typeof F.Num }>): boolean {
  const n = f.node;
  if (n.lo === -Infinity && n.hi === Infinity) return true;
  const neg = f.text.startsWith("-");
  const body = neg ? f.text.slice(1) : f.text;
  const dot = body.indexOf(".");
  const intPart = dot < 0 ? body : body.slice(0, dot);
  // Magnitudes reachable from this prefix, as intervals [a, b] (b excluded unless `closed`).
  const spans: Array<[number, number, boolean]> = [];
  if (intPart === "") spans.push([0, Infinity, true]);
  else if (dot < 0) {
    if (intPart === "0") spans.push(n.integer ? [0, 0, true] : [0, 1, false]);
    else {
      const p = Number(intPart);
      for (let k = 0, scale = 1; k <= INT_DIGITS - intPart.length; k++, scale *= 10) {
        spans.push(n.integer ? [p * scale, (p + 1) * scale - 1, true] : [p * scale, (p + 1) * scale, false]);
      }
    }
  } else {
    const frac = body.slice(dot + 1);
    const v = Number(`${intPart}.${frac || "0"}`);
    spans.push(frac.length >= FRAC_DIGITS ? [v, v, true] : [v, v + 10 ** -frac.length, false]);
  }
  for (const [a, b, closed] of spans) {
    const lo = neg ? -b : a;
    const hi = neg ? -a : b;
    const loOpen = neg && !closed;
    const hiOpen = !neg && !closed;
    // The reachable values [lo, hi] (open ends as flagged) meet the allowed [n.lo, n.hi].
    const belowMax = n.hiEx || loOpen ? lo < n.hi : lo <= n.hi;
    const aboveMin = n.loEx || hiOpen ? hi > n.lo : hi >= n.lo;
    if (belowMax && aboveMin) return true;
  }
  return false;
}
