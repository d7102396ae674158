/**
 * llama-server's `grammar` field (GBNF) on /v1/chat/completions and /v1/completions through the
 * official `openai` client, and the SDK's chat(messages, { grammar }), on a random-weight model:
 * every answer is checked by an independent reading of the grammar (a JavaScript RegExp or
 * JSON.parse) — only constrained decoding makes random weights pass. Bad grammars are 400s naming
 * the rule and line; a grammar no token fits ends the request with a clear error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tinyServer, post, type TestServer } from "./helpers.ts";
import { GrammarSyntaxError } from "../../src/index.ts";

let t: TestServer;
test.before(async () => {
  t = await tinyServer({ parallel: 2 });
});
test.after(async () => t.close());

// Bounded grammars, so that a random model's answer ends within max_tokens.
const SUM = String.raw`# a bounded arithmetic line
root ::= term ([-+*/] term){0,3} "=" num
term ::= num | "(" num ws [-+] ws num ")"
num  ::= [1-9] [0-9]{0,2}
ws   ::= " "?
`;
const SUM_RE = /^(?:[1-9][0-9]{0,2}|\([1-9][0-9]{0,2} ?[-+] ?[1-9][0-9]{0,2}\))(?:[-+*/](?:[1-9][0-9]{0,2}|\([1-9][0-9]{0,2} ?[-+] ?[1-9][0-9]{0,2}\))){0,3}=[1-9][0-9]{0,2}$/;
const RECORD = String.raw`root  ::= "{" pair ("," ws pair){0,2} "}"
pair  ::= "\"" [a-z_]{1,8} "\":" ws value
value ::= "-"? [1-9] [0-9]{0,3} | "true" | "false" | "null" | "\"" [^"\\\x00-\x1f]{0,8} "\""
ws    ::= " "?
`;
const isObject = (s: string) => {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
};
const messages = [{ role: "user" as const, content: "Write the dose sum for 2 tablets of 500 mg." }];
const extra = (grammar: string) => ({ grammar, reasoning_budget: 4 }) as Record<string, unknown>;

test("chat: every answer follows the grammar, streamed or not; notices stay out of content", async () => {
  for (const [g, check] of [[SUM, (s: string) => SUM_RE.test(s)], [RECORD, isObject]] as const) {
    for (let seed = 1; seed <= 3; seed++) {
      const r = await t.client.chat.completions.create({ model: t.server.modelName, messages, max_tokens: 120, seed, ...extra(g) });
      const content = r.choices[0]!.message.content!;
      assert.equal(r.choices[0]!.finish_reason, "stop", content);
      assert.ok(check(content), JSON.stringify(content));
      assert.ok(((r as any).medpsy.notices as unknown[]).length > 0, "the safety notices ride beside the answer");
    }
  }
  const stream = await t.client.chat.completions.create({ model: t.server.modelName, messages, max_tokens: 120, seed: 7, stream: true, ...extra(SUM) });
  let content = "";
  let finish: string | null = null;
  for await (const c of stream) {
    content += c.choices[0]?.delta.content ?? "";
    finish = c.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(finish, "stop", content);
  assert.match(content, SUM_RE);
});

test("completions: the whole continuation follows the grammar", async () => {
  for (let seed = 1; seed <= 2; seed++) {
    const c = await t.client.completions.create({ model: t.server.modelName, prompt: "Record:", max_tokens: 120, seed, grammar: RECORD } as any);
    assert.equal(c.choices[0]!.finish_reason, "stop", c.choices[0]!.text);
    assert.ok(isObject(c.choices[0]!.text), c.choices[0]!.text);
  }
});

test("SDK: chat(messages, { grammar }) takes GBNF text; a bad grammar throws naming the rule", async () => {
  let content = "";
  for await (const ev of t.model.chat(messages, { grammar: SUM, reasoningBudget: 4, maxTokens: 120, seed: 3, safety: false })) if (ev.type === "content") content += ev.text;
  assert.match(content, SUM_RE);
  assert.throws(() => t.model.chat(messages, { grammar: 'root ::= x\n' }), (e: unknown) => e instanceof GrammarSyntaxError && e.rule === "root" && e.line === 1);
});

test("bad grammars are 400s naming the rule and line; a grammar no token fits ends with a clear error", async () => {
  const url = `${t.server.url}/v1/chat/completions`;
  const base = { model: t.server.modelName, messages, max_tokens: 20 };
  const left = await post(url, { ...base, grammar: 'root ::= expr\nexpr ::= expr "+" num | num\nnum ::= [0-9]\n' });
  assert.equal(left.status, 400);
  assert.equal(left.json.error.param, "grammar");
  assert.equal(left.json.error.code, "invalid_grammar");
  assert.match(left.json.error.message, /line 2.*'expr'.*left-recursive/);
  const undef = await post(`${t.server.url}/v1/completions`, { model: t.server.modelName, prompt: "x", grammar: 'root ::= "a" tail\n' });
  assert.equal(undef.status, 400);
  assert.match(undef.json.error.message, /line 1.*rule 'tail' is not defined/);
  const both = await post(url, { ...base, grammar: 'root ::= "a"\n', response_format: { type: "json_object" } });
  assert.equal(both.status, 400);
  assert.equal(both.json.error.param, "grammar");
  const notText = await post(url, { ...base, grammar: { root: "a" } });
  assert.equal(notText.status, 400);
  assert.match(notText.json.error.message, /GBNF grammar as a string/);
  // An empty character class: no token can ever start the answer.
  const dead = await post(url, { ...base, grammar: "root ::= [^\\x00-\\U0010FFFF]\n", reasoning_budget: 2 });
  assert.equal(dead.status, 400, dead.text);
  assert.equal(dead.json.error.code, "grammar_dead_end");
  assert.equal(dead.json.error.param, "grammar");
  // The server still answers.
  const after = await t.client.chat.completions.create({ model: t.server.modelName, messages, max_tokens: 60, seed: 1, ...extra(SUM) });
  assert.match(after.choices[0]!.message.content!, SUM_RE);
});

test("a dead end names the field that set the constraint: grammar, response_format, tools, text.format", async () => {
  // A string no character can fill: the grammar compiles, and generation ends after the opening quote.
  const none = { type: "string", pattern: "^[^\\s\\S]$" };
  // Room for the JSON before the string (its blank space is bounded: see INDENT_MAX in the matcher).
  const base = { model: t.server.modelName, max_tokens: 120, reasoning_budget: 2 };
  const chat = `${t.server.url}/v1/chat/completions`;
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [`${t.server.url}/v1/completions`, { ...base, prompt: "x", grammar: "root ::= [^\\x00-\\U0010FFFF]\n" }, "grammar"],
    [chat, { ...base, messages, response_format: { type: "json_schema", json_schema: { name: "none", schema: none } } }, "response_format"],
    [chat, { ...base, messages, tools: [{ type: "function", function: { name: "dose", parameters: { type: "object", properties: { drug: none }, required: ["drug"] } } }], tool_choice: "required" }, "tools"],
    [`${t.server.url}/v1/responses`, { model: t.server.modelName, input: "x", max_output_tokens: 120, reasoning_budget: 2, text: { format: { type: "json_schema", name: "none", schema: none } } }, "text.format"],
  ];
  for (const [url, body, param] of cases) {
    const r = await post(url, body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, "grammar_dead_end", r.text);
    assert.equal(r.json.error.param, param, r.text);
  }
  // Streaming: the error event after the stream started names it too.
  const streamed = await post(chat, { ...base, messages, grammar: "root ::= [^\\x00-\\U0010FFFF]\n", stream: true });
  assert.match(streamed.text, /"code":"grammar_dead_end"/);
  assert.match(streamed.text, /"param":"grammar"/);
});
