/**
 * POST /v1/responses through the official client's responses.create, streamed and not: string
 * and message input, instructions, the reasoning as its own output item, usage,
 * max_output_tokens (incomplete), text.format (structured output through the grammar), function
 * tools (a forced call) and function_call_output turns; refusals name the field.
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

const extra = { reasoning_budget: 4 } as Record<string, unknown>;

test("string input: a reasoning item, then the answer message; usage; output_text; same seed streamed gives the same items", async () => {
  const body = { model: t.server.modelName, input: "What is a normal temperature?", instructions: "Answer briefly.", max_output_tokens: 40, seed: 3, ...extra } as any;
  const r = await t.client.responses.create(body);
  assert.equal(r.object, "response");
  assert.match(r.id, /^resp_/);
  const kinds = r.output.map((i) => i.type);
  assert.equal(kinds[0], "reasoning");
  const reasoning = r.output[0] as any;
  assert.ok(reasoning.content[0].text.length > 0);
  assert.equal(r.usage!.total_tokens, r.usage!.input_tokens + r.usage!.output_tokens);
  assert.ok(r.usage!.output_tokens_details.reasoning_tokens > 0);
  // The instructions are the system turn of the prompt.
  const prompt = t.model.renderChat([{ role: "system", content: "Answer briefly." }, { role: "user", content: "What is a normal temperature?" }]);
  assert.equal(r.usage!.input_tokens, t.model.tokenize(prompt, { special: true }).length);
  const messages = r.output.filter((i) => i.type === "message") as any[];
  assert.equal(r.output_text, messages.map((m) => m.content[0].text).join(""));
  assert.ok(["completed", "incomplete"].includes(r.status!));
  if (r.status === "incomplete") assert.deepEqual(r.incomplete_details, { reason: "max_output_tokens" });

  const stream = await t.client.responses.create({ ...body, stream: true });
  const types: string[] = [];
  let seqs: number[] = [];
  let reasoningText = "";
  let text = "";
  let final: any;
  for await (const ev of stream) {
    types.push(ev.type);
    seqs.push(ev.sequence_number);
    if (ev.type === "response.reasoning_text.delta") reasoningText += ev.delta;
    if (ev.type === "response.output_text.delta") text += ev.delta;
    if (ev.type === "response.completed" || ev.type === "response.incomplete") final = ev.response;
  }
  assert.equal(types[0], "response.created");
  assert.equal(types[1], "response.in_progress");
  assert.ok(types.includes("response.output_item.added") && types.includes("response.output_item.done"));
  assert.deepEqual(seqs, seqs.map((_, i) => i));
  assert.equal(reasoningText, reasoning.content[0].text);
  assert.equal(text, r.output_text);
  assert.deepEqual(final.output.map((i: any) => i.type), kinds);
  assert.deepEqual(final.usage, r.usage);
});

test("a tiny max_output_tokens ends incomplete; text.format json_schema answers valid JSON", async () => {
  const cut = await t.client.responses.create({ model: t.server.modelName, input: "hi", max_output_tokens: 2 });
  assert.equal(cut.status, "incomplete");
  assert.deepEqual(cut.incomplete_details, { reason: "max_output_tokens" });
  const schema = { type: "object", properties: { level: { enum: ["routine", "urgent", "emergency"] }, minutes: { type: "integer", minimum: 0, maximum: 60 } }, required: ["level", "minutes"], additionalProperties: false };
  for (let seed = 1; seed <= 2; seed++) {
    const r = await t.client.responses.create({ model: t.server.modelName, input: [{ role: "user", content: "Chest pain for 20 minutes. Triage as JSON." }], text: { format: { type: "json_schema", name: "triage", schema, strict: true } }, max_output_tokens: 120, seed, ...extra } as any);
    assert.equal(r.status, "completed");
    assert.deepEqual(schemaErrors(JSON.parse(r.output_text), schema), [], r.output_text);
    assert.deepEqual((r as any).text.format.type, "json_schema");
  }
});

test("function tools: a forced call is a function_call item; its output goes back as function_call_output", async () => {
  const tools = [{ type: "function" as const, name: "guideline", description: "Fetch a guideline", parameters: { type: "object", properties: { topic: { enum: ["sepsis", "stroke"] } }, required: ["topic"], additionalProperties: false }, strict: true }];
  const r = await t.client.responses.create({ model: t.server.modelName, input: "Stroke guideline please", tools, tool_choice: "required", max_output_tokens: 150, seed: 2, ...extra } as any);
  const calls = r.output.filter((i) => i.type === "function_call") as any[];
  assert.ok(calls.length >= 1);
  for (const c of calls) {
    assert.equal(c.name, "guideline");
    assert.ok(["sepsis", "stroke"].includes(JSON.parse(c.arguments).topic));
    assert.match(c.call_id, /^call_/);
  }
  // Streamed: the call arrives as output_item.added, its arguments in several function_call_arguments.delta
  // events as the model writes them, then function_call_arguments.done / output_item.done.
  const stream = await t.client.responses.create({ model: t.server.modelName, input: "Stroke guideline please", tools, tool_choice: "required", max_output_tokens: 150, seed: 2, stream: true, ...extra } as any);
  const done: any[] = [];
  const deltas = new Map<string, string[]>();
  for await (const ev of stream as any) {
    if (ev.type === "response.function_call_arguments.delta") deltas.set(ev.item_id, [...(deltas.get(ev.item_id) ?? []), ev.delta]);
    if (ev.type === "response.function_call_arguments.done") {
      done.push(ev.arguments);
      const pieces = deltas.get(ev.item_id) ?? [];
      assert.ok(pieces.length >= 2, `${pieces.length} argument deltas`);
      assert.equal(pieces.join(""), ev.arguments);
    }
  }
  assert.deepEqual(done, calls.map((c) => c.arguments));
  // The next turn: the call and its output rendered back by the template.
  const next = await t.client.responses.create({
    model: t.server.modelName,
    input: [{ role: "user", content: "Stroke guideline please" }, { type: "function_call", call_id: calls[0].call_id, name: "guideline", arguments: calls[0].arguments }, { type: "function_call_output", call_id: calls[0].call_id, output: "{\"text\":\"FAST\"}" }],
    tools,
    max_output_tokens: 3,
  } as any);
  const rendered = t.model.renderChat(
    [{ role: "user", content: "Stroke guideline please" }, { role: "assistant", content: "", tool_calls: [{ id: calls[0].call_id, type: "function", function: { name: "guideline", arguments: calls[0].arguments } }] }, { role: "tool", content: "{\"text\":\"FAST\"}", tool_call_id: calls[0].call_id }],
    { tools: [{ type: "function", function: { name: "guideline", description: "Fetch a guideline", parameters: tools[0]!.parameters, strict: true } }] },
  );
  assert.equal(next.usage!.input_tokens, t.model.tokenize(rendered, { special: true }).length);
});

test("refusals name the field", async () => {
  const bad = async (body: Record<string, unknown>, param: string) => {
    const r = await post(`${t.server.url}/v1/responses`, { model: t.server.modelName, ...body });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.param, param);
  };
  await bad({ input: 5 }, "input");
  await bad({ input: "x", max_output_tokens: 0 }, "max_output_tokens");
  await bad({ input: "x", previous_response_id: "resp_1" }, "previous_response_id");
  await bad({ input: "x", text: { format: { type: "json_schema", name: "x", schema: { type: "number", multipleOf: 2 } } } }, "text.format.schema");
  await bad({ input: "x", tools: [{ type: "web_search" }] }, "tools.0.type");
  await bad({ input: [{ type: "image", url: "x" }] }, "input.0.type");
});
