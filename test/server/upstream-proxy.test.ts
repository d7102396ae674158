/**
 * Upstream mode as a newcomer meets it: in front of another medpsy with the safety layer on in
 * both (the default), each notice appears once; the context length listed is the upstream's own;
 * an upstream that answers `stream: true` with one JSON object, or with something that is no
 * answer at all, is handled as such.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { startServer } from "../../src/server/index.ts";
import { disclaimerText, resolveSafetyPolicy } from "../../src/safety/index.ts";
import { tinyServer, post } from "./helpers.ts";

const count = (text: string, part: string) => text.split(part).length - 1;

test("medpsy behind medpsy, safety on in both: one referral, one disclaimer; the upstream's context length", async () => {
  const inner = await tinyServer();
  const outer = await startServer({ upstream: inner.server.url, port: 0 });
  try {
    const client = new OpenAI({ baseURL: `${outer.url}/v1`, apiKey: "x", maxRetries: 0 });
    const listed = (await client.models.list()).data[0] as unknown as { context_length: number };
    assert.equal(listed.context_length, inner.model.info.contextLength);
    assert.equal(outer.upstream?.contextKnown, true);

    const disclaimer = disclaimerText(resolveSafetyPolicy(undefined));
    const emergency = [{ role: "user" as const, content: "crushing chest pain spreading to my left arm, sweating" }];
    const whole = await client.chat.completions.create({ model: inner.server.modelName, messages: emergency, max_tokens: 6, seed: 2 });
    const content = whole.choices[0]!.message.content!;
    assert.equal(count(content, disclaimer), 1, content);
    assert.equal(count(content, "medical emergency"), 1, content);
    assert.ok(content.startsWith((whole as any).medpsy.notices[0].text), "the referral first");
    assert.ok(content.endsWith(disclaimer), "the disclaimer last");
    assert.deepEqual((whole as any).medpsy.notices.map((n: { kind: string }) => n.kind), ["referral", "disclaimer"]);

    // Streamed: the same, chunk by chunk, and the answer matches what the upstream alone says.
    const stream = await client.chat.completions.create({ model: inner.server.modelName, messages: emergency, max_tokens: 6, seed: 2, stream: true });
    let streamed = "";
    for await (const c of stream) streamed += c.choices[0]?.delta?.content ?? "";
    assert.equal(streamed, content);
    const direct = await inner.client.chat.completions.create({ model: inner.server.modelName, messages: emergency, max_tokens: 6, seed: 2, medpsy: { notices_in_content: false } } as never);
    const answerOnly = await client.chat.completions.create({ model: inner.server.modelName, messages: emergency, max_tokens: 6, seed: 2, medpsy: { notices_in_content: false } } as never);
    assert.equal(answerOnly.choices[0]!.message.content, (direct as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content);
  } finally {
    await outer.close();
    await inner.close();
  }
});

/** An upstream that lists `models` and answers every chat request with `reply`. */
async function fake(models: unknown, reply: (res: http.ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(models));
      return;
    }
    req.resume();
    req.on("end", () => reply(res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())) };
}

test("an upstream answering stream:true with plain JSON: its answer comes through, split from its reasoning", async () => {
  const json = (message: Record<string, unknown>) => (res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: "x", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "stop" }], usage: { prompt_tokens: 9, completion_tokens: 7 } }));
  };
  for (const message of [{ content: "<think>weighing it</think>\n\nDrink water." }, { reasoning_content: "weighing it", content: "Drink water." }]) {
    const up = await fake({ data: [{ id: "plain", max_model_len: 4096 }] }, json(message));
    const outer = await startServer({ upstream: up.url, port: 0 });
    try {
      const models = await (await fetch(`${outer.url}/v1/models`)).json();
      assert.equal(models.data[0].context_length, 4096, "vLLM's max_model_len");
      const disclaimer = disclaimerText(resolveSafetyPolicy(undefined));
      const r = await post(`${outer.url}/v1/chat/completions`, { messages: [{ role: "user", content: "thirsty?" }] });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.choices[0].message.content, `Drink water.\n\n${disclaimer}`);
      assert.equal(r.json.choices[0].message.reasoning_content, "weighing it");
      assert.equal(r.json.usage.completion_tokens, 7);
      const s = await post(`${outer.url}/v1/chat/completions`, { messages: [{ role: "user", content: "thirsty?" }], stream: true });
      assert.match(s.text, /"content":"Drink water\."/);
      assert.match(s.text, /"reasoning_content":"weighing it"/);
    } finally {
      await outer.close();
      await up.close();
    }
  }
});

test("an upstream that says nothing of its context gets none listed; an answer that is no answer is a 502", async () => {
  const html = await fake({ data: [{ id: "odd" }] }, (res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html>sign in</html>");
  });
  const empty = await fake({ data: [{ id: "odd" }] }, (res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end("data: [DONE]\n\n");
  });
  const a = await startServer({ upstream: html.url, port: 0, safety: false });
  const b = await startServer({ upstream: empty.url, port: 0 });
  try {
    const models = await (await fetch(`${a.url}/v1/models`)).json();
    assert.equal("context_length" in models.data[0], false, "no invented number");
    assert.equal(a.upstream?.contextKnown, false);
    const r1 = await post(`${a.url}/v1/chat/completions`, { messages: [{ role: "user", content: "hi" }] });
    assert.equal(r1.status, 502);
    assert.match(r1.json.error.message, /answered text\/html, not an event stream or JSON: "<html>sign in<\/html>"/);
    const r2 = await post(`${b.url}/v1/chat/completions`, { messages: [{ role: "user", content: "hi" }] });
    assert.equal(r2.status, 502, "not a 200 holding only the disclaimer");
    assert.match(r2.json.error.message, /held no answer/);
  } finally {
    await a.close();
    await b.close();
    await html.close();
    await empty.close();
  }
});
