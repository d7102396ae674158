/**
 * What real clients trip over, through the official `openai` client (raw HTTP where it cannot
 * send the field): model names, llama-server's special values, errors that name the API's own
 * field, the legacy completions API's shapes, notices and stop strings, reasoning left inline,
 * a reasoning budget of 0.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { disclaimerText } from "../../src/safety/referral.ts";
import { resolveSafetyPolicy } from "../../src/safety/policy.ts";
import { tinyServer, post, type TestServer } from "./helpers.ts";

let t: TestServer;
let name: string;
test.before(async () => {
  t = await tinyServer({ modelAliases: ["medpsy-1.7b"] });
  name = t.server.modelName;
});
test.after(async () => t.close());

const ask = (content: string) => [{ role: "user" as const, content }];
const DISCLAIMER = disclaimerText(resolveSafetyPolicy(undefined));
const EMERGENCY = "My dad has crushing chest pain going to his left arm and he is sweating";

/** The openai client's error fields. */
type ApiError = { status?: number; code?: string | null; param?: string | null; message: string };
const rejectsWith = (p: Promise<unknown>, status: number, param: string, message?: RegExp) =>
  assert.rejects(p, (e: ApiError) => {
    assert.equal(e.status, status, e.message);
    assert.equal(e.param, param, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });

test("an unknown model name is a 404 naming the served ones; the listed name, the file name and an alias are served", async () => {
  await rejectsWith(t.client.chat.completions.create({ model: "gpt-4o", messages: ask("hi"), max_tokens: 2 }), 404, "model", new RegExp(`gpt-4o.*${name}`));
  await rejectsWith(t.client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "hi", max_tokens: 2 }), 404, "model");
  await assert.rejects(t.client.models.retrieve("gpt-4o"), (e: ApiError) => e.status === 404 && e.code === "model_not_found");
  const file = t.path.split("/").pop()!;
  for (const model of [name, file, "medpsy-1.7b"]) {
    const r = await t.client.chat.completions.create({ model, messages: ask("hi"), max_tokens: 2, seed: 1 });
    assert.equal(r.model, name, "the answer names the served model");
    assert.equal((await t.client.models.retrieve(model)).id, name);
  }
  // No model at all (llama-server's clients often send none) is the loaded model.
  assert.equal((await post(`${t.server.url}/v1/chat/completions`, { messages: ask("hi"), max_tokens: 2 })).status, 200);
});

test("seed -1 is llama-server's random seed; bad values are errors naming the API's field (top_p, seed), not the SDK's", async () => {
  const outputs = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const r = await t.client.chat.completions.create({ model: name, messages: ask("hello"), max_tokens: 8, seed: -1, temperature: 1.5, medpsy: { notices_in_content: false } } as never);
    const m = (r as OpenAI.ChatCompletion).choices[0]!.message as { reasoning_content?: string; content: string | null };
    outputs.add(`${m.reasoning_content}|${m.content}`);
  }
  assert.ok(outputs.size > 1, "four answers with random seeds are not all the same");
  await rejectsWith(t.client.chat.completions.create({ model: name, messages: ask("hi"), top_p: 0 }), 400, "top_p", /'top_p' must be/);
  for (const seed of [2 ** 32, -2, 2 ** 60]) {
    await rejectsWith(t.client.chat.completions.create({ model: name, messages: ask("hi"), seed }), 400, "seed", /'seed' must be an integer between 0 and 4294967295, or -1/);
  }
  await rejectsWith(t.client.completions.create({ model: name, prompt: "hi", top_p: 0 }), 400, "top_p");
});

test("completions: logprobs is the legacy integer, a context overflow names `prompt`", async () => {
  const zero = await t.client.completions.create({ model: name, prompt: "The heart", max_tokens: 2, logprobs: 0 });
  assert.equal(zero.choices.length, 1);
  const two = await post(`${t.server.url}/v1/completions`, { model: name, prompt: "The heart", max_tokens: 2, logprobs: 2 });
  assert.doesNotMatch(two.text, /true or false/);
  if (two.status !== 200) {
    assert.equal(two.json.error.param, "logprobs");
    assert.equal(two.json.error.code, "unsupported_parameter");
  }
  await rejectsWith(t.client.completions.create({ model: name, prompt: "hi", logprobs: 99 }), 400, "logprobs", /integer between 0 and 20/);
  await rejectsWith(t.client.completions.create({ model: name, prompt: "word ".repeat(2000), max_tokens: 2 }), 400, "prompt", /longer than the context/);
  await rejectsWith(t.client.chat.completions.create({ model: name, messages: ask("word ".repeat(2000)), max_tokens: 2 }), 400, "messages");
});

test("completions go through the safety layer: the referral first, the disclaimer last, triage in `medpsy`", async () => {
  const r = (await t.client.completions.create({ model: name, prompt: EMERGENCY, max_tokens: 4, seed: 1 })) as OpenAI.Completion & { medpsy: any };
  assert.equal(r.medpsy.triage.level, "emergency");
  assert.ok(r.choices[0]!.text.startsWith(r.medpsy.notices[0].text), r.choices[0]!.text);
  assert.ok(r.choices[0]!.text.endsWith(DISCLAIMER));
  let streamed = "";
  for await (const c of await t.client.completions.create({ model: name, prompt: EMERGENCY, max_tokens: 4, seed: 1, stream: true })) streamed += c.choices[0]?.text ?? "";
  assert.equal(streamed, r.choices[0]!.text);
});

test("a stop string never appears in the text through a notice: such a notice stays in `medpsy` only", async () => {
  for (const stop of ["\n", "AI model", "emergency"]) {
    const chat = (await t.client.chat.completions.create({ model: name, messages: ask(EMERGENCY), max_tokens: 6, seed: 4, stop })) as OpenAI.ChatCompletion & { medpsy: any };
    const content = chat.choices[0]!.message.content!;
    assert.ok(!content.includes(stop), `stop ${JSON.stringify(stop)} in ${JSON.stringify(content)}`);
    assert.deepEqual(chat.medpsy.notices.map((n: { kind: string }) => n.kind), ["referral", "disclaimer"], "the notices are still sent as data");
    for (const n of chat.medpsy.notices) assert.equal(n.in_content, content.includes(n.text));
    let streamed = "";
    for await (const c of await t.client.chat.completions.create({ model: name, messages: ask(EMERGENCY), max_tokens: 6, seed: 4, stop, stream: true })) streamed += c.choices[0]?.delta?.content ?? "";
    assert.equal(streamed, content, "streamed as answered whole");
    const completion = await t.client.completions.create({ model: name, prompt: EMERGENCY, max_tokens: 6, seed: 4, stop });
    assert.ok(!completion.choices[0]!.text.includes(stop), `stop ${JSON.stringify(stop)} in ${JSON.stringify(completion.choices[0]!.text)}`);
  }
  // A stop string the notices do not hold leaves them in place.
  const kept = await t.client.chat.completions.create({ model: name, messages: ask(EMERGENCY), max_tokens: 6, seed: 4, stop: ["§§"] });
  assert.ok(kept.choices[0]!.message.content!.endsWith(DISCLAIMER));
});

test("reasoning_format none leaves the reasoning inline in `content` between think tags, as llama-server does", async () => {
  // A budget of 2 closes the block early, so there is an answer after it.
  const body = { model: name, messages: ask("hello"), max_tokens: 40, seed: 3, reasoning_budget: 2, medpsy: { notices_in_content: false } };
  const parsed = (await post(`${t.server.url}/v1/chat/completions`, body)).json.choices[0].message;
  const inline = await post(`${t.server.url}/v1/chat/completions`, { ...body, reasoning_format: "none" });
  assert.equal(inline.status, 200);
  const m = inline.json.choices[0].message;
  assert.equal(m.reasoning_content, undefined);
  assert.ok(parsed.reasoning_content.length > 0 && parsed.content.length > 0, JSON.stringify(parsed));
  assert.equal(m.content, `<think>\n${parsed.reasoning_content}</think>\n\n${parsed.content}`);
  const stream = await t.client.chat.completions.create({ ...body, reasoning_format: "none", stream: true } as never);
  let streamed = "";
  for await (const c of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) {
    assert.equal((c.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content, undefined);
    streamed += c.choices[0]?.delta?.content ?? "";
  }
  assert.equal(streamed, m.content);
});

test("reasoning_budget 0 lets no reasoning token through: an empty think block, the answer from the first token", async () => {
  for (const max_tokens of [3, 12]) {
    const r = await post(`${t.server.url}/v1/chat/completions`, { model: name, messages: ask("hello"), max_tokens, seed: 5, reasoning_budget: 0 });
    assert.equal(r.status, 200);
    assert.equal(r.json.choices[0].message.reasoning_content, "");
    assert.equal(r.json.usage.completion_tokens_details.reasoning_tokens, 0);
    assert.equal(r.json.medpsy.reasoning_truncated, false);
  }
});
