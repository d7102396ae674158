/**
 * The safety layer around a real model's chat: triage comes first (before any model output), an
 * emergency adds the referral, the disclaimer comes just before `done` (every answer, once per
 * conversation, or off), `safety: false` removes the layer, and notices never enter the text.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel, InvalidArgumentError, type ChatStreamEvent, type Model } from "../../src/index.ts";
import { resolveSafetyPolicy } from "../../src/safety/index.ts";
import { testModel } from "../helpers/models.ts";

let model: Model;
test.before(async () => {
  model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 256 });
});
test.after(async () => model.close());

// These tests are about the rules' layer: the random-weight model's second opinion (on by default)
// would add a meaningless reason, so it is off here and tested in second-opinion.test.ts.
const rulesOnly = { secondOpinion: false } as const;

async function events(it: AsyncIterable<ChatStreamEvent>) {
  const out: ChatStreamEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test("an emergency: triage first, then the referral, model output, disclaimer, done", async () => {
  const ev = await events(model.chat([{ role: "user", content: "My father has crushing chest pain going into his jaw and he is sweating" }], { maxTokens: 6, seed: 1, safety: { ...rulesOnly, locale: "en-GB" } }));
  assert.equal(ev[0]!.type, "triage");
  assert.equal((ev[0] as { level: string }).level, "emergency");
  assert.deepEqual((ev[0] as { reasons: Array<{ id: string }> }).reasons.map((r) => r.id), ["chest_pain_cardiac"]);
  assert.equal(ev[1]!.type, "notice");
  assert.equal((ev[1] as { kind: string }).kind, "referral");
  assert.match((ev[1] as { text: string }).text, /Call 999/);
  const last = ev.length - 1;
  assert.equal(ev[last]!.type, "done");
  assert.equal((ev[last - 1] as { kind: string }).kind, "disclaimer");
  assert.ok(ev.slice(2, last - 1).every((e) => e.type === "reasoning" || e.type === "content"));
});

test("routine messages get triage and disclaimer only; once-per-conversation skips later answers; off and false", async () => {
  const q = [{ role: "user" as const, content: "What foods are high in iron?" }];
  const a = await events(model.chat(q, { maxTokens: 4, seed: 1, safety: rulesOnly }));
  assert.equal((a[0] as { level: string }).level, "routine");
  assert.ok(!a.some((e) => e.type === "notice" && e.kind === "referral"));
  assert.ok(a.some((e) => e.type === "notice" && e.kind === "disclaimer"));
  const later = [...q, { role: "assistant" as const, content: "Red meat, lentils." }, { role: "user" as const, content: "And vitamin C?" }];
  const b = await events(model.chat(later, { maxTokens: 4, seed: 1, safety: { ...rulesOnly, disclaimer: "once-per-conversation" } }));
  assert.ok(!b.some((e) => e.type === "notice"));
  const c = await events(model.chat(q, { maxTokens: 4, seed: 1, safety: false }));
  assert.ok(c.every((e) => e.type !== "triage" && e.type !== "notice"));
  assert.throws(() => model.chat(q, { safety: { locale: 42 } as never }), InvalidArgumentError);
  assert.throws(() => resolveSafetyPolicy({ disclaimer: "sometimes" }), InvalidArgumentError);
  assert.throws(() => resolveSafetyPolicy({ colour: "red" }), InvalidArgumentError);
});
