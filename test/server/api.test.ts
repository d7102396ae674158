/**
 * The OpenAI API through the official `openai` client against a real server on a generated
 * model: non-streaming and streaming chat, reasoning kept out of `content`, usage, seeds, stops,
 * length, unsupported fields, completions, models, and the safety layer's place in responses.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tinyServer, post, type TestServer } from "./helpers.ts";

let t: TestServer;
test.before(async () => {
  t = await tinyServer({ parallel: 2 });
});
test.after(async () => t.close());

const ask = (content: string) => [{ role: "user" as const, content }];

test("non-streaming chat: reasoning separate from content, usage counts, finish_reason", async () => {
  const r = await t.client.chat.completions.create({ model: t.server.modelName, messages: ask("What is a normal resting heart rate?"), max_tokens: 12, seed: 3 });
  assert.equal(r.object, "chat.completion");
  const msg = r.choices[0]!.message as { content: string; reasoning_content?: string };
  assert.equal(typeof msg.reasoning_content, "string");
  assert.ok(!msg.content.includes("<think>") && !msg.content.includes("</think>"));
  assert.ok(!msg.content.includes(msg.reasoning_content!) || msg.reasoning_content === "");
  assert.equal(r.choices[0]!.finish_reason, "length");
  assert.equal(r.usage!.completion_tokens, 12);
  assert.equal(r.usage!.total_tokens, r.usage!.prompt_tokens + 12);
  const details = r.usage!.completion_tokens_details as { reasoning_tokens: number };
  assert.ok(details.reasoning_tokens >= 0 && details.reasoning_tokens <= 12);
  // The same request through the SDK directly gives the same usage and reasoning.
  let reasoning = "";
  let usage: any;
  for await (const ev of t.model.chat(ask("What is a normal resting heart rate?"), { maxTokens: 12, seed: 3, safety: false })) {
    if (ev.type === "reasoning") reasoning += ev.text;
    if (ev.type === "done") usage = ev.usage;
  }
  assert.equal(msg.reasoning_content, reasoning);
  assert.equal(r.usage!.prompt_tokens, usage.promptTokens);
  assert.equal(details.reasoning_tokens, usage.reasoningTokens);
});

test("streaming chat: chunks carry reasoning_content and content deltas, then usage and [DONE]", async () => {
  const stream = await t.client.chat.completions.create({ model: t.server.modelName, messages: ask("hello"), max_tokens: 10, seed: 3, stream: true, stream_options: { include_usage: true } });
  let reasoning = "";
  let content = "";
  let finish: string | null = null;
  let usage: any;
  let triage: any;
  for await (const c of stream) {
    const ext = (c as any).medpsy;
    if (ext?.type === "triage") triage = ext;
    if (c.usage) usage = c.usage;
    const ch = c.choices[0];
    if (!ch) continue;
    reasoning += (ch.delta as any).reasoning_content ?? "";
    content += ch.delta.content ?? "";
    if (ch.finish_reason) finish = ch.finish_reason;
  }
  assert.equal(finish, "length");
  assert.equal(usage.completion_tokens, 10);
  assert.equal(triage.level, "routine");
  const whole = await t.client.chat.completions.create({ model: t.server.modelName, messages: ask("hello"), max_tokens: 10, seed: 3 });
  assert.equal(reasoning, (whole.choices[0]!.message as any).reasoning_content, "same seed, same text, streamed or not");
  assert.equal(content, whole.choices[0]!.message.content);
});

test("seeds make sampling reproducible; different seeds differ", async () => {
  const run = async (seed: number) =>
    (await t.client.chat.completions.create({ model: t.server.modelName, messages: ask("Tell me about sleep"), max_tokens: 16, seed, temperature: 1 })).choices[0]!.message as any;
  const a = await run(11), b = await run(11), c = await run(12);
  assert.equal(a.reasoning_content + a.content, b.reasoning_content + b.content);
  assert.notEqual(a.reasoning_content + a.content, c.reasoning_content + c.content);
});

test("unsupported or malformed fields get a 400 in OpenAI's error shape", async () => {
  await assert.rejects(t.client.chat.completions.create({ model: t.server.modelName, messages: ask("hi"), n: 9 }), (e: any) => e.status === 400 && e.error?.param === "n" && /'n' must be an integer between 1 and 8/.test(e.message));
  await assert.rejects(t.client.chat.completions.create({ model: t.server.modelName, messages: ask("hi"), temperature: 5 }), (e: any) => e.status === 400 && e.error?.param === "temperature");
  await assert.rejects(
    t.client.chat.completions.create({ model: t.server.modelName, messages: ask("hi"), functions: [{ name: "f", parameters: {} }] }),
    (e: any) => e.status === 400 && e.error?.param === "functions" && /deprecated/.test(e.message),
  );
  await assert.rejects(
    t.client.chat.completions.create({ model: t.server.modelName, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:," } }] }] }),
    (e: any) => e.status === 400 && /only text parts/.test(e.message),
  );
  const long = "word ".repeat(2000);
  await assert.rejects(t.client.chat.completions.create({ model: t.server.modelName, messages: ask(long) }), (e: any) => e.status === 400 && e.code === "context_length_exceeded");
});

test("text parts, stop strings, reasoning_format none, enable_thinking false", async () => {
  const parts = await t.client.chat.completions.create({ model: t.server.modelName, messages: [{ role: "user", content: [{ type: "text", text: "hello" }] }], max_tokens: 10, seed: 3 });
  const plain = await t.client.chat.completions.create({ model: t.server.modelName, messages: ask("hello"), max_tokens: 10, seed: 3 });
  assert.equal((parts.choices[0]!.message as any).reasoning_content, (plain.choices[0]!.message as any).reasoning_content);
  const none = await post(`${t.server.url}/v1/chat/completions`, { messages: ask("hello"), max_tokens: 6, seed: 3, reasoning_format: "none" });
  assert.equal(none.status, 200);
  assert.equal(none.json.choices[0].message.reasoning_content, undefined);
  // A stop string taken from the unconstrained answer ends the reply before it.
  const full = (plain.choices[0]!.message as any).reasoning_content as string;
  const word = full.trim().split(/\s+/).find((w) => w.length >= 3 && full.indexOf(w) > 0);
  if (word) {
    const stopped = await t.client.chat.completions.create({ model: t.server.modelName, messages: ask("hello"), max_tokens: 10, seed: 3, stop: [word] });
    const r = (stopped.choices[0]!.message as any).reasoning_content as string;
    assert.ok(!r.includes(word), `"${word}" must not appear`);
    assert.equal(stopped.choices[0]!.finish_reason, "stop");
  }
});

test("an emergency: referral first in content, disclaimer last, triage in the medpsy field", async () => {
  const res = await post(`${t.server.url}/v1/chat/completions`, { messages: ask("My dad has crushing chest pain going to his left arm and he is sweating"), max_tokens: 4, seed: 1 });
  assert.equal(res.status, 200);
  const content: string = res.json.choices[0].message.content;
  assert.match(content, /^⚠ This may be a medical emergency/);
  assert.match(content, /not a clinician[^]*$/);
  assert.equal(res.json.medpsy.triage.level, "emergency");
  assert.deepEqual(res.json.medpsy.notices.map((n: any) => n.kind), ["referral", "disclaimer"]);
  // With notices_in_content false the texts are only in the medpsy field.
  const quiet = await post(`${t.server.url}/v1/chat/completions`, { messages: ask("My dad has crushing chest pain going to his left arm and he is sweating"), max_tokens: 4, seed: 1, medpsy: { notices_in_content: false } });
  assert.ok(!quiet.json.choices[0].message.content.includes("medical emergency"));
  assert.equal(quiet.json.medpsy.notices.length, 2);
});

test("notices echoed back in an assistant message never reach the model's context", async () => {
  const first = await post(`${t.server.url}/v1/chat/completions`, { messages: ask("I have crushing chest pain and I am sweating"), max_tokens: 4, seed: 1 });
  const shown: string = first.json.choices[0].message.content;
  const bare = first.json.medpsy.notices.reduce((c: string, n: any) => c.replace(n.text, ""), shown).trim();
  const next = (assistant: string) => [...ask("I have crushing chest pain and I am sweating"), { role: "assistant", content: assistant }, { role: "user", content: "and now?" }];
  const echoed = await post(`${t.server.url}/v1/chat/completions`, { messages: next(shown), max_tokens: 1, seed: 1 });
  const clean = await post(`${t.server.url}/v1/chat/completions`, { messages: next(bare), max_tokens: 1, seed: 1 });
  assert.equal(echoed.json.usage.prompt_tokens, clean.json.usage.prompt_tokens);
});

test("a follow-up turn is served by the slot holding its conversation (KV prefix reuse)", async () => {
  const metric = async (name: string) => Number((await (await fetch(`${t.server.url}/metrics`)).text()).match(new RegExp(`^${name} (\\d+)`, "m"))![1]);
  const before = await metric("medpsy_prefix_reuse_total");
  const reusedBefore = await metric("medpsy_prompt_tokens_reused_total");
  const turn1 = ask("What helps with a mild headache? Please answer in detail for an adult.");
  const r1 = await t.client.chat.completions.create({ model: t.server.modelName, messages: turn1, max_tokens: 6, seed: 1 });
  // Both slots are busy with other conversations in between; the follow-up still finds its own.
  await t.client.chat.completions.create({ model: t.server.modelName, messages: ask("Something unrelated"), max_tokens: 2, seed: 1 });
  const cachedOf = (r: { usage?: unknown }) => (r.usage as { prompt_tokens_details: { cached_tokens: number } }).prompt_tokens_details.cached_tokens;
  const r3 = await t.client.chat.completions.create({ model: t.server.modelName, messages: [...turn1, { role: "assistant", content: r1.choices[0]!.message.content ?? "" }, { role: "user", content: "And for a child?" }], max_tokens: 2, seed: 1 });
  assert.equal(await metric("medpsy_prefix_reuse_total"), before + 1);
  // The first prompt came from the cache, up to its last tokens: the generation prompt
  // ("<|im_start|>assistant\n") tokenizes differently once the answer follows it.
  assert.ok(cachedOf(r3) >= r1.usage!.prompt_tokens - 4, `cached ${cachedOf(r3)} of the first turn's ${r1.usage!.prompt_tokens}`);
  assert.ok(cachedOf(r3) < r3.usage!.prompt_tokens);
  assert.ok(cachedOf(r1) < 8, "a new conversation shares only the template's opening with the slot");
  assert.ok((await metric("medpsy_prompt_tokens_reused_total")) - reusedBefore >= cachedOf(r3));
});

test("completions, models, health, 404 and 405", async () => {
  const c = await t.client.completions.create({ model: t.server.modelName, prompt: "The heart has four", max_tokens: 5, seed: 1 });
  assert.equal(c.object, "text_completion");
  assert.equal(c.usage!.completion_tokens, 5);
  const models = await t.client.models.list();
  assert.equal(models.data.length, 1);
  assert.equal(models.data[0]!.id, t.server.modelName);
  const health = await (await fetch(`${t.server.url}/health`)).json();
  assert.equal(health.status, "ok");
  const missing = await fetch(`${t.server.url}/v1/embeddings`, { method: "POST", body: "{}" });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "not_found");
  const wrong = await fetch(`${t.server.url}/v1/chat/completions`);
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get("allow"), "POST");
});

test("no CORS by default; a foreign web origin is refused", async () => {
  const res = await fetch(`${t.server.url}/v1/models`, { headers: { origin: "https://evil.example" } });
  assert.equal(res.status, 403);
  const same = await fetch(`${t.server.url}/v1/models`);
  assert.equal(same.headers.get("access-control-allow-origin"), null);
  const page = await fetch(`${t.server.url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
});

test("a server that loads its model reports the loading's progress up to the file's size, and a shortened context as a note", async () => {
  const { startServer } = await import("../../src/server/index.ts");
  const { inspectModel } = await import("../../src/index.ts");
  const progress: Array<[number, number]> = [];
  const notes: string[] = [];
  const server = await startServer({
    model: t.path,
    port: 0,
    threads: 1,
    contextLength: 1_000_000,
    safety: { secondOpinion: false },
    onLoadProgress: (done, total) => progress.push([done, total]),
    onLoadWarning: (m) => notes.push(m),
  });
  try {
    const size = (await inspectModel(t.path)).fileSize;
    assert.ok(progress.length > 0, "progress was reported");
    assert.deepEqual(progress.at(-1), [size, size], "it ends at the size on disk");
    assert.ok(progress.every(([d], i) => i === 0 || d >= progress[i - 1]![0]), "never goes back");
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /contextLength 1000000 is longer than the \d+ tokens this model was trained for/);
    assert.equal(server.contextLength, (await inspectModel(t.path)).trainedContextLength);
  } finally {
    await server.close();
  }
});
