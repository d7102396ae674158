/**
 * A generation request the server refuses before the model runs — a parameter it does not support,
 * a value out of range, another model's name, too many messages, a full queue — still carries the
 * rules' triage of the user's message (`medpsy`) and, for an emergency, the referral at the head of
 * `error.message`, over real HTTP on chat and completions. A routine message's refusal says only why
 * it was refused; an unauthorised caller gets no triage.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { post, tinyServer, type TestServer } from "./helpers.ts";
import { userTextOfBody } from "../../src/server/refused-request.ts";

const OVERDOSE = "I took 30 paracetamol an hour ago and I feel sick";
const ROUTINE = "what is a good stretch for a stiff neck?";

let t: TestServer;
test.before(async () => {
  t = await tinyServer({ parallel: 1, queue: 0 });
});
test.after(() => t.close());

const chat = (body: Record<string, unknown>) => post(`${t.server.url}/v1/chat/completions`, body);

function assertReferred(r: Awaited<ReturnType<typeof post>>, status: number, code: string, refusal: RegExp): void {
  assert.equal(r.status, status, r.text.slice(0, 300));
  assert.equal(r.json.error.code, code);
  assert.equal(r.json.medpsy.triage.level, "emergency");
  assert.ok(r.json.medpsy.triage.reasons.length > 0);
  assert.deepEqual(r.json.medpsy.notices.map((n: { kind: string }) => n.kind), ["referral"]);
  // A client that shows only the message shows the emergency number first, then why it was refused.
  assert.match(r.json.error.message, /^⚠ This may be a medical emergency[^]*911[^]*\n\n/);
  assert.match(r.json.error.message, refusal);
}

test("an emergency in a refused chat request gets its triage and referral: tools, a value out of range, text parts, too many messages, another model", async () => {
  assertReferred(await chat({ messages: [{ role: "user", content: OVERDOSE }], tools: [{ type: "function", function: { name: "f" } }], tool_choice: { type: "function", function: { name: "g" } } }), 400, "invalid_value", /'tool_choice' names "g", which is not among 'tools'/);
  assertReferred(await chat({ messages: [{ role: "user", content: [{ type: "text", text: OVERDOSE }] }], temperature: 5 }), 400, "invalid_value", /'temperature' must be a number between 0 and 2, found 5/);
  const many = [...Array.from({ length: 2049 }, () => ({ role: "user", content: "hi" })), { role: "user", content: OVERDOSE }];
  assertReferred(await chat({ messages: many }), 400, "invalid_value", /'messages' has 2050 items/);
  assertReferred(await chat({ model: "gpt-4o", messages: [{ role: "system", content: "be brief" }, { role: "user", content: OVERDOSE }] }), 404, "model_not_found", /gpt-4o/);
  // The latest user message is the one read: an earlier emergency answered already is not re-raised.
  const later = await chat({ messages: [{ role: "user", content: OVERDOSE }, { role: "assistant", content: "Call 911 now." }, { role: "user", content: ROUTINE }], temperature: 5 });
  assert.equal(later.status, 400);
  assert.equal(later.json.medpsy.triage.level, "routine");
});

test("completions: a refused prompt is triaged too (a string or a one-item array)", async () => {
  const r = await post(`${t.server.url}/v1/completions`, { prompt: [OVERDOSE], echo: true });
  assertReferred(r, 400, "unsupported_parameter", /'echo' is not supported/);
});

test("responses: a refused input is triaged too (a string or input_text items)", async () => {
  const r = await post(`${t.server.url}/v1/responses`, { input: OVERDOSE, previous_response_id: "resp_1" });
  assertReferred(r, 400, "unsupported_parameter", /'previous_response_id' is not supported/);
  const items = await post(`${t.server.url}/v1/responses`, { input: [{ role: "user", content: [{ type: "input_text", text: OVERDOSE }] }], max_output_tokens: 0 });
  assertReferred(items, 400, "invalid_value", /'max_output_tokens' must be an integer/);
});

test("a routine message's refusal says only why; its triage rides along", async () => {
  const r = await chat({ messages: [{ role: "user", content: ROUTINE }], temperature: 5 });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.message, "'temperature' must be a number between 0 and 2, found 5");
  assert.equal(r.json.medpsy.triage.level, "routine");
  assert.deepEqual(r.json.medpsy.notices, []);
});

test("a full queue's 429 carries the referral for an emergency", { timeout: 120_000 }, async () => {
  // Hold the only slot (queue 0) with a streaming answer until its first chunk arrives.
  const ac = new AbortController();
  const held = await fetch(`${t.server.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ stream: true, max_tokens: 400, messages: [{ role: "user", content: "hi" }] }), signal: ac.signal });
  const reader = held.body!.getReader();
  await reader.read();
  try {
    const r = await chat({ messages: [{ role: "user", content: OVERDOSE }] });
    assertReferred(r, 429, "server_busy", /generation slots are busy/);
    assert.ok(r.headers.get("retry-after"));
  } finally {
    ac.abort();
    await reader.read().catch(() => {});
  }
});

test("an unauthorised caller gets no triage", async () => {
  const k = await tinyServer({ apiKey: "secret-key-for-test" });
  try {
    const r = await post(`${k.server.url}/v1/chat/completions`, { messages: [{ role: "user", content: OVERDOSE }] });
    assert.equal(r.status, 401);
    assert.equal(r.json.medpsy, undefined);
  } finally {
    await k.close();
  }
});

test("the user's text is read leniently from a body that was refused", () => {
  assert.equal(userTextOfBody({ messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }), "a");
  assert.equal(userTextOfBody({ messages: [{ role: "user", content: [{ type: "text", text: "x" }, { type: "image_url" }, { type: "text", text: "y" }] }] }), "xy");
  assert.equal(userTextOfBody({ messages: [{ role: "user", content: 42 }, null, "junk"] }), undefined);
  assert.equal(userTextOfBody({ prompt: ["p", "q"] }), "p\nq");
  assert.equal(userTextOfBody({ prompt: 7 }), undefined);
  assert.equal(userTextOfBody({}), undefined);
});
