/**
 * n > 1 through the official client: the prompt evaluated once and copied to each choice's
 * session, the choices decoded together in the engine's steps; choice i answers as a single
 * request with seed + i does (compared text for text), streamed equals whole, usage sums them.
 * The same on /v1/completions.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tinyServer, type TestServer } from "./helpers.ts";

let t: TestServer;
test.before(async () => {
  t = await tinyServer({ parallel: 1 });
});
test.after(async () => t.close());

const body = { messages: [{ role: "user" as const, content: "Name a symptom of anaemia." }], max_tokens: 10, seed: 7, reasoning_budget: 3 } as any;

test("n = 3: each choice equals the single answer with seed + i; batched; usage sums the choices", async () => {
  const before = t.model.engineStats().widestStep;
  const r = await t.client.chat.completions.create({ model: t.server.modelName, ...body, n: 3 });
  assert.equal(r.choices.length, 3);
  assert.deepEqual(r.choices.map((c) => c.index), [0, 1, 2]);
  assert.ok(t.model.engineStats().widestStep >= Math.max(before, 3), "the three choices shared engine steps");
  const singles = [];
  for (let i = 0; i < 3; i++) singles.push(await t.client.chat.completions.create({ model: t.server.modelName, ...body, seed: 7 + i }));
  let completion = 0;
  r.choices.forEach((c, i) => {
    const s = singles[i]!.choices[0]!;
    assert.equal(c.message.content, s.message.content, `choice ${i}`);
    assert.equal((c.message as any).reasoning_content, (s.message as any).reasoning_content);
    assert.equal(c.finish_reason, s.finish_reason);
    completion += singles[i]!.usage!.completion_tokens;
  });
  assert.notEqual(r.choices[0]!.message.content + (r.choices[0]!.message as any).reasoning_content, r.choices[1]!.message.content + (r.choices[1]!.message as any).reasoning_content);
  assert.equal(r.usage!.completion_tokens, completion);
  assert.equal(r.usage!.prompt_tokens, singles[0]!.usage!.prompt_tokens);

  const stream = await t.client.chat.completions.create({ model: t.server.modelName, ...body, n: 3, stream: true });
  const text = ["", "", ""];
  const finish: Array<string | null> = [null, null, null];
  for await (const c of stream) for (const ch of c.choices) {
    text[ch.index] += ch.delta.content ?? "";
    finish[ch.index] = ch.finish_reason ?? finish[ch.index]!;
  }
  assert.deepEqual(text, r.choices.map((c) => c.message.content));
  assert.deepEqual(finish, r.choices.map((c) => c.finish_reason));
});

test("completions, n = 3: choice i equals the single completion with seed + i; greedy choices are equal; n = 9 is a 400", async () => {
  const req = { model: t.server.modelName, prompt: "Iron deficiency causes", max_tokens: 8, seed: 11 };
  const r = await t.client.completions.create({ ...req, n: 3 });
  assert.deepEqual(r.choices.map((c) => c.index), [0, 1, 2]);
  let completion = 0;
  for (let i = 0; i < 3; i++) {
    const s = await t.client.completions.create({ ...req, seed: 11 + i });
    assert.equal(r.choices[i]!.text, s.choices[0]!.text, `choice ${i}`);
    assert.equal(r.choices[i]!.finish_reason, s.choices[0]!.finish_reason);
    completion += s.usage!.completion_tokens;
    if (i === 0) assert.equal(r.usage!.prompt_tokens, s.usage!.prompt_tokens);
  }
  assert.notEqual(r.choices[0]!.text, r.choices[1]!.text, "different seeds, different samples");
  assert.equal(r.usage!.completion_tokens, completion);

  const stream = await t.client.completions.create({ ...req, n: 3, stream: true, stream_options: { include_usage: true } });
  const text = ["", "", ""];
  const finish: Array<string | null> = [null, null, null];
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  for await (const c of stream) {
    for (const ch of c.choices) {
      text[ch.index] += ch.text;
      finish[ch.index] = ch.finish_reason ?? finish[ch.index]!;
    }
    usage = c.usage ?? usage;
  }
  assert.deepEqual(text, r.choices.map((c) => c.text));
  assert.deepEqual(finish, r.choices.map((c) => c.finish_reason));
  assert.deepEqual([usage?.prompt_tokens, usage?.completion_tokens], [r.usage!.prompt_tokens, r.usage!.completion_tokens]);

  const greedy = await t.client.completions.create({ ...req, seed: undefined, temperature: 0, n: 3 });
  const alone = await t.client.completions.create({ ...req, seed: undefined, temperature: 0 });
  assert.deepEqual(greedy.choices.map((c) => c.text), [0, 1, 2].map(() => alone.choices[0]!.text));

  await assert.rejects(t.client.completions.create({ ...req, n: 9 }), (e: any) => e.status === 400 && e.error?.param === "n" && /'n' must be an integer between 1 and 8/.test(e.message));
});
