/**
 * The SDK's chat surface on a generated model: event order and types, reasoning split from the
 * answer with the Thinking-2507 template (implied <think>), truncated reasoning reported as
 * such, the reasoning budget, stop strings, max tokens, context limit, abort, bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel, ContextOverflowError, InvalidArgumentError, ModelClosedError, type ChatStreamEvent, type Model } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";

async function collect(it: AsyncIterable<ChatStreamEvent>) {
  const events: ChatStreamEvent[] = [];
  for await (const e of it) events.push(e);
  const text = (t: "reasoning" | "content") => events.filter((e) => e.type === t).map((e) => (e as { text: string }).text).join("");
  const done = events[events.length - 1]!;
  assert.equal(done.type, "done");
  return { events, reasoning: text("reasoning"), content: text("content"), done: done as Extract<ChatStreamEvent, { type: "done" }> };
}

let model: Model;
test.before(async () => {
  model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 256 });
});
test.after(async () => model.close());

const Q = [{ role: "user" as const, content: "Is 38.5 °C a fever in an adult?" }];

test("info describes the file", () => {
  assert.equal(model.info.architecture, "qwen3");
  assert.equal(model.info.format, "gguf");
  assert.equal(model.info.vocabSize, 151_936);
  assert.equal(model.info.contextLength, 256);
  assert.ok(model.info.tensorTypes.Q8_0! > 0 && model.info.tensorTypes.F32! > 0);
  assert.ok(model.info.parameterCount > 39_000_000);
});

test("tokenize / detokenize round-trip and special-token parsing", () => {
  const text = "<|im_start|>user\nChest pain 🫀<|im_end|>";
  const withSpecial = model.tokenize(text, { special: true });
  assert.equal(withSpecial[0], 151_644);
  assert.notEqual(model.tokenize(text)[0], 151_644);
  assert.equal(model.detokenize(withSpecial), text);
});

test("thinking template: output starts in the reasoning; max tokens inside it is reported as truncated", async () => {
  const r = await collect(model.chat(Q, { maxTokens: 12, temperature: 0 }));
  assert.equal(r.done.stopReason, "length");
  assert.equal(r.done.usage.reasoningTokens + r.done.usage.contentTokens, 12);
  // A random model never writes </think> in 12 tokens: everything is reasoning, nothing is answer.
  assert.equal(r.content, "");
  assert.ok(r.reasoning.length > 0);
  assert.equal(r.done.reasoningTruncated, true);
  assert.ok(r.done.usage.promptTokens > 10);
});

test("reasoning budget closes the think block and lets the model answer", async () => {
  const r = await collect(model.chat(Q, { maxTokens: 40, temperature: 0, reasoningBudget: 4 }));
  assert.equal(r.done.reasoningTruncated, false);
  assert.ok(r.reasoning.includes("Considering the limited time"), r.reasoning);
  assert.ok(r.done.usage.contentTokens > 0);
  assert.ok(r.content.length > 0);
  assert.ok(!r.content.includes("</think>"));
});

test("a reasoning budget too small for the closing sentence closes with </think> alone; a budget of 0 lets no reasoning token through", async () => {
  // The sentence alone takes ~20 tokens: after 2 reasoning tokens it would not fit in 12.
  const short = await collect(model.chat(Q, { maxTokens: 12, temperature: 0, reasoningBudget: 2 }));
  assert.equal(short.done.reasoningTruncated, false);
  assert.ok(!short.reasoning.includes("Considering"), short.reasoning);
  assert.ok(short.done.usage.contentTokens > 0);
  const none = await collect(model.chat(Q, { maxTokens: 6, temperature: 0, reasoningBudget: 0 }));
  assert.equal(none.reasoning, "");
  assert.equal(none.done.usage.reasoningTokens, 0);
  assert.equal(none.done.reasoningTruncated, false);
  // The empty block is the prompt's (as the template renders thinking off): all 6 tokens are answer.
  if (none.done.stopReason === "length") assert.equal(none.done.usage.contentTokens, 6);
  assert.ok(none.done.usage.promptTokens > short.done.usage.promptTokens);
  // A hybrid template renders thinking off for a budget of 0 (as llama-server does): its empty block, no <think> token generated.
  const hybrid = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0", template: "hybrid" }), { contextLength: 512, threads: 1 });
  try {
    const off = await collect(hybrid.chat(Q, { maxTokens: 6, temperature: 0, reasoningBudget: 0 }));
    assert.equal(off.reasoning, "");
    assert.equal(off.done.usage.reasoningTokens, 0);
    const rendered = hybrid.renderChat(Q, { addGenerationPrompt: true, enableThinking: false });
    assert.equal(off.done.usage.promptTokens, hybrid.tokenize(rendered, { special: true }).length, "the prompt is the template's thinking-off rendering");
  } finally {
    await hybrid.close();
  }
});

test("same seed, same output; stop strings end generation without the stop text", async () => {
  const a = await collect(model.chat(Q, { maxTokens: 16, seed: 7 }));
  const b = await collect(model.chat(Q, { maxTokens: 16, seed: 7 }));
  assert.equal(a.reasoning + a.content, b.reasoning + b.content);
  const full = await collect(model.complete("The patient", { maxTokens: 24, temperature: 0 }));
  const stopAt = full.content.slice(4, 7);
  assert.ok(stopAt.length === 3);
  const cut = await collect(model.complete("The patient", { maxTokens: 24, temperature: 0, stop: [stopAt] }));
  assert.equal(cut.done.stopReason, "stop");
  assert.equal(cut.content, full.content.slice(0, full.content.indexOf(stopAt)));
});

test("a prompt longer than the context is a clear error; abort stops at the next token", async () => {
  const long = [{ role: "user" as const, content: "word ".repeat(400) }];
  await assert.rejects(collect(model.chat(long, { maxTokens: 4 })), ContextOverflowError);
  const ac = new AbortController();
  let n = 0;
  let done: ChatStreamEvent | undefined;
  for await (const e of model.chat(Q, { maxTokens: 100, temperature: 0, signal: ac.signal })) {
    if (e.type === "reasoning" && ++n === 2) ac.abort();
    done = e;
  }
  assert.equal(done?.type, "done");
  assert.equal((done as { stopReason: string }).stopReason, "abort");
});

test("generation stops at the context limit with stop reason length", async () => {
  const small = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 40 });
  try {
    const r = await collect(small.chat(Q, { maxTokens: 1000, temperature: 0 }));
    assert.equal(r.done.stopReason, "length");
    assert.equal(r.done.usage.promptTokens + r.done.usage.reasoningTokens + r.done.usage.contentTokens, 40);
  } finally {
    await small.close();
  }
});

test("bad input gets typed errors", async () => {
  assert.throws(() => model.chat([], {}), InvalidArgumentError);
  assert.throws(() => model.chat([{ role: "doctor", content: "x" } as never]), InvalidArgumentError);
  assert.throws(() => model.chat(Q, { maxTokens: -1 }), InvalidArgumentError);
  await assert.rejects(collect(model.chat(Q, { temperature: -1 })), InvalidArgumentError);
  await assert.rejects(collect(model.chat(Q, { topP: 2 })), InvalidArgumentError);
  await assert.rejects(model.logits([]), InvalidArgumentError);
  await assert.rejects(model.logits([999_999_999]), InvalidArgumentError);
  await assert.rejects(loadModel("/nonexistent/model.gguf"), /no model at/);
  const m = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 32 });
  await m.close();
  assert.throws(() => m.tokenize("x"), ModelClosedError);
});
