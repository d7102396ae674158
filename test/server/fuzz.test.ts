/**
 * 1,200 malformed request bodies, generated with a seeded RNG (each invalid by construction:
 * broken JSON, wrong types, out-of-range numbers, bad messages, invalid UTF-8, deep nesting,
 * oversized bodies): every response is a 4xx JSON error in OpenAI's shape, and the server still
 * answers /health and a valid request afterwards.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/sampling/rng.ts";
import { tinyServer } from "./helpers.ts";

const rng = new Rng(2026, "fuzz");
const int = (n: number) => rng.nextU32() % n;
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
// No `model`: a request without one is served by the loaded model (an unknown name is a 404, below).
const valid = () => ({ messages: [{ role: "user", content: "hi" }], max_tokens: 1 });

const WRONG_TYPES: unknown[] = ["x", "", -1, 1e308, -1e308, 3.5, null, true, [], [1, 2], {}, { a: 1 }, "NaN", "Infinity"];
/** Field → values that are always invalid for it. */
const BAD: Record<string, unknown[]> = {
  temperature: [-0.1, 2.01, "0.5", true, [], {}, 1e9],
  top_p: [-1, 1.5, "1", false, {}],
  top_k: [-1, 0.5, "20", [], 1e12],
  min_p: [-0.1, 1.1, "x"],
  max_tokens: [0, -5, 1.5, "10", 1e12, [], true],
  max_completion_tokens: [0, -1, 2.5, "x"],
  presence_penalty: [-3, 2.5, "0"],
  frequency_penalty: [3, -2.5, {}],
  repetition_penalty: [0, -1, 11, "1"],
  seed: [1.5, "7", 2 ** 60, {}],
  stop: [5, [""], [1, 2], Array.from({ length: 17 }, () => "s"), "", ["x".repeat(1001)], {}],
  n: [9, 0, -1, "1", 100, 1.5],
  stream: ["yes", 1, {}, []],
  stream_options: ["x", 5, [], { include_usage: "yes" }],
  messages: [[], "hi", 5, null, {}, [null], [5], ["hi"], [{}], [{ role: "user" }], [{ role: "wizard", content: "x" }], [{ role: 5, content: "x" }],
    [{ role: "user", content: 5 }], [{ role: "user", content: {} }], [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }],
    [{ role: "user", content: [5] }], [{ role: "user", content: [{ type: "text", text: 5 }] }], [{ role: "system", content: "only system" }],
    [{ role: "user", content: "x", reasoning_content: 5 }]],
  tools: [[{ type: "function", function: { name: "bad name" } }], "auto-ish", 5, [{ type: "function" }], [{ type: "function", function: { name: "f", parameters: "x" } }]],
  tool_choice: ["sometimes", { type: "function", function: { name: "missing" } }, 5],
  logprobs: ["yes", 3],
  top_logprobs: [21, -1, "2"],
  logit_bias: [{ x: 1 }, { "1": 200 }, [1], "b"],
  response_format: [{ type: "xml" }, "json", 5, { type: "json_schema" }, { type: "json_schema", json_schema: { schema: { type: "number", multipleOf: 2 } } }],
  reasoning_format: ["raw-ish", 5, {}],
  reasoning_budget: [-2, 1.5, "100"],
  include_reasoning: ["no", 0],
  enable_thinking: ["false", 1],
  chat_template_kwargs: ["x", 5, { enable_thinking: "no" }],
  medpsy: ["x", { notices_in_content: "no" }],
  model: [5, {}, [], "not-the-served-model"],
};

function malformed(i: number): string | Uint8Array {
  const kind = i % 8;
  const text = JSON.stringify(valid());
  if (kind === 0 || kind === 1) {
    const body: Record<string, unknown> = valid();
    const field = pick(Object.keys(BAD));
    body[field] = pick(BAD[field]!);
    if (rng.nextU32() % 3 === 0) body[pick(Object.keys(BAD))] = pick(BAD[pick(Object.keys(BAD))]!);
    return JSON.stringify(body);
  }
  if (kind === 2) return text.slice(0, int(text.length - 1)); // truncated JSON (never whole)
  if (kind === 3) return JSON.stringify(pick(WRONG_TYPES.filter((v) => typeof v !== "object" || Array.isArray(v) || v === null)));
  if (kind === 4) {
    const bytes = new TextEncoder().encode(text);
    const out = new Uint8Array(bytes.length + 2);
    const at = 1 + int(bytes.length - 2);
    out.set(bytes.subarray(0, at));
    out.set([0xc3, 0x28], at); // an invalid UTF-8 sequence inside the JSON
    out.set(bytes.subarray(at), at + 2);
    return out;
  }
  if (kind === 5) {
    const depth = 10 + int(20_000);
    return "[".repeat(depth) + "]".repeat(depth - int(2)); // deep, usually unbalanced: either way not an object
  }
  if (kind === 6) {
    // Random bytes or random punctuation.
    return Uint8Array.from({ length: 1 + int(300) }, () => (int(2) ? int(256) : pick([123, 125, 91, 93, 34, 58, 44])));
  }
  // Messages that are objects of the wrong shape, with the rest valid.
  const body: Record<string, unknown> = valid();
  body.messages = pick(BAD.messages!);
  return JSON.stringify(body);
}

test("≥ 1,000 malformed bodies: each a 4xx with OpenAI's error shape; the server survives", async () => {
  const t = await tinyServer({ maxBody: 64 * 1024 });
  try {
    const url = `${t.server.url}/v1/chat/completions`;
    const statuses = new Map<number, number>();
    const N = 1200;
    for (let start = 0; start < N; start += 24) {
      const batch = Array.from({ length: Math.min(24, N - start) }, (_, k) => start + k);
      await Promise.all(
        batch.map(async (i) => {
          const body = i % 100 === 99 ? JSON.stringify({ ...valid(), pad: "x".repeat(70 * 1024) }) : malformed(i);
          const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
          const text = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          assert.ok(res.status >= 400 && res.status < 500, `case ${i}: status ${res.status} for ${String(body).slice(0, 200)}\n${text.slice(0, 300)}`);
          const json = JSON.parse(text);
          assert.equal(typeof json.error.message, "string", `case ${i}`);
          assert.equal(typeof json.error.type, "string", `case ${i}`);
          assert.ok("param" in json.error && "code" in json.error, `case ${i}`);
        }),
      );
    }
    console.log(`fuzz: ${N} bodies → ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}`);
    assert.equal((await (await fetch(`${t.server.url}/health`)).json()).status, "ok");
    const ok = await t.client.chat.completions.create({ model: t.server.modelName, messages: [{ role: "user", content: "hi" }], max_tokens: 2 });
    assert.equal(ok.usage!.completion_tokens, 2);
  } finally {
    await t.close();
  }
});
