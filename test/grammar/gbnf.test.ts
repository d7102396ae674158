/**
 * GBNF grammars (llama.cpp's syntax) on the shared matcher: grammars in the style of llama.cpp's
 * grammars/ folder (arithmetic, a list, a JSON subset) accepted and refused byte by byte; random
 * logits under each over the Qwen3 vocabulary always give text that the independent checkers
 * below accept (a recursive-descent evaluator, a JavaScript RegExp, JSON.parse); the trie mask
 * equals the token-by-token check; bad grammars are refused naming the rule and line; nullable
 * repetitions and ambiguous grammars neither hang nor grow; a grammar no token fits is a dead end.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileGrammar, GrammarAmbiguityError, GrammarDeadEndError, GrammarSyntaxError, tokenTrie } from "../../src/grammar/index.ts";
import { canEnd, initialState, stepState, type State } from "../../src/grammar/matcher.ts";
import { advance, allowedTokens } from "../../src/grammar/mask.ts";
import { bytesOf } from "../../src/grammar/nodes.ts";
import { constrainSampler } from "../../src/sampling/constrained.ts";
import { createSampler } from "../../src/sampling/sampler.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { Tokenizer } from "../../src/tokenizer/index.ts";
import { loadModel } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";

export const ARITHMETIC = String.raw`# arithmetic, as llama.cpp's grammars/arithmetic.gbnf is written
root  ::= (expr "=" ws term "\n")+
expr  ::= term ([-+*/] term)*
term  ::= ident | num | "(" ws expr ")" ws
ident ::= [a-z] [a-z0-9_]* ws
num   ::= [0-9]+ ws
ws    ::= [ \t\n]*
`;

export const LIST = String.raw`root ::= item{1,4}
item ::= "- " [^\r\n\x00-\x1f]{1,12} "\n"   # a bullet of 1 to 12 characters
`;

export const JSON_LIKE = String.raw`root   ::= object
value  ::= object | array | string | number | ("true" | "false" | "null") ws
object ::=
  "{" ws (
            string ":" ws value
    ("," ws string ":" ws value)*
  )? "}" ws
array  ::=
  "[" ws (
            value
    ("," ws value)*
  )? "]" ws
string ::=
  "\"" (
    [^"\\\x7F\x00-\x1F] |
    "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4}) # escapes
  )* "\"" ws
number ::= ("-"? ([0-9] | [1-9] [0-9]{0,15})) ("." [0-9]{1,8})? ([eE] [-+]? [0-9]{1,3})? ws
ws ::= | " " | "\n" [ \t]{0,20}
`;

/** "ok", "incomplete", or where the text was refused. */
function verdict(grammar: string, text: string): string {
  let st: State = initialState(compileGrammar(grammar).root);
  const b = bytesOf(text);
  for (let i = 0; i < b.length; i++) {
    st = stepState(st, b.charCodeAt(i));
    if (!st.length) return `refused at ${i}`;
  }
  return canEnd(st) ? "ok" : "incomplete";
}
const ok = (g: string, text: string) => assert.equal(verdict(g, text), "ok", JSON.stringify(text));
const no = (g: string, text: string) => assert.notEqual(verdict(g, text), "ok", JSON.stringify(text));

/**
 * An independent reading of ARITHMETIC: recursive descent returning every position each part can
 * end at (ws may swallow the newline an equation ends with, so a greedy reading would be wrong).
 */
export function isArithmetic(s: string): boolean {
  const many = (from: Set<number>, re: RegExp): Set<number> => {
    const out = new Set<number>();
    for (let i of from) {
      out.add(i);
      while (i < s.length && re.test(s[i]!)) out.add(++i);
    }
    return out;
  };
  const ws = (from: Set<number>) => many(from, /[ \t\n]/);
  const char = (from: Set<number>, re: RegExp) => new Set([...from].filter((i) => i < s.length && re.test(s[i]!)).map((i) => i + 1));
  const term = (from: Set<number>): Set<number> => {
    const ident = ws(many(char(from, /[a-z]/), /[a-z0-9_]/));
    const num = ws(many(char(from, /[0-9]/), /[0-9]/));
    const inner = char(from, /\(/);
    const group = inner.size ? ws(char(expr(ws(inner)), /\)/)) : new Set<number>();
    return new Set([...ident, ...num, ...group]);
  };
  const expr = (from: Set<number>): Set<number> => {
    let at = term(from);
    const all = new Set(at);
    while (at.size) {
      at = term(char(at, /[-+*\/]/));
      for (const i of at) all.add(i);
    }
    return all;
  };
  let at = new Set([0]);
  for (;;) {
    at = char(term(ws(char(expr(at), /=/))), /\n/);
    if (at.has(s.length)) return true;
    if (!at.size) return false;
  }
}

export const LIST_RE = /^(- [^\r\n\x00-\x1f]{1,12}\n){1,4}$/u;

test("arithmetic: equations accepted, malformed ones refused", () => {
  ok(ARITHMETIC, "x=1\n");
  ok(ARITHMETIC, "(a+b)*c = 42\n");
  ok(ARITHMETIC, "a1_b /(3 -c)=y\nz=0\n");
  for (const bad of ["", "x=1", "=1\n", "x==1\n", "X=1\n", "x=(1\n", "1a=2\n", "a + b=1\n"]) {
    no(ARITHMETIC, bad);
    assert.ok(!isArithmetic(bad), bad);
  }
  for (const s of ["x=1\n", "(a+b)*c = 42\n", "a1_b /(3 -c)=y\nz=0\n"]) assert.ok(isArithmetic(s), s);
});

test("a list: bounded repetition of items with a negated class", () => {
  ok(LIST, "- aspirin\n");
  ok(LIST, "- a\n- b\n- c\n- d\n");
  ok(LIST, "- ibuprofène\n");
  no(LIST, "- a\n- b\n- c\n- d\n- e\n"); // at most 4
  no(LIST, "- \n"); // at least one character
  no(LIST, "- thirteen char\n"); // at most 12
  no(LIST, "* a\n");
});

test("a JSON subset: groups across lines, alternatives, escapes, {m,n}; comments ignored", () => {
  for (const s of ['{}', '{"a": [1, -2.5e3, "x\\u00e9\\n", true, null, {"b": {}}]}', '{\n  "ü": "日本"\n}']) {
    ok(JSON_LIKE, s);
    JSON.parse(s);
  }
  for (const bad of ["[]", '{"a": 01}', '{"a": 1,}', "{'a': 1}", '{"a": "\t"}', '{"a": "\\x"}', '{"a": tru}']) no(JSON_LIKE, bad);
});

test("syntax: literals and classes with every escape, . , {m} {m,} {,n}, comments and CRLF", () => {
  const g = 'root ::= "\\x41\\u00e9\\U0001F600\\t\\"\\\\" [\\[\\]\\-] . a{2} b{2,} c{,1} # end\r\na ::= "a"\r\nb ::= "b"\r\nc ::= "c"\r\n';
  ok(g, 'Aé😀\t"\\]zaabb');
  ok(g, 'Aé😀\t"\\-\naabbbc');
  no(g, 'Aé😀\t"\\]zabb');
  no(g, 'Aé😀\t"\\]zaabbcc');
  // A rule body may continue after | at a line end, and inside parentheses.
  ok('root ::= "a" |\n  "b"\n', "b");
  ok('root ::= ("a"\n  "b")\n', "ab");
  // Negated class: anything but the listed, multi-byte characters included.
  ok('root ::= [^a-z]+\n', "ÄÖ1");
  no('root ::= [^a-z]+\n', "Äb");
});

function refusedWith(grammar: string, rule: string | undefined, line: number, pattern: RegExp): void {
  assert.throws(() => compileGrammar(grammar), (e: unknown) => {
    assert.ok(e instanceof GrammarSyntaxError, String(e));
    assert.equal(e.rule, rule, e.message);
    assert.equal(e.line, line, e.message);
    assert.match(e.message, pattern);
    assert.match(e.message, new RegExp(`^grammar line ${line}`));
    return true;
  });
}

test("bad grammars: a typed error naming the rule and line", () => {
  refusedWith('root ::= item+\nitem ::= "a" ws\n', "item", 2, /rule 'ws' is not defined/);
  refusedWith('root ::= expr\nexpr ::= expr "+" term | term\nterm ::= [0-9]\n', "expr", 2, /left-recursive: expr → expr/);
  // Indirect, and through a nullable prefix (as llama.cpp's check finds it).
  refusedWith('root ::= a\na ::= b "x"\nb ::= "y" | a\n', "a", 2, /left-recursive: a → b → a/);
  refusedWith('root ::= ws root "x" | "y"\nws ::= " "*\n', "root", 1, /left-recursive: root → root/);
  refusedWith('root ::= "a"\nroot ::= "b"\n', "root", 2, /defined twice \(first on line 1\)/);
  refusedWith('item ::= "a"\n', undefined, 1, /no rule named 'root'/);
  refusedWith('root ::= "a\n', "root", 1, /no closing quote/);
  refusedWith('root ::= [a-\n', "root", 1, /./);
  refusedWith('root ::= "a"\n\nx ::= ( "b"\n', "x", 3, /expected \) to close/);
  refusedWith('root ::= "a"{3,1}\n', "root", 1, /maximum below its minimum/);
  refusedWith('root ::= "\\q"\n', "root", 1, /unknown escape \\q/);
  refusedWith('root ::= <think> "a"\n', "root", 1, /token references/);
  refusedWith('root ::= * "a"\n', "root", 1, /nothing before it to repeat/);
  refusedWith('root := "a"\n', "root", 1, /expected ::=/);
  refusedWith('root ::= "a" b ::= "b"\n', "root", 1, /newline before the next rule 'b'/);
  refusedWith("", undefined, 1, /no rules/);
});

test("nullable repetitions end and ambiguous grammars stay small (no hang, no growth)", () => {
  // ("a"?)* and (ws)* would loop forever if empty iterations were followed.
  ok('root ::= ("a"?)* "b"\n', "aab");
  ok('root ::= ("a"?)* "b"\n', "b");
  ok('root ::= (ws)+ "b"\nws ::= " "*\n', "  b");
  // At most 3 non-empty iterations; the minimum of 2 is met by empty ones.
  ok('root ::= ("a"? "c"?){2,3} "b"\n', "acacacb");
  ok('root ::= ("a"? "c"?){2,3} "b"\n', "b");
  no('root ::= ("a"? "c"?){2,3} "b"\n', "acacacacb");
  // Two repetitions over the same characters: one parse per split point without dedupe.
  const g = compileGrammar('root ::= [a-z]* [a-z]* ("a" | "a")*\n');
  let st: State = initialState(g.root);
  let most = 0;
  for (let i = 0; i < 3000; i++) {
    st = stepState(st, 0x61);
    most = Math.max(most, st.length);
  }
  assert.ok(canEnd(st));
  assert.ok(most <= 8, `threads at once: ${most}`);
});

test("hostile grammars: exponential alternatives, deep nesting, too many rules are refused, not followed", () => {
  // a0 ::= a1 | a1, a1 ::= a2 | a2, ...: 2^40 paths to the first character.
  const rules = Array.from({ length: 40 }, (_, i) => `a${i} ::= a${i + 1} | a${i + 1}`).join("\n");
  const g = compileGrammar(`root ::= a0\n${rules}\na40 ::= "x"\n`);
  assert.throws(() => stepState(initialState(g.root), 0x78), (e: unknown) => e instanceof GrammarAmbiguityError && /alternatives to try/.test(e.message));
  refusedWith(`root ::= ${"(".repeat(150)}"a"${")".repeat(150)}\n`, "root", 1, /nested more than 100 deep/);
  refusedWith(Array.from({ length: 2001 }, (_, i) => `r${i} ::= "a"`).join("\n"), "r2000", 2001, /more than 2000 rules/);
  refusedWith("x".repeat(300_000), undefined, 1, /at most 262144/);
});

let tokenizer: Tokenizer;
async function qwenTokenizer(): Promise<Tokenizer> {
  if (tokenizer) return tokenizer;
  const m = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 64, threads: 1 });
  tokenizer = (m as unknown as { core: { tokenizer: Tokenizer } }).core.tokenizer;
  await m.close();
  return tokenizer;
}

test("the trie mask equals a token-by-token check over the whole vocabulary", async () => {
  const tk = await qwenTokenizer();
  const trie = tokenTrie(tk);
  const allowed = new Uint8Array(tk.vocabSize);
  for (const [g, prefix] of [[ARITHMETIC, ""], [ARITHMETIC, "(ab +1"], [LIST, "- ib"], [JSON_LIKE, '{"a": "\\u00'], [JSON_LIKE, '{"a": [1.5e']] as const) {
    const st = advance(initialState(compileGrammar(g).root), bytesOf(prefix));
    assert.ok(st.length > 0, prefix);
    const n = allowedTokens(trie, st, allowed);
    let expected = 0;
    for (let id = 0; id < tk.vocabSize; id++) {
      const text = trie.texts[id]!;
      const fits = text.length > 0 && advance(st, text).length > 0;
      if (fits) expected++;
      if (fits !== (allowed[id] === 1)) assert.fail(`after ${JSON.stringify(prefix)}: token ${id} ${JSON.stringify(tk.decode([id]))} ${fits ? "fits but is masked" : "is allowed but does not fit"}`);
    }
    assert.equal(n, expected);
    assert.ok(n > 0);
  }
});

test("random logits under each grammar always give text its independent checker accepts", async () => {
  const tk = await qwenTokenizer();
  const end = new Set([tk.eosId!]);
  const isObject = (s: string) => {
    try {
      const v: unknown = JSON.parse(s);
      return typeof v === "object" && v !== null && !Array.isArray(v);
    } catch {
      return false;
    }
  };
  // Closing tokens get a lift (and the end token more) so that random text ends within the budget.
  const cases: Array<[string, (s: string) => boolean, string[]]> = [
    [ARITHMETIC, isArithmetic, ["=", "\n", ")", "1"]],
    [LIST, (s) => LIST_RE.test(s), ["\n"]],
    [JSON_LIKE, isObject, ["}", "]", '"', "1"]],
  ];
  const rng = new Rng(5);
  const logits = new Float32Array(tk.vocabSize);
  for (const [g, check, closers] of cases) {
    const lift = closers.map((c) => tk.encode(c)[0]!);
    let ended = 0;
    for (let seed = 0; seed < 4; seed++) {
      const sampler = constrainSampler(createSampler({ temperature: 1, topK: 40, seed }, { temperature: 1, topK: 40, topP: 1, minP: 0 }), { grammar: compileGrammar(g), tokenizer: tk, endTokens: end, phase: () => "answer" });
      const out: number[] = [];
      let done = false;
      for (let i = 0; i < 120 && !done; i++) {
        for (let j = 0; j < logits.length; j++) logits[j] = rng.normal() * 2;
        for (const t of lift) logits[t] = 8;
        logits[tk.eosId!] = 10;
        const t = sampler.pick(logits);
        if (end.has(t)) done = true;
        else {
          sampler.accept(t);
          out.push(t);
        }
      }
      if (!done) continue;
      ended++;
      const text = tk.decode(out);
      assert.ok(check(text), `${g.split("\n")[0]} gave ${JSON.stringify(text)}`);
    }
    assert.ok(ended >= 3, `only ${ended} of 4 runs ended`);
  }
});

test("a grammar no token can continue ends with GrammarDeadEndError, not a hang", async () => {
  const tk = await qwenTokenizer();
  const run = (g: string) => {
    const sampler = constrainSampler(createSampler({ temperature: 0 }, { temperature: 0, topK: 0, topP: 1, minP: 0 }), { grammar: compileGrammar(g), tokenizer: tk, endTokens: new Set([tk.eosId!]), phase: () => "answer" });
    return sampler.pick(new Float32Array(tk.vocabSize));
  };
  // An empty class: no character at all.
  assert.throws(() => run("root ::= [^\\x00-\\U0010FFFF]\n"), GrammarDeadEndError);
});
