/**
 * The grammar engine: JSON Schema features accepted and refused byte by byte, schemas it must
 * refuse by keyword, the token mask equal to a token-by-token check over the whole Qwen3
 * vocabulary, and random-logit sampling under the grammar always giving output that parses and
 * validates (checked by ./schema-check.ts, a separate reading of the schema).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileGrammar, GrammarDeadEndError, GrammarSchemaError, tokenTrie, type GrammarSpec } from "../../src/grammar/index.ts";
import { canEnd, initialState, stepState, type State } from "../../src/grammar/matcher.ts";
import { advance, allowedTokens } from "../../src/grammar/mask.ts";
import { bytesOf } from "../../src/grammar/nodes.ts";
import { constrainSampler } from "../../src/sampling/constrained.ts";
import { createSampler } from "../../src/sampling/sampler.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { Tokenizer } from "../../src/tokenizer/index.ts";
import { loadModel } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";
import { schemaErrors } from "./schema-check.ts";

const schema = (s: unknown): GrammarSpec => ({ type: "json_schema", schema: s });

/** "ok", "incomplete", or where the text was refused. */
function verdict(spec: GrammarSpec, text: string): string {
  let st: State = initialState(compileGrammar(spec).root);
  const b = bytesOf(text);
  for (let i = 0; i < b.length; i++) {
    st = stepState(st, b.charCodeAt(i));
    if (!st.length) return `refused at ${i}`;
  }
  return canEnd(st) ? "ok" : "incomplete";
}
const ok = (spec: GrammarSpec, text: string) => assert.equal(verdict(spec, text), "ok", text);
const no = (spec: GrammarSpec, text: string) => assert.notEqual(verdict(spec, text), "ok", text);

test("json_object: any object, nested values, escapes and UTF-8; nothing else", () => {
  const j: GrammarSpec = { type: "json_object" };
  ok(j, '{"a": [1, -2.5e3, 0, "x\\u00e9\\n", true, false, null, {"b": {}}], "ü": "日本"}');
  ok(j, "{\n  \"a\": 1\n}");
  for (const bad of ["[]", '"s"', "1", '{"a": 01}', '{"a": 1,}', '{"a" 1}', "{'a': 1}", '{"a": "\t"}', '{"a": "\\x"}', '{"a": tru}', "{}{}", "{} "]) no(j, bad);
});

test("objects: properties in order, required, additionalProperties false, and a schema for extra keys", () => {
  const s = schema({ type: "object", properties: { a: { type: "string" }, b: { type: "integer" }, c: { type: "boolean" } }, required: ["b"], additionalProperties: false });
  ok(s, '{"b": 1}');
  ok(s, '{"a": "x", "b": 1, "c": true}');
  no(s, '{"a": "x"}'); // b required
  no(s, '{"b": 1, "a": "x"}'); // out of order
  no(s, '{"b": 1, "d": 2}'); // extra
  no(s, '{"b": 1,}');
  const extra = schema({ type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "number" } });
  ok(extra, '{"a": "x", "zz": 2}');
  no(extra, '{"a": "x", "zz": "no"}');
  no(extra, '{"a": "x", "a": "again"}');
});

test("propertyNames as zod records send it: a string key type is no constraint; an enum of keys closes the object", () => {
  // z.record(z.string(), z.number())
  const rec = schema({ type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "number" } });
  ok(rec, "{}");
  ok(rec, '{"any key": 1, "ü": -2}');
  no(rec, '{"a": "x"}');
  // z.record(z.enum(["a", "b"]), z.number()): both keys, in the listed order, nothing else.
  const full = schema({ type: "object", propertyNames: { type: "string", enum: ["a", "b"] }, additionalProperties: { type: "number" }, required: ["a", "b"] });
  ok(full, '{"a": 1, "b": 2}');
  no(full, '{"a": 1}');
  no(full, '{"a": 1, "b": 2, "c": 3}');
  no(full, '{"a": 1, "b": "x"}');
  // z.partialRecord: the listed keys are optional; declared properties outside the list are dropped.
  const partial = schema({ type: "object", properties: { b: { type: "boolean" }, z: { type: "string" } }, propertyNames: { const: "b" } });
  ok(partial, "{}");
  ok(partial, '{"b": true}');
  no(partial, '{"b": 1}');
  no(partial, '{"z": "x"}');
  const refused = (s: unknown, message: RegExp) => {
    assert.throws(() => compileGrammar(schema(s)), (e: unknown) => e instanceof GrammarSchemaError && e.keyword === "propertyNames" && message.test(e.message));
  };
  refused({ type: "object", propertyNames: { maxLength: 3 } }, /enum\/const of key names/);
  refused({ type: "object", propertyNames: { pattern: "^a" } }, /enum\/const of key names/);
  refused({ type: "object", propertyNames: { enum: [1, 2] } }, /enum\/const of key names/);
  refused({ type: "object", propertyNames: { enum: ["a"] }, required: ["b"], properties: { b: {} } }, /required property "b"/);
});

test("strings, numbers, arrays and literals honour their bounds", () => {
  const str = schema({ type: "string", minLength: 2, maxLength: 3 });
  ok(str, '"ab"');
  ok(str, '"日本語"'); // three code points
  ok(str, '"a\\n"'); // an escape is one character
  no(str, '"a"');
  no(str, '"abcd"');
  const int = schema({ type: "integer", minimum: 18, maximum: 99 });
  for (const v of ["18", "42", "99"]) ok(int, v);
  for (const v of ["17", "100", "1.5", "-20", "018"]) no(int, v);
  const num = schema({ type: "number", minimum: 0.5, exclusiveMaximum: 2 });
  for (const v of ["0.5", "1", "1.999"]) ok(num, v);
  for (const v of ["0.4", "2", "2.0", "-1", "1e0"]) no(num, v);
  const arr = schema({ type: "array", items: { enum: ["x", "y"] }, minItems: 1, maxItems: 2 });
  ok(arr, '["x"]');
  ok(arr, '["x", "y"]');
  no(arr, "[]");
  no(arr, '["x", "y", "x"]');
  no(arr, '["z"]');
  const e = schema({ enum: [1, 12, "a", null, { k: [1] }] });
  for (const v of ["1", "12", '"a"', "null", '{"k":[1]}']) ok(e, v);
  for (const v of ["2", "121", '"b"']) no(e, v);
  ok(schema({ const: "fixed" }), '"fixed"');
  no(schema({ const: "fixed" }), '"fixe"');
});

test("tuples (prefixItems, items as an array) and uniqueItems over literal items", () => {
  // pydantic's tuple[int, str]: prefixItems with minItems/maxItems.
  const pair = schema({ type: "array", prefixItems: [{ type: "integer" }, { type: "string", maxLength: 3 }], minItems: 2, maxItems: 2 });
  ok(pair, '[1, "ab"]');
  for (const bad of ['["ab", 1]', "[1]", '[1, "ab", 2]', '[1, "abcd"]']) no(pair, bad);
  // Without minItems the tuple's items are optional; the rest follow items (false: none).
  const open = schema({ type: "array", prefixItems: [{ type: "boolean" }], items: { type: "integer" } });
  for (const v of ["[]", "[true]", "[true, 1, 2]"]) ok(open, v);
  no(open, "[1]");
  no(open, '[true, "x"]');
  const closed = schema({ type: "array", prefixItems: [{ const: "a" }, { const: "b" }], items: false });
  ok(closed, '["a", "b"]');
  no(closed, '["a", "b", "c"]');
  // Draft 7: items as an array, additionalItems for the rest (absent: any value).
  const d7 = schema({ type: "array", items: [{ type: "string" }, { type: "number" }], additionalItems: false, minItems: 2 });
  ok(d7, '["x", 1.5]');
  no(d7, '["x", 1.5, 2]');
  no(d7, '[1.5, "x"]');
  ok(schema({ type: "array", items: [{ type: "null" }] }), '[null, {"any": [1]}]');
  // uniqueItems: each enum value at most once (a multi-select), numbers that prefix others included.
  const pick = schema({ type: "array", items: { enum: ["fever", "cough", 1, 12] }, uniqueItems: true });
  for (const v of ['[]', '["fever", "cough"]', "[1, 12]", '[12, 1, "cough"]']) ok(pick, v);
  for (const bad of ['["fever", "fever"]', "[1, 1]", "[12, 12]", '["cough", 1, "cough"]']) no(pick, bad);
  ok(schema({ type: "array", items: { type: "boolean" }, uniqueItems: true }), "[true, false]");
  no(schema({ type: "array", items: { type: "boolean" }, uniqueItems: true }), "[true, false, true]");
  ok(schema({ type: "array", items: { type: "string" }, uniqueItems: false }), '["a", "a"]');
});

test("anyOf / oneOf / type lists / nullable, $ref to $defs (recursive), allOf of one schema", () => {
  const u = schema({ anyOf: [{ type: "string", maxLength: 1 }, { type: "integer", minimum: 5 }] });
  ok(u, '"a"');
  ok(u, "7");
  no(u, "3");
  no(u, '"ab"');
  ok(schema({ type: ["string", "null"] }), "null");
  ok(schema({ type: "integer", nullable: true }), "null");
  const tree = schema({
    $defs: { node: { type: "object", properties: { v: { type: "integer" }, kids: { type: "array", items: { $ref: "#/$defs/node" } } }, required: ["v"], additionalProperties: false } },
    $ref: "#/$defs/node",
  });
  ok(tree, '{"v": 1, "kids": [{"v": 2}, {"v": 3, "kids": []}]}');
  no(tree, '{"v": 1, "kids": [{"w": 2}]}');
  ok(schema({ allOf: [{ type: "boolean" }], description: "x" }), "true");
});

test("unsupported or invalid schemas are refused, naming the keyword", () => {
  const refused = (s: unknown, keyword: string) => {
    assert.throws(() => compileGrammar(schema(s)), (e: unknown) => e instanceof GrammarSchemaError && e.keyword === keyword && e.message.includes(keyword));
  };
  refused({ type: "string", pattern: "^(?=a)" }, "pattern");
  refused({ type: "string", pattern: "(a)\\1" }, "pattern");
  refused({ type: "string", pattern: "a{2,1}" }, "pattern");
  refused({ type: "object", patternProperties: {} }, "patternProperties");
  refused({ type: "array", uniqueItems: true }, "uniqueItems");
  refused({ type: "array", items: { type: "object" }, uniqueItems: true }, "uniqueItems");
  refused({ type: "array", prefixItems: [{ const: 1 }, { const: 2 }], uniqueItems: true }, "uniqueItems");
  refused({ type: "array", items: { enum: ["a", "b"] }, uniqueItems: true, minItems: 3 }, "minItems");
  refused({ type: "array", prefixItems: [{ type: "string" }], items: false, minItems: 2 }, "minItems");
  refused({ type: "array", prefixItems: { type: "string" } }, "prefixItems");
  refused({ type: "array", items: { type: "string" }, contains: { const: "a" } }, "contains");
  refused({ type: "object", minProperties: 1 }, "minProperties");
  refused({ if: { type: "string" }, then: { minLength: 1 } }, "if");
  refused({ not: { type: "string" } }, "not");
  refused({ type: "number", multipleOf: 2 }, "multipleOf");
  refused({ type: "string", minLength: 3, maxLength: 2 }, "minLength");
  refused({ type: "integer", minimum: 3, maximum: 2 }, "minimum");
  refused({ type: "object", properties: {}, required: ["a"] }, "required");
  refused({ $ref: "#/$defs/missing" }, "$ref");
  refused({ $ref: "https://example.com/s.json" }, "$ref");
  refused({ type: "strng" }, "type");
  refused(false, "false");
  refused({ allOf: [{ type: "string" }, { maxLength: 2 }] }, "allOf");
  // Annotations are not constraints and pass.
  assert.ok(compileGrammar(schema({ type: "string", title: "t", description: "d", format: "date", default: "x", examples: ["y"] })));
});

let tokenizer: Tokenizer;
async function qwenTokenizer(): Promise<Tokenizer> {
  if (tokenizer) return tokenizer;
  const m = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 64, threads: 1 });
  tokenizer = (m as unknown as { core: { tokenizer: Tokenizer } }).core.tokenizer;
  await m.close();
  return tokenizer;
}

test("the trie mask equals a token-by-token check over the whole vocabulary (plain-string fast path included)", async () => {
  const tk = await qwenTokenizer();
  const trie = tokenTrie(tk);
  assert.equal(tokenTrie(tk), trie, "built once per tokenizer");
  const spec = schema({ type: "object", properties: { name: { type: "string", maxLength: 4 }, n: { type: "number", minimum: 10, maximum: 20 }, tags: { type: "array", items: { type: "string" } }, code: { type: "string", pattern: "^[α-ω][0-9]{2}$" } }, required: ["name", "n"], additionalProperties: false });
  const prefixes = ["", '{"name": "ab', '{"name": "\\', '{"name": "ab", "n": 1', '{"name": "ab", "n": 15, "tags": ["\\u00', '{"name": "ab", "n": 15, "code": "β1'];
  const allowed = new Uint8Array(tk.vocabSize);
  for (const prefix of prefixes) {
    let st: State = initialState(compileGrammar(spec).root);
    st = advance(st, bytesOf(prefix));
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
  }
});

test("random logits under the grammar always give output that parses and validates", async () => {
  const tk = await qwenTokenizer();
  const end = new Set([tk.eosId!]);
  const schemas = [
    { type: "object", properties: { name: { type: "string", maxLength: 8 }, age: { type: "integer", minimum: 0, maximum: 120 }, dx: { enum: ["flu", "cold"] }, temp: { type: "number", minimum: 35, maximum: 42 }, ok: { type: "boolean" } }, required: ["name", "age", "dx", "temp", "ok"], additionalProperties: false },
    { type: "array", items: { anyOf: [{ type: "integer", minimum: -5, maximum: 5 }, { type: "null" }] }, minItems: 2, maxItems: 4 },
    { type: "object", properties: { at: { type: "array", prefixItems: [{ type: "number", minimum: -90, maximum: 90 }, { type: "number", minimum: -180, maximum: 180 }], minItems: 2, items: false }, symptoms: { type: "array", items: { enum: ["fever", "cough", "rash", 1, 12] }, uniqueItems: true, minItems: 3 } }, required: ["at", "symptoms"], additionalProperties: false },
    { type: "object", properties: { icd10: { type: "string", pattern: "^[A-Z][0-9]{2}(\\.[0-9]{1,2})?$" }, date: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" } }, required: ["icd10", "date"], additionalProperties: false },
  ];
  const rng = new Rng(11);
  const logits = new Float32Array(tk.vocabSize);
  for (const s of schemas) {
    for (let seed = 0; seed < 6; seed++) {
      const sampler = constrainSampler(createSampler({ temperature: 1, topK: 40, seed }, { temperature: 1, topK: 40, topP: 1, minP: 0 }), { grammar: compileGrammar(schema(s)), tokenizer: tk, endTokens: end, phase: () => "answer" });
      const out: number[] = [];
      let ended = false;
      for (let i = 0; i < 300 && !ended; i++) {
        for (let j = 0; j < logits.length; j++) logits[j] = rng.normal() * 2;
        const t = sampler.pick(logits);
        if (end.has(t)) ended = true;
        else {
          sampler.accept(t);
          out.push(t);
        }
      }
      const text = tk.decode(out);
      assert.ok(ended, `ended: ${text}`);
      assert.deepEqual(schemaErrors(JSON.parse(text), s), [], text);
    }
  }
});

test("a grammar that admits no further token ends with GrammarDeadEndError, not a hang", async () => {
  const tk = await qwenTokenizer();
  const sampler = constrainSampler(createSampler({ temperature: 0 }, { temperature: 0, topK: 0, topP: 1, minP: 0 }), { grammar: compileGrammar(schema({ const: 7 })), tokenizer: tk, endTokens: new Set(), phase: () => "answer" });
  const logits = new Float32Array(tk.vocabSize);
  const seven = tk.encode("7")[0]!;
  logits[seven] = 5;
  assert.equal(sampler.pick(logits), seven);
  sampler.accept(seven);
  // Complete, and no end token to allow: nothing can come.
  assert.throws(() => sampler.pick(logits), GrammarDeadEndError);
});

test("string patterns (a search unless anchored) and whole-text regex grammars", () => {
  const icd = schema({ type: "string", pattern: "^[A-Z][0-9]{2}(\\.[0-9]{1,2})?$" });
  for (const v of ['"I63"', '"I63.9"', '"J45.90"']) ok(icd, v);
  for (const v of ['"i63"', '"I6"', '"I63."', '"I63.901"', '"I63\\u0041"']) no(icd, v);
  const contains = schema({ type: "string", pattern: "mg", maxLength: 6 });
  ok(contains, '"5 mg"');
  no(contains, '"5 g"');
  const greek = schema({ type: "string", pattern: "^[α-ω]+(?:-[α-ω]+)*$" });
  ok(greek, '"αβγ-δ"');
  no(greek, '"αβa"');
  no(greek, '"α-"');
  const re: GrammarSpec = { type: "regex", pattern: "(yes|no)\\. (\\d{1,3}) ?%" };
  ok(re, "yes. 42%");
  ok(re, "no. 7 %");
  no(re, " yes. 42%");
  no(re, "yes. 1234%");
  no(re, "maybe. 1%");
});

test("a pattern whose automaton would grow without bound is refused while generating, not a memory blow-up", async () => {
  const { Regex } = await import("../../src/grammar/regex.ts");
  const r = new Regex("(a|b)*a(a|b){20}", "#", "pattern");
  const rng = new Rng(3);
  let st = r.start;
  assert.throws(() => {
    for (let i = 0; i < 200_000; i++) st = r.step(st, rng.uniform() < 0.5 ? 0x61 : 0x62);
  }, (e: unknown) => e instanceof GrammarSchemaError && e.keyword === "pattern" && /grew past/.test(e.message));
});
