/**
 * 32 concurrent clients on 2 slots and a queue of 4 (loopback only, short answers): every request
 * is answered (200) or refused with 429 and Retry-After; none is lost, every answer is the one the
 * same request gets alone, the server stays healthy; a client that goes away mid-stream frees its
 * slot at the next token.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tinyServer, post } from "./helpers.ts";

/** Reasoning + answer text of a JSON response or of an SSE stream's deltas. */
function answerText(r: { json: any; text: string }): string {
  if (r.json) return `${r.json.choices[0].message.reasoning_content ?? ""}|${r.json.choices[0].message.content}`;
  let reasoning = "", content = "";
  for (const line of r.text.split("\n")) {
    if (!line.startsWith("data: {")) continue;
    const d = JSON.parse(line.slice(6)).choices?.[0]?.delta ?? {};
    reasoning += d.reasoning_content ?? "";
    content += d.content ?? "";
  }
  return `${reasoning}|${content}`;
}

test("32 concurrent clients on 2 slots: every request 200 or 429, none lost, no crash", async () => {
  const t = await tinyServer({ parallel: 2, queue: 4 });
  try {
    const request = (i: number, stream: boolean) =>
      post(`${t.server.url}/v1/chat/completions`, { messages: [{ role: "user", content: `question ${i}` }], max_tokens: 8, seed: i, stream });
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) => request(i, i % 2 === 0)));
    const ok = results.filter((r) => r.status === 200);
    const busy = results.filter((r) => r.status === 429);
    assert.equal(ok.length + busy.length, 32, `statuses: ${results.map((r) => r.status).join(",")}`);
    assert.ok(ok.length >= 6, `at least slots + queue answered, got ${ok.length}`);
    assert.ok(busy.length > 0, "the queue bound was hit");
    for (const r of busy) {
      assert.ok(Number(r.headers.get("retry-after")) >= 1);
      assert.equal(r.json.error.type, "rate_limit_error");
    }
    for (const r of ok) {
      if (r.json) assert.equal(r.json.usage.completion_tokens, 8);
      else assert.match(r.text, /data: \[DONE\]\s*$/);
    }
    // The text, not only the status: each answer equals the same request's answer alone.
    for (let i = 0; i < results.length; i++) {
      if (results[i]!.status !== 200) continue;
      const alone = await request(i, false);
      assert.equal(answerText(results[i]!), answerText(alone), `request ${i}: concurrent answer differs from its answer alone`);
    }
    const health = await (await fetch(`${t.server.url}/health`)).json();
    assert.deepEqual([health.status, health.slots_busy, health.queue], ["ok", 0, 0]);
  } finally {
    await t.close();
  }
});

test("a client that disconnects mid-stream stops its generation and frees the slot", async () => {
  const t = await tinyServer({ parallel: 1 });
  try {
    const ac = new AbortController();
    const res = await fetch(`${t.server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "tell me a long story" }], max_tokens: 400, stream: true, seed: 1 }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    let seen = "";
    while (!/reasoning_content|"content":"[^"]/.test(seen)) seen += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    // One slot: the next request can only be answered once the disconnected one gave it back
    // (the test's timeout is the bound, not a wall-clock guess of how long that takes).
    const next = await post(`${t.server.url}/v1/chat/completions`, { messages: [{ role: "user", content: "hi" }], max_tokens: 3 });
    assert.equal(next.status, 200, "the slot was freed after the disconnect and serves the next request");
    const metrics = await (await fetch(`${t.server.url}/metrics`)).text();
    const generated = Number(metrics.match(/^medpsy_completion_tokens_total (\d+)/m)![1]);
    assert.ok(generated < 400 + 3, `the disconnected generation stopped early (${generated} tokens in all)`);
  } finally {
    await t.close();
  }
});
