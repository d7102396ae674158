/**
 * Function calling through the official `openai` client against `medpsy serve` on a
 * random-weight model: tools rendered by the model's own template, a forced call (required or
 * named) parsed into message.tool_calls every time with arguments valid against the tool's schema,
 * streamed as delta.tool_calls, tool turns rendered back, and refusals that name the field.
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

const doseParams = {
  type: "object",
  properties: { drug: { type: "string", maxLength: 12 }, weight_kg: { type: "number", minimum: 1, maximum: 200 }, route: { enum: ["oral", "iv"] } },
  required: ["drug", "weight_kg", "route"],
  additionalProperties: false,
};
const guideParams = { type: "object", properties: { topic: { type: "string", enum: ["sepsis", "stroke", "asthma"] } }, required: ["topic"], additionalProperties: false };
const tools = [
  { type: "function" as const, function: { name: "dose_lookup", description: "Weight-based dose of a drug", parameters: doseParams } },
  { type: "function" as const, function: { name: "guideline", description: "Fetch a clinical guideline", parameters: guideParams } },
];
const schemaOf: Record<string, object> = { dose_lookup: doseParams, guideline: guideParams };
const messages = [{ role: "user" as const, content: "Paracetamol dose for a 20 kg child?" }];
const extra = { reasoning_budget: 4 } as Record<string, unknown>;

function checkCalls(calls: Array<{ id: string; type: string; function: { name: string; arguments: string } }> | undefined, only?: string) {
  assert.ok(calls && calls.length >= 1);
  for (const c of calls) {
    assert.equal(c.type, "function");
    assert.match(c.id, /^call_[0-9a-f]{24}$/);
    if (only) assert.equal(c.function.name, only);
    assert.ok(schemaOf[c.function.name], c.function.name);
    assert.deepEqual(schemaErrors(JSON.parse(c.function.arguments), schemaOf[c.function.name]), [], c.function.arguments);
  }
  assert.equal(new Set(calls.map((c) => c.id)).size, calls.length);
}

test("tool_choice required / named: every answer is a call whose arguments match the tool's schema", async () => {
  for (let seed = 1; seed <= 3; seed++) {
    const r = await t.client.chat.completions.create({ model: t.server.modelName, messages, tools, tool_choice: "required", max_tokens: 200, seed, ...extra });
    const ch = r.choices[0]!;
    assert.equal(ch.finish_reason, "tool_calls");
    assert.equal(ch.message.content, null);
    checkCalls(ch.message.tool_calls as any);
  }
  for (let seed = 1; seed <= 2; seed++) {
    const r = await t.client.chat.completions.create({ model: t.server.modelName, messages, tools, tool_choice: { type: "function", function: { name: "guideline" } }, parallel_tool_calls: false, max_tokens: 200, seed, ...extra });
    assert.equal(r.choices[0]!.finish_reason, "tool_calls");
    assert.equal(r.choices[0]!.message.tool_calls!.length, 1, "parallel_tool_calls false: one call");
    checkCalls(r.choices[0]!.message.tool_calls as any, "guideline");
  }
});

test("streamed: delta.tool_calls carry index, id, name and arguments; finish_reason tool_calls", async () => {
  const stream = await t.client.chat.completions.create({ model: t.server.modelName, messages, tools, tool_choice: "required", max_tokens: 200, seed: 5, stream: true, ...extra });
  const calls: any[] = [];
  let finish: string | null = null;
  let content = "";
  for await (const c of stream) {
    const ch = c.choices[0];
    if (!ch) continue;
    content += ch.delta.content ?? "";
    for (const d of ch.delta.tool_calls ?? []) {
      calls[d.index] ??= { id: d.id, type: d.type, function: { name: "", arguments: "" } };
      calls[d.index].function.name += d.function?.name ?? "";
      calls[d.index].function.arguments += d.function?.arguments ?? "";
    }
    finish = ch.finish_reason ?? finish;
  }
  assert.equal(finish, "tool_calls");
  assert.equal(content, "");
  checkCalls(calls);
  // The same seed without streaming gives the same calls (ids aside).
  const r = await t.client.chat.completions.create({ model: t.server.modelName, messages, tools, tool_choice: "required", max_tokens: 200, seed: 5, ...extra });
  assert.deepEqual(r.choices[0]!.message.tool_calls!.map((c: any) => c.function), calls.map((c) => c.function));
});

test("the official client's stream helper sees the arguments arrive in pieces and reads the same calls as without streaming", async () => {
  for (const [seed, choice] of [[6, "required"], [7, { type: "function", function: { name: "dose_lookup" } }]] as const) {
    const stream = t.client.chat.completions.stream({ model: t.server.modelName, messages, tools, tool_choice: choice as any, max_tokens: 200, seed, ...extra } as any);
    const deltas: Array<{ index: number; arguments_delta: string; arguments: string }> = [];
    const done: Array<{ index: number; name: string; arguments: string; parsed: unknown }> = [];
    stream.on("tool_calls.function.arguments.delta", (e) => deltas.push(e));
    stream.on("tool_calls.function.arguments.done", (e) => done.push({ index: e.index, name: e.name, arguments: e.arguments, parsed: e.parsed_arguments }));
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0]!.message.tool_calls as any[];
    checkCalls(calls);
    assert.equal(final.choices[0]!.finish_reason, "tool_calls");
    for (const [i, c] of calls.entries()) {
      const mine = deltas.filter((d) => d.index === i);
      // Several pieces per call, accumulated by the client into the call's arguments.
      assert.ok(mine.length >= 3, `call ${i}: ${mine.length} argument deltas`);
      assert.equal(mine.map((d) => d.arguments_delta).join(""), c.function.arguments);
      assert.equal(mine.at(-1)!.arguments, c.function.arguments);
      assert.equal(done.find((d) => d.index === i)?.arguments, c.function.arguments);
    }
    const whole = await t.client.chat.completions.create({ model: t.server.modelName, messages, tools, tool_choice: choice as any, max_tokens: 200, seed, ...extra });
    assert.deepEqual(whole.choices[0]!.message.tool_calls!.map((c: any) => c.function), calls.map((c) => c.function));
  }
});

test("tools are rendered by the model's template; assistant tool_calls and tool results are rendered back", async () => {
  const call = { id: "call_1", type: "function" as const, function: { name: "dose_lookup", arguments: '{"drug":"paracetamol","weight_kg":20,"route":"oral"}' } };
  const turn = [...messages, { role: "assistant" as const, content: null, tool_calls: [call] }, { role: "tool" as const, tool_call_id: "call_1", content: '{"dose_mg":300}' }];
  const r = await t.client.chat.completions.create({ model: t.server.modelName, messages: turn, tools, max_tokens: 3, seed: 1 });
  const rendered = t.model.renderChat(
    [...messages, { role: "assistant", content: "", tool_calls: [call] }, { role: "tool", content: '{"dose_mg":300}', tool_call_id: "call_1" }],
    { tools },
  );
  assert.ok(rendered.includes('<tools>\n{"type": "function", "function": {"name": "dose_lookup"'), rendered.slice(0, 300));
  assert.ok(rendered.includes('<tool_call>\n{"name": "dose_lookup", "arguments": {"drug":"paracetamol","weight_kg":20,"route":"oral"}}\n</tool_call>'));
  assert.ok(rendered.includes("<tool_response>\n{\"dose_mg\":300}\n</tool_response>"));
  // The server's prompt is exactly that rendering.
  assert.equal(r.usage!.prompt_tokens, t.model.tokenize(rendered, { special: true }).length);
  // tool_choice none: the tools are left out of the prompt, and no call is parsed.
  const none = await t.client.chat.completions.create({ model: t.server.modelName, messages, tools, tool_choice: "none", max_tokens: 3, seed: 1 });
  assert.equal(none.usage!.prompt_tokens, t.model.tokenize(t.model.renderChat(messages), { special: true }).length);
  assert.equal(none.choices[0]!.message.tool_calls, undefined);
});

test("bad tool requests are 400s naming the field; completions refuse tools", async () => {
  const bad = async (body: Record<string, unknown>, param: string, message: RegExp, path = "/v1/chat/completions") => {
    const r = await post(`${t.server.url}${path}`, { model: t.server.modelName, messages, max_tokens: 3, ...body });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.param, param);
    assert.match(r.json.error.message, message);
  };
  await bad({ tools, tool_choice: { type: "function", function: { name: "nope" } } }, "tool_choice", /not among 'tools'/);
  await bad({ tool_choice: "required" }, "tool_choice", /no 'tools'/);
  await bad({ tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { a: { type: "integer", multipleOf: 3 } } } } }], tool_choice: "required" }, "tools.0.function.parameters", /'multipleOf'/);
  await bad({ tools: [{ type: "function", function: { name: "bad name!" } }] }, "tools.0.function.name", /letters/);
  await bad({ tools: [tools[0], tools[0]] }, "tools.1.function.name", /twice/);
  await bad({ functions: [{ name: "f" }] }, "functions", /deprecated/);
  await bad({ messages: [{ role: "user", content: "x" }, { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: 5 } }] }] }, "messages.1.tool_calls.0", /tool_calls\[0\]/);
  const c = await post(`${t.server.url}/v1/completions`, { model: t.server.modelName, prompt: "x", tools, max_tokens: 3 });
  assert.equal(c.status, 400);
  assert.equal(c.json.error.param, "tools");
});

test("tool_choice auto: a call the model starts of its own accord is constrained from its <tool_call> on, so it parses and validates", async () => {
  // The random model rarely writes <tool_call>: a bias makes it start calls often.
  const open = t.model.tokenize("<tool_call>");
  assert.equal(open.length, 1, "Qwen3's <tool_call> is one token");
  let calls = 0;
  for (let seed = 1; seed <= 2; seed++) {
    const r = await t.client.chat.completions.create({ model: t.server.modelName, messages, tools, max_tokens: 200, seed, logit_bias: { [String(open[0])]: 30 }, ...extra });
    const msg = r.choices[0]!.message;
    if (msg.tool_calls?.length) checkCalls(msg.tool_calls as any);
    calls += msg.tool_calls?.length ?? 0;
    assert.ok(["tool_calls", "length"].includes(r.choices[0]!.finish_reason), r.choices[0]!.finish_reason);
  }
  assert.ok(calls >= 2, `calls made: ${calls}`);
});
