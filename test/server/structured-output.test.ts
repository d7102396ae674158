/**
 * Structured output through the official `openai` client against `medpsy serve` on a
 * random-weight model: only constrained decoding can make such a model's answers parse and
 * validate every time. Schemas the engine cannot honour are a 400 naming the keyword.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tinyServer, post, type TestServer } from "./helpers.ts";
import { schemaErrors } from "../grammar/schema-check.ts";

let t: TestServer;
test.before(async () => {
  t = await tinyServer({ parallel: 2 });
});
test.after(async () => t.close());

const messages = [{ role: "user" as const, content: "Extract the record: Ann, 34 years, fever 38.2 C, on paracetamol. Chest pain since this morning." }];
const record = {
  type: "object",
  properties: {
    patient: { type: "string", maxLength: 10 },
    age: { type: "integer", minimum: 0, maximum: 120 },
    triage: { type: "string", enum: ["routine", "urgent", "emergency"] },
    temp_c: { type: "number", minimum: 34, maximum: 43 },
    meds: { type: "array", items: { type: "string", maxLength: 8 }, maxItems: 2 },
    allergy: { anyOf: [{ type: "string", maxLength: 8 }, { type: "null" }] },
  },
  required: ["patient", "age", "triage", "temp_c", "meds", "allergy"],
  additionalProperties: false,
};
const format = { type: "json_schema" as const, json_schema: { name: "record", schema: record, strict: true } };
// The random model's reasoning would run on: a small budget closes it (the answer is what is constrained).
const extra = { reasoning_budget: 4 } as Record<string, unknown>;

test("json_schema: every answer parses and validates, streamed or not; notices stay out of content", async () => {
  for (let seed = 1; seed <= 3; seed++) {
    const r = await t.client.chat.completions.create({ model: t.server.modelName, messages, response_format: format, max_tokens: 220, seed, ...extra });
    const content = r.choices[0]!.message.content!;
    assert.equal(r.choices[0]!.finish_reason, "stop", content);
    assert.deepEqual(schemaErrors(JSON.parse(content), record), [], content);
    // The safety layer still ran: its notices are data beside the JSON, not inside it.
    assert.ok(((r as any).medpsy.notices as unknown[]).length > 0);
  }
  const stream = await t.client.chat.completions.create({ model: t.server.modelName, messages, response_format: format, max_tokens: 220, seed: 9, stream: true, ...extra });
  let content = "";
  let finish: string | null = null;
  for await (const c of stream) {
    content += c.choices[0]?.delta.content ?? "";
    finish = c.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(finish, "stop", content);
  assert.deepEqual(schemaErrors(JSON.parse(content), record), [], content);
});

test("the client's parse() helper reads the constrained answer; json_object answers an object", async () => {
  const r = await t.client.chat.completions.parse({ model: t.server.modelName, messages, response_format: format, max_tokens: 220, seed: 4, ...extra });
  const parsed = r.choices[0]!.message.parsed as Record<string, unknown>;
  assert.deepEqual(schemaErrors(parsed, record), []);
  // json_object: a random model's free-form strings may run to max_tokens; when it stops, it is an object.
  let stopped = 0;
  for (let seed = 1; seed <= 3; seed++) {
    const o = await t.client.chat.completions.create({ model: t.server.modelName, messages, response_format: { type: "json_object" }, max_tokens: 60, seed, temperature: 0.3, ...extra });
    const text = o.choices[0]!.message.content!;
    if (o.choices[0]!.finish_reason !== "stop") continue;
    stopped++;
    const v = JSON.parse(text);
    assert.ok(v && typeof v === "object" && !Array.isArray(v), text);
  }
  // Completions take the same field: the whole continuation is the value.
  const c = await t.client.completions.create({ model: t.server.modelName, prompt: "Patient record as JSON:", max_tokens: 120, seed: 2, response_format: format } as any);
  assert.deepEqual(schemaErrors(JSON.parse(c.choices[0]!.text), record), [], c.choices[0]!.text);
  assert.ok(stopped >= 1, "at least one of the seeds closes its object");
});

test("a schema keyword the engine cannot honour, or a malformed format, is a 400 naming it", async () => {
  const bad = async (response_format: unknown, param: RegExp, message: RegExp) => {
    const r = await post(`${t.server.url}/v1/chat/completions`, { model: t.server.modelName, messages, response_format, max_tokens: 5 });
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.error.param, param);
    assert.match(r.json.error.message, message);
  };
  await bad({ type: "json_schema", json_schema: { name: "x", schema: { type: "object", propertyNames: { maxLength: 3 } } } }, /^response_format\.json_schema\.schema$/, /'propertyNames'/);
  await bad({ type: "json_schema", json_schema: { name: "x", schema: { type: "string", pattern: "(?<=a)b" } } }, /schema$/, /pattern.*lookaround/);
  await bad({ type: "json_schema", json_schema: { name: "x", schema: { type: "object", properties: { a: { type: "array", uniqueItems: true } } } } }, /schema$/, /uniqueItems.*#\/properties\/a/);
  await bad({ type: "json_schema", json_schema: { name: "x", schema: { type: "string", minLength: 5, maxLength: 2 } } }, /schema$/, /minLength/);
  await bad({ type: "json_schema" }, /^response_format\.json_schema$/, /schema/);
  await bad({ type: "yaml" }, /^response_format\.type$/, /json_object/);
  await assert.rejects(
    t.client.chat.completions.create({ model: t.server.modelName, messages, response_format: { type: "json_schema", json_schema: { name: "x", schema: { not: {} } } } }),
    (e: any) => e.status === 400 && /'not'/.test(e.message),
  );
});
