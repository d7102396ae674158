/**
 * logprobs, top_logprobs and logit_bias through the official `openai` client: completions
 * (`logprobs: N`) and chat (`logprobs: true, top_logprobs: N`), streamed and not, equal to the
 * log-softmax of the biased logits recomputed independently with Model.logits (tolerance 2e-3,
 * see test/sampling/logprobs.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tinyServer, post, type TestServer } from "./helpers.ts";
import { logSoftmax } from "../helpers/compare.ts";

let t: TestServer;
test.before(async () => {
  t = await tinyServer({ parallel: 2, safety: false });
});
test.after(async () => t.close());

const TOL = 2e-3;

test("completions: token_logprobs and top_logprobs equal log-softmax of the biased logits; streamed equals whole", async () => {
  const prompt = "Symptoms of dehydration include";
  const ids = t.model.tokenize(prompt, { special: true });
  const first = await t.model.logits(ids);
  const greedy = first.reduce((b, v, i, a) => (v > a[b]! ? i : b), 0);
  const logit_bias = { [String(greedy)]: -100 };
  const body = { model: t.server.modelName, prompt, max_tokens: 5, temperature: 0, logprobs: 3, logit_bias };
  const r = await t.client.completions.create(body);
  const lp = r.choices[0]!.logprobs!;
  assert.equal(lp.tokens!.length, 5);
  assert.equal(lp.tokens!.join(""), r.choices[0]!.text);
  // Rebuild the token ids greedily from the reference (temperature 0: each token is the biased argmax).
  const prefix = [...ids];
  for (let i = 0; i < 5; i++) {
    const logits = await t.model.logits(prefix);
    logits[greedy] += -100;
    const ref = logSoftmax(logits);
    const chosen = ref.reduce((b, v, j, a) => (v > a[b]! ? j : b), 0);
    assert.notEqual(chosen, greedy);
    assert.ok(Math.abs(lp.token_logprobs![i]! - ref[chosen]!) < TOL, `token ${i}: ${lp.token_logprobs![i]} vs ${ref[chosen]}`);
    const top = Object.values(lp.top_logprobs![i]!);
    const refTop = Array.from(ref).sort((a, b) => b - a).slice(0, 3);
    assert.equal(top.length <= 3 && top.length >= 1, true);
    assert.ok(Math.abs(Math.max(...top) - refTop[0]!) < TOL);
    prefix.push(chosen);
  }
  assert.equal(t.model.detokenize(prefix.slice(ids.length)), r.choices[0]!.text);
  const stream = await t.client.completions.create({ ...body, stream: true });
  const streamed: number[] = [];
  let text = "";
  for await (const c of stream) {
    text += c.choices[0]?.text ?? "";
    streamed.push(...(c.choices[0]?.logprobs?.token_logprobs ?? []));
  }
  assert.equal(text, r.choices[0]!.text);
  assert.deepEqual(streamed, lp.token_logprobs);
});

test("chat: logprobs.content covers the answer tokens (not the reasoning), streamed equals whole", async () => {
  const body = { model: t.server.modelName, messages: [{ role: "user" as const, content: "Is 38.5 C a fever?" }], max_tokens: 8, seed: 4, logprobs: true, top_logprobs: 2, reasoning_budget: 0 } as const;
  const r = await t.client.chat.completions.create(body as any);
  const content = r.choices[0]!.logprobs!.content!;
  assert.ok(content.length > 0);
  assert.equal(content.map((c) => c.token).join(""), r.choices[0]!.message.content);
  for (const c of content) {
    assert.equal(c.top_logprobs.length, 2);
    assert.ok(c.logprob <= 0 && c.top_logprobs[0]!.logprob >= c.top_logprobs[1]!.logprob);
    assert.ok(c.logprob <= c.top_logprobs[0]!.logprob + 1e-12);
    assert.deepEqual(Buffer.from(c.bytes!).toString("utf8"), c.token);
  }
  const stream = await t.client.chat.completions.create({ ...(body as any), stream: true });
  const streamed: any[] = [];
  for await (const c of stream) streamed.push(...(c.choices[0]?.logprobs?.content ?? []));
  assert.deepEqual(streamed, content);
  // No logprobs asked: null, as OpenAI.
  const plain = await t.client.chat.completions.create({ ...(body as any), logprobs: undefined, top_logprobs: undefined });
  assert.equal(plain.choices[0]!.logprobs, null);
});

test("bad logprobs and logit_bias values are 400s naming the field", async () => {
  const chat = (extra: Record<string, unknown>) => post(`${t.server.url}/v1/chat/completions`, { model: t.server.modelName, messages: [{ role: "user", content: "hi" }], max_tokens: 2, ...extra });
  for (const [extra, param] of [
    [{ top_logprobs: 2 }, "top_logprobs"],
    [{ logprobs: true, top_logprobs: 21 }, "top_logprobs"],
    [{ logit_bias: { abc: 1 } }, "logit_bias"],
    [{ logit_bias: { "5": 101 } }, "logit_bias"],
    [{ logit_bias: [1] }, "logit_bias"],
  ] as const) {
    const r = await chat(extra);
    assert.equal(r.status, 400, JSON.stringify(extra));
    assert.equal(r.json.error.param, param);
  }
  const outside = await chat({ logit_bias: { "999999999": 5 } });
  assert.equal(outside.status, 400);
  assert.match(outside.json.error.message, /outside the vocabulary/);
});
