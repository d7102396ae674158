/**
 * Concurrent conversations on one model never mix: N sessions (2, 4, 8) with distinct prompts,
 * greedy and seeded sampling, safety on and off — every event of every concurrent answer equals
 * the same request's events alone. The engine batches the concurrent sequences into shared steps.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel, type ChatOptions, type ChatStreamEvent, type Model } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";

const QUESTIONS = [
  "What causes migraine?",
  "Tell me about kidney stones",
  "Is 38.5 °C a fever in an adult?",
  "How is type 2 diabetes diagnosed?",
  "What are the side effects of metformin?",
  "My child has a rash after amoxicillin, what should I watch for?",
  "Explain atrial fibrillation simply.",
  "How much paracetamol is safe per day?",
];

let model: Model;
test.before(async () => {
  model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 512, threads: 2 });
});
test.after(async () => model.close());

async function events(it: AsyncIterable<ChatStreamEvent>): Promise<string> {
  const out: ChatStreamEvent[] = [];
  for await (const e of it) out.push(e);
  return JSON.stringify(out);
}

const VARIANTS: [string, (i: number) => ChatOptions & { safety?: false }][] = [
  ["greedy, safety off", () => ({ maxTokens: 30, temperature: 0, safety: false })],
  ["seeded sampling, safety on", (i) => ({ maxTokens: 30, temperature: 0.9, topK: 50, seed: 100 + i })],
  ["greedy, reasoning budget, safety on", () => ({ maxTokens: 40, temperature: 0, reasoningBudget: 6 })],
];

for (const [name, options] of VARIANTS) {
  test(`${name}: 2, 4 and 8 concurrent sessions answer exactly as alone`, { timeout: 300_000 }, async () => {
    const ask = (i: number) => model.createSession().chat([{ role: "user", content: QUESTIONS[i]! }], options(i));
    const alone: string[] = [];
    for (let i = 0; i < QUESTIONS.length; i++) alone.push(await events(ask(i)));
    assert.equal(new Set(alone).size, QUESTIONS.length, "distinct prompts give distinct answers");
    for (const n of [2, 4, 8]) {
      const together = await Promise.all(Array.from({ length: n }, (_, i) => events(ask(i))));
      together.forEach((got, i) => assert.equal(got, alone[i], `session ${i} of ${n}`));
    }
  });
}

test("concurrent raw completions, and logits() beside chats, are unaffected", { timeout: 120_000 }, async () => {
  const prompt = (i: number) => `Question ${i}: ${QUESTIONS[i]}\nAnswer:`;
  const opts = { maxTokens: 20, temperature: 0 };
  const alone: string[] = [];
  for (let i = 0; i < 4; i++) alone.push(await events(model.createSession().complete(prompt(i), opts)));
  const ids = model.tokenize(prompt(5));
  const logitsAlone = await model.logits(ids);
  const [logitsTogether, ...together] = await Promise.all([
    model.logits(ids),
    ...Array.from({ length: 4 }, (_, i) => events(model.createSession().complete(prompt(i), opts))),
  ]);
  together.forEach((got, i) => assert.equal(got, alone[i], `completion ${i}`));
  assert.deepEqual(new Uint32Array((logitsTogether as Float32Array).buffer), new Uint32Array(logitsAlone.buffer));
});

test("one session aborted mid-answer does not disturb the others", { timeout: 120_000 }, async () => {
  const opts = { maxTokens: 30, temperature: 0, safety: false as const };
  const ask = (i: number, signal?: AbortSignal) => model.createSession().chat([{ role: "user", content: QUESTIONS[i]! }], { ...opts, signal });
  const alone = [await events(ask(0)), await events(ask(2))];
  const ac = new AbortController();
  const victim = (async () => {
    let n = 0;
    let stop = "";
    for await (const e of ask(1, ac.signal)) {
      if ((e.type === "reasoning" || e.type === "content") && ++n === 3) ac.abort();
      if (e.type === "done") stop = e.stopReason;
    }
    return stop;
  })();
  const [a, stop, b] = await Promise.all([events(ask(0)), victim, events(ask(2))]);
  assert.equal(stop, "abort");
  assert.equal(a, alone[0]);
  assert.equal(b, alone[1]);
});

test("a session copied from another answers the same prompt as a fresh one (n choices share one prefill)", { timeout: 60_000 }, async () => {
  const messages = [{ role: "user" as const, content: QUESTIONS[3]! }];
  const options = (seed: number) => ({ maxTokens: 20, temperature: 0.9, seed, safety: false as const });
  const fresh = await events(model.createSession().chat(messages, options(7)));
  const first = model.createSession();
  await events(first.chat(messages, options(6)));
  const copy = model.createSession();
  await copy.copyFrom(first);
  assert.ok(copy.cachedTokens > 20, "the copy holds the first session's tokens");
  assert.equal(await events(copy.chat(messages, options(7))), fresh);
  await assert.rejects(copy.copyFrom({} as never), /same model/);
});
