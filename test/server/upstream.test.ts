/**
 * Upstream mode: medpsy in front of another OpenAI-compatible server. Reasoning is split the same
 * way (from `reasoning_content`, or from `<think>` tags in the upstream's text), the safety layer
 * runs in front, upstream failures become 502s in OpenAI's shape.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { startServer } from "../../src/server/index.ts";
import { tinyServer, post } from "./helpers.ts";

test("medpsy in front of medpsy: same text as the upstream, safety added in front", async () => {
  const inner = await tinyServer({ safety: false });
  const outer = await startServer({ upstream: inner.server.url, port: 0 });
  try {
    const client = new OpenAI({ baseURL: `${outer.url}/v1`, apiKey: "x", maxRetries: 0 });
    assert.equal((await client.models.list()).data[0]!.id, inner.server.modelName);
    const q = [{ role: "user" as const, content: "What is a normal temperature?" }];
    const direct = await inner.client.chat.completions.create({ model: inner.server.modelName, messages: q, max_tokens: 10, seed: 5 });
    const via = await client.chat.completions.create({ model: inner.server.modelName, messages: q, max_tokens: 10, seed: 5, medpsy: { notices_in_content: false } } as any);
    assert.equal((via.choices[0]!.message as any).reasoning_content, (direct.choices[0]!.message as any).reasoning_content);
    assert.equal(via.choices[0]!.message.content, direct.choices[0]!.message.content);
    assert.equal(via.usage!.completion_tokens, direct.usage!.completion_tokens);
    assert.equal((via as any).medpsy.triage.level, "routine");
    const emergency = await post(`${outer.url}/v1/chat/completions`, { messages: [{ role: "user", content: "my baby is 3 weeks old and has a fever of 38.5" }], max_tokens: 3, stream: true });
    assert.match(emergency.text, /"type":"triage","level":"emergency"/);
    assert.match(emergency.text, /medical emergency/);
    // response_format is forwarded (the inner server constrains the answer); what an upstream would drop is refused by name.
    const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false };
    const json = await client.chat.completions.create({ model: inner.server.modelName, messages: q, max_tokens: 60, seed: 2, reasoning_budget: 3, response_format: { type: "json_schema", json_schema: { name: "x", schema } } } as any);
    assert.equal(typeof JSON.parse(json.choices[0]!.message.content!).ok, "boolean");
    for (const [extra, param] of [[{ logprobs: true }, "logprobs"], [{ logit_bias: { "5": 1 } }, "logit_bias"], [{ n: 2 }, "n"], [{ tools: [{ type: "function", function: { name: "f" } }] }, "tools"], [{ grammar: 'root ::= "a"\n' }, "grammar"]] as const) {
      const r = await post(`${outer.url}/v1/chat/completions`, { messages: q, max_tokens: 2, ...extra });
      assert.equal(r.status, 400, JSON.stringify(extra));
      assert.equal(r.json.error.param, param);
    }
  } finally {
    await outer.close();
    await inner.close();
  }
});

/** A scripted upstream: answers with `<think>` inside content, or fails on demand. */
function scripted(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "scripted" }] }));
      return;
    }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const q = JSON.parse(body).messages.at(-1).content as string;
      if (q.includes("fail")) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "boom" } }));
        return;
      }
      if (q.includes("hang")) return; // never answers
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (q.includes("stall")) {
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "Let me" }, finish_reason: null }] })}\n\n`);
        return; // then silence, connection left open
      }
      for (const piece of ["<thi", "nk>\nweighing ", "options</th", "ink>\n\n", "Drink ", "water."]) {
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
      }
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 6 } })}\n\ndata: [DONE]\n\n`);
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())) }),
    ),
  );
}

test("an upstream that writes <think> into content is split; its failures become 502", async () => {
  const up = await scripted();
  const outer = await startServer({ upstream: up.url, port: 0, safety: false });
  try {
    const res = await post(`${outer.url}/v1/chat/completions`, { messages: [{ role: "user", content: "thirsty?" }] });
    assert.equal(res.status, 200);
    assert.equal(res.json.choices[0].message.reasoning_content, "weighing options");
    assert.equal(res.json.choices[0].message.content, "Drink water.");
    assert.equal(res.json.usage.prompt_tokens, 7);
    const failed = await post(`${outer.url}/v1/chat/completions`, { messages: [{ role: "user", content: "please fail" }] });
    assert.equal(failed.status, 502);
    assert.match(failed.json.error.message, /answered 500: boom/);
  } finally {
    await outer.close();
    await up.close();
  }
  await assert.rejects(startServer({ upstream: "http://127.0.0.1:9", port: 0 }), /cannot reach the upstream/);
});

test("an upstream that goes silent fails the request with 502 after --upstream-timeout, and the slot is freed", async () => {
  const up = await scripted();
  const outer = await startServer({ upstream: up.url, port: 0, safety: false, upstreamTimeoutMs: 300 });
  try {
    const hung = await post(`${outer.url}/v1/chat/completions`, { messages: [{ role: "user", content: "hang" }] });
    assert.equal(hung.status, 502);
    assert.equal(hung.json.error.code, "upstream_timeout");
    const stalled = await post(`${outer.url}/v1/chat/completions`, { messages: [{ role: "user", content: "stall" }], stream: true });
    assert.equal(stalled.status, 200);
    assert.match(stalled.text, /"content":"Let me"/);
    assert.match(stalled.text, /"code":"upstream_timeout"/);
    const health = await (await fetch(`${outer.url}/health`)).json();
    assert.equal(health.slots_busy, 0);
  } finally {
    await outer.close();
    await up.close();
  }
});

test("PHI sent upstream is replaced by placeholders and restored in the answer, even split across chunks", async () => {
  let seen = "";
  const server = http.createServer((req, res) => {
    if (req.url === "/v1/models") return void res.writeHead(200).end(JSON.stringify({ data: [{ id: "remote" }] }));
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen += body;
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const piece of ["Hello [NAM", "E_1], I will call [PHO", "NE_1] tomorrow."]) {
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
      }
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redacting = await startServer({ upstream: url, port: 0, safety: false, redactUpstream: true });
  const plain = await startServer({ upstream: url, port: 0, safety: false });
  try {
    const q = { messages: [{ role: "user", content: "I am Mr John Carter, call me on 555-201-3344 about my rash." }], stream: true, stop: ["SSN 123-45-6789", "call 555-201-3344"] };
    const res = await post(`${redacting.url}/v1/chat/completions`, q);
    const text = [...res.text.matchAll(/"content":"([^"]*)"/g)].map((m) => m[1]).join("");
    assert.equal(text, "Hello John Carter, I will call 555-201-3344 tomorrow.");
    assert.ok(!seen.includes("John Carter") && !seen.includes("555-201-3344"), "the upstream never saw the identifiers");
    assert.match(seen, /\[NAME_1\].*\[PHONE_1\]/);
    // Stop strings are user text too: redacted with the same map, so the phone is [PHONE_1] there as well.
    assert.ok(!seen.includes("123-45-6789"), "stop strings are redacted");
    assert.deepEqual(JSON.parse(seen).stop, ["SSN [SSN_1]", "call [PHONE_1]"]);
    seen = "";
    await post(`${plain.url}/v1/chat/completions`, q);
    assert.ok(seen.includes("John Carter"), "a loopback upstream gets the text as is unless asked");
  } finally {
    await redacting.close();
    await plain.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
