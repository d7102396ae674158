/**
 * A message too long for the model's context is refused, but never silently: the rules still
 * triage it and an emergency's referral comes with the refusal — in the SDK (triage and notice
 * events before the ContextOverflowError), the server (the error body's `medpsy` field and the
 * head of its message, chat and completions) and the CLI (the referral on stderr beside the
 * error). Triage itself reads up to 1 MiB in time linear in the text: hostile texts of 1 MiB that
 * made the old context checks quadratic (a megabyte of negated red flags without a full stop took
 * minutes) are triaged, and a red flag at the very end of a megabyte is found. The test timeout is
 * the only time bound; nothing asserts a duration.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel, ContextOverflowError, type ChatStreamEvent, type Model } from "../../src/index.ts";
import { triage, MAX_TRIAGE_CHARS } from "../../src/safety/triage.ts";
import { run as ask } from "../../src/cli/commands/ask.ts";
import { HOSTILE_CLASSES, hostileText } from "../helpers/hostile-text.ts";
import { testModel } from "../helpers/models.ts";
import { post, tinyServer, type TestServer } from "../server/helpers.ts";

const MiB = 1 << 20;
const filler = (n: number) => "I have been thinking about my life and my work and my family and everything that has happened this year, ".repeat(Math.ceil(n / 104)).slice(0, n);
const SUICIDAL = `${filler(6_000)} I have saved up all my pills and I am going to take them all tonight.`;
const ROUTINE = `${filler(6_000)} Anyway, what is a good stretch for a stiff neck?`;

let model: Model;
let t: TestServer;
test.before(async () => {
  model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 256, threads: 1 });
  t = await tinyServer({}, model);
});
test.after(async () => {
  await t.close();
  await model.close();
});

async function eventsUntilError(it: AsyncIterable<ChatStreamEvent>): Promise<{ events: ChatStreamEvent[]; error: unknown }> {
  const events: ChatStreamEvent[] = [];
  try {
    for await (const e of it) events.push(e);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

test("SDK: a suicidal message too long for the context gives the triage and the referral, then the ContextOverflowError", async () => {
  const { events, error } = await eventsUntilError(model.chat([{ role: "user", content: SUICIDAL }], { maxTokens: 4, safety: { secondOpinion: false } }));
  assert.ok(error instanceof ContextOverflowError, String(error));
  assert.deepEqual(events.map((e) => e.type), ["triage", "notice"]);
  const [tri, notice] = events as [Extract<ChatStreamEvent, { type: "triage" }>, Extract<ChatStreamEvent, { type: "notice" }>];
  assert.equal(tri.level, "emergency");
  assert.ok(tri.reasons.some((r) => r.id === "suicidal_ideation"), JSON.stringify(tri.reasons));
  assert.equal(notice.kind, "referral");
  assert.match(notice.text, /988/);
  // A routine one: the triage says so, no referral, the same error.
  const routine = await eventsUntilError(model.chat([{ role: "user", content: ROUTINE }], { maxTokens: 4, safety: { secondOpinion: false } }));
  assert.ok(routine.error instanceof ContextOverflowError);
  assert.deepEqual(routine.events.map((e) => e.type), ["triage"]);
});

test("server: the 400 for a too-long prompt carries the triage and the referral (chat and completions)", async () => {
  const chat = await post(`${t.server.url}/v1/chat/completions`, { messages: [{ role: "user", content: SUICIDAL }], max_tokens: 4 });
  assert.equal(chat.status, 400);
  assert.equal(chat.json.error.code, "context_length_exceeded");
  assert.equal(chat.json.medpsy.triage.level, "emergency");
  assert.deepEqual(chat.json.medpsy.notices.map((n: { kind: string }) => n.kind), ["referral"]);
  // A client that shows only the message still shows the emergency number, then why it was refused.
  assert.match(chat.json.error.message, /^⚠ This may be a medical emergency[^]*911[^]*\n\n[^]*context/);

  const completion = await post(`${t.server.url}/v1/completions`, { prompt: SUICIDAL, max_tokens: 4 });
  assert.equal(completion.status, 400);
  assert.equal(completion.json.medpsy.triage.level, "emergency");
  assert.match(completion.json.error.message, /^⚠/);

  // Routine: the triage rides along, the message is the plain refusal.
  const routine = await post(`${t.server.url}/v1/chat/completions`, { messages: [{ role: "user", content: ROUTINE }], max_tokens: 4 });
  assert.equal(routine.status, 400);
  assert.equal(routine.json.medpsy.triage.level, "routine");
  assert.deepEqual(routine.json.medpsy.notices, []);
  assert.doesNotMatch(routine.json.error.message, /⚠/);

  // The official client surfaces the same message.
  await assert.rejects(t.client.chat.completions.create({ model: t.server.modelName, messages: [{ role: "user", content: SUICIDAL }], max_tokens: 4 }), (e: { status?: number; message: string }) => e.status === 400 && /emergency/.test(e.message));
});

test("CLI: `medpsy ask` with a too-long emergency writes the referral to stderr beside the error", async () => {
  let out = "", err = "";
  const io = { stdout: { write: (s: string) => ((out += s), true), isTTY: false }, stderr: { write: (s: string) => ((err += s), true) }, stdin: process.stdin } as never;
  await assert.rejects(ask(["-m", t.path, "--context", "256", "--threads", "1", SUICIDAL], io), ContextOverflowError);
  assert.match(err, /This may be a medical emergency/);
  assert.equal(out, "");
});

test("triage reads a whole megabyte in linear time: hostile texts, and a red flag at the very end", { timeout: 300_000 }, () => {
  const hostile: Record<string, string> = {
    "negated flags without a full stop": "no chest pain no bleeding no fever ".repeat(MiB / 34),
    "negated flags in sentences": "no chest pain, no bleeding. ".repeat(MiB / 28),
    "flags that stopped": "chest pain and sweating but it stopped. ".repeat(MiB / 40),
    "excepted phrases": "paper cut will not stop bleeding ".repeat(MiB / 33),
    "one long word": "bleeding " + "a".repeat(MiB),
    // `near` concepts: every word a hit of one concept or the other, negated or not.
    "near concepts everywhere": "blood spurting no ".repeat(MiB / 18),
    "near concepts negated": "he does not respond ".repeat(MiB / 20),
    "near with a class group": "she fell on the floor cannot get up ".repeat(MiB / 36),
  };
  for (const name of Object.keys(HOSTILE_CLASSES)) hostile[name] = hostileText(name, MiB);
  for (const [name, text] of Object.entries(hostile)) {
    const r = triage(text);
    assert.ok(["emergency", "urgent", "routine"].includes(r.level), name);
  }
  // The red flag after a megabyte of filler is seen (the whole of MAX_TRIAGE_CHARS is read).
  const late = filler(MAX_TRIAGE_CHARS - 200) + " My husband collapsed and is not breathing.";
  assert.ok(late.length <= MAX_TRIAGE_CHARS);
  assert.equal(triage(late).level, "emergency");
  // Longer still: its beginning and its end are read.
  assert.equal(triage(filler(3 * MiB) + " My husband collapsed and is not breathing.").level, "emergency");
  assert.equal(triage("My husband collapsed and is not breathing. " + filler(3 * MiB)).level, "emergency");
});
