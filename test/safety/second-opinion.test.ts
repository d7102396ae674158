/**
 * The model's second opinion on triage: one prefill of about 100 tokens on a real (random-weight)
 * model through the public API, P(yes) computed from exactly the two answer tokens' logits, on by
 * default in model.chat, combined with the rules (either flags → emergency, its own reason), off
 * with `secondOpinion: false`, and a failing model never breaks triage.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel, type ChatEvent, type ChatStreamEvent, type Model } from "../../src/index.ts";
import { applySafety, resolveSafetyPolicy } from "../../src/safety/index.ts";
import { modelClassifier, promptFor, CLASSIFIER_INSTRUCTION, MESSAGE_TOKEN_LIMIT, MIN_ANSWER_MASS, type ClassifierModel, type SecondOpinion } from "../../src/safety/second-opinion.ts";
import { testModel } from "../helpers/models.ts";

let model: Model;
test.before(async () => {
  model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 512 });
});
test.after(async () => model.close());

async function collect(it: AsyncIterable<ChatStreamEvent>) {
  const out: ChatStreamEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test("one short prefill; P(yes) is the softmax of the yes and no logits of that prompt", async () => {
  const classify = modelClassifier(model);
  const short = await classify("my dad is clutching his chest and sweating");
  assert.ok(short.promptTokens > 40 && short.promptTokens < 160, `${short.promptTokens} prompt tokens`);
  assert.ok(short.probability > 0 && short.probability < 1);
  // Random weights spread the next token over the whole vocabulary: no opinion, never a coin toss.
  assert.ok(short.answerMass < 0.01, `answer mass ${short.answerMass}`);
  assert.equal(short.emergency, false);
  // A long message is cut, so the prefill stays short.
  const long = await classify("I have had a cough for a while. ".repeat(200));
  assert.ok(long.promptTokens <= short.promptTokens + MESSAGE_TOKEN_LIMIT + 4, `${long.promptTokens} prompt tokens`);
  // Recompute from the public API: the same prompt's logits at the answer tokens. The test model's
  // thinking-only template opens a think block in the generation prompt: it is asked after an
  // empty one, so its next token is the answer.
  const rendered = model.renderChat(
    [{ role: "system", content: CLASSIFIER_INSTRUCTION }, { role: "user", content: `Message: "my dad is clutching his chest and sweating"\nIs this a medical emergency now? Answer yes or no.` }],
    { addGenerationPrompt: true, enableThinking: false },
  );
  assert.ok(rendered.endsWith("<think>\n"), JSON.stringify(rendered.slice(-40)));
  const prompt = `${rendered}\n</think>\n\n`;
  const ids = model.tokenize(prompt, { special: true });
  assert.equal(ids.length, short.promptTokens);
  const logits = await model.logits(ids);
  const best = (words: string[]) => Math.max(...words.map((w) => logits[model.tokenize(w)[0]!]!));
  const expected = 1 / (1 + Math.exp(best(["no", "No", " no"]) - best(["yes", "Yes", " yes"])));
  assert.ok(Math.abs(expected - short.probability) < 1e-9, `${expected} vs ${short.probability}`);
  const answerIds = [...new Set(["yes", "Yes", " yes", "no", "No", " no"].map((w) => model.tokenize(w)[0]!))];
  const max = Array.from(logits).reduce((a, l) => Math.max(a, l), -Infinity);
  const total = Array.from(logits).reduce((a, l) => a + Math.exp(l - max), 0);
  const mass = answerIds.reduce((a, i) => a + Math.exp(logits[i]! - max), 0) / total;
  assert.ok(Math.abs(mass - short.answerMass) < 1e-9, `${mass} vs ${short.answerMass}`);
});

/** A stand-in model whose next-token logits after the prompt are chosen by the test. */
function scripted(vocab: string[], logitOf: (word: string) => number): ClassifierModel {
  return {
    tokenize: (text: string) => { const i = vocab.indexOf(text); return i >= 0 ? [i] : Array.from(text, (c) => c.charCodeAt(0) % vocab.length); },
    detokenize: (ids: number[]) => ids.map((i) => vocab[i]).join(""),
    renderChat: () => "<|im_start|>assistant\n<think>\n",
    logits: async () => Float32Array.from(vocab, logitOf),
  } as unknown as ClassifierModel;
}

test("an opinion only when the model answers: P(yes) decides once the answer words hold at least MIN_ANSWER_MASS of the next token", async () => {
  const vocab = ["yes", "Yes", " yes", "no", "No", " no", ...Array.from({ length: 100 }, (_, i) => `w${i}`)];
  // Answering: most mass on the answer words, yes ahead.
  const yes = await modelClassifier(scripted(vocab, (w) => (w === "yes" ? 8 : w === "no" ? 6 : 0)))("chest pain");
  assert.ok(yes.answerMass > MIN_ANSWER_MASS && yes.probability > 0.5 && yes.emergency, JSON.stringify(yes));
  // Answering no.
  const no = await modelClassifier(scripted(vocab, (w) => (w === " no" ? 8 : w === "Yes" ? 6 : 0)))("chest pain");
  assert.ok(no.answerMass > MIN_ANSWER_MASS && no.probability < 0.5 && !no.emergency, JSON.stringify(no));
  // Not answering (the mass elsewhere): yes ahead of no, yet no opinion.
  const elsewhere = await modelClassifier(scripted(vocab, (w) => (w === "yes" ? 2 : w.startsWith("w") ? 1.5 : 0)))("chest pain");
  assert.ok(elsewhere.probability > 0.5 && elsewhere.answerMass < MIN_ANSWER_MASS && !elsewhere.emergency, JSON.stringify(elsewhere));
});

test("the classifier's prompt closes an open think block empty and leaves other templates as they render", () => {
  const thinking = promptFor({ renderChat: () => "<|im_start|>assistant\n<think>\n" } as never, "hi");
  assert.equal(thinking, "<|im_start|>assistant\n<think>\n\n</think>\n\n");
  const hybridOff = "<|im_start|>assistant\n<think>\n\n</think>\n\n";
  assert.equal(promptFor({ renderChat: () => hybridOff } as never, "hi"), hybridOff);
  // A message that merely contains the tag is not a think block.
  const plain = "<|im_start|>user\nMessage: \"<think>\"<|im_end|>\n<|im_start|>assistant\n";
  assert.equal(promptFor({ renderChat: () => plain } as never, "<think>"), plain);
});

test("on by default in model.chat: the triage event carries the model's opinion", async () => {
  const events = await collect(model.chat([{ role: "user", content: "what is a normal resting heart rate?" }], { maxTokens: 2, seed: 1 }));
  const t = events.find((e) => e.type === "triage");
  assert.ok(t && t.type === "triage" && t.secondOpinion && "promptTokens" in t.secondOpinion, JSON.stringify(t));
  const off = await collect(model.chat([{ role: "user", content: "what is a normal resting heart rate?" }], { maxTokens: 2, seed: 1, safety: { secondOpinion: false } }));
  const t2 = off.find((e) => e.type === "triage");
  assert.ok(t2 && t2.type === "triage" && t2.secondOpinion === undefined);
});

async function* answer(): AsyncGenerator<ChatEvent> {
  yield { type: "content", text: "ok" };
  yield { type: "done", stopReason: "stop", reasoningTruncated: false, usage: { promptTokens: 1, completionTokens: 1, reasoningTokens: 0, totalTokens: 2 } } as ChatEvent;
}

const opinion = (emergency: boolean): SecondOpinion => ({ emergency, probability: emergency ? 0.9 : 0.1, answerMass: 0.95, promptTokens: 100 });

test("either flagging makes an emergency; the model's flag is its own reason; errors leave the rules' answer", async () => {
  const policy = resolveSafetyPolicy(undefined);
  const q = [{ role: "user" as const, content: "what is a normal resting heart rate?" }];
  const flagged = await collect(applySafety(q, answer(), policy, { classify: async () => opinion(true) }));
  const t = flagged[0]!;
  assert.ok(t.type === "triage" && t.level === "emergency" && t.reasons.map((r) => r.id).join() === "model_second_opinion");
  assert.ok(flagged.some((e) => e.type === "notice" && e.kind === "referral"));
  const rulesOnly = await collect(applySafety([{ role: "user", content: "I took 40 paracetamol an hour ago" }], answer(), policy, { classify: async () => opinion(false) }));
  assert.ok(rulesOnly[0]!.type === "triage" && rulesOnly[0]!.level === "emergency" && !rulesOnly[0]!.reasons.some((r) => r.id === "model_second_opinion"));
  const broken = await collect(applySafety(q, answer(), policy, { classify: async () => { throw new Error("model closed"); } }));
  assert.ok(broken[0]!.type === "triage" && broken[0]!.level === "routine" && broken[0]!.secondOpinion && "error" in broken[0]!.secondOpinion);
  let asked = false;
  await collect(applySafety(q, answer(), resolveSafetyPolicy({ secondOpinion: false }), { classify: async () => ((asked = true), opinion(true)) }));
  assert.equal(asked, false);
});

test("on by default in the server: the response's triage carries the model's second opinion", async () => {
  const { tinyServer } = await import("../server/helpers.ts");
  const t = await tinyServer({ safety: undefined }, model);
  try {
    const r = await t.client.chat.completions.create({ model: t.server.modelName, messages: [{ role: "user", content: "is it ok to run every day?" }], max_tokens: 2, seed: 1 });
    const triage = (r as unknown as { medpsy: { triage: { second_opinion?: { promptTokens: number } } } }).medpsy.triage;
    assert.ok(triage.second_opinion && triage.second_opinion.promptTokens > 0, JSON.stringify(triage));
  } finally {
    await t.close();
  }
});
