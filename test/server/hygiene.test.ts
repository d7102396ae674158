/**
 * HTTP hygiene under hostile clients: web pages (Origin null, other origins, non-JSON posts)
 * cannot drive the server; malformed request targets are 400s; an oversized chunked body gets a
 * 413 the client can read; slow and excess connections are cut by the timeouts and the
 * connection cap; the allowed origin can read error bodies; roles are own keys only; the key is
 * accepted as "bearer" in any case and a short one is warned about; one log line per request,
 * never the body. Every wait is on an event; the test timeouts bound a hang.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { post, tinyServer } from "./helpers.ts";

/** Sends raw bytes and resolves with everything the server wrote before closing. */
function raw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let got = "";
    const s = net.connect(Number(port), hostname, () => s.write(bytes));
    s.on("data", (d) => (got += d));
    s.on("close", () => resolve(got));
    s.on("error", (e) => (got ? resolve(got) : reject(e)));
  });
}

const CHAT = { messages: [{ role: "user", content: "hi" }], max_tokens: 2, seed: 1 };

test("web pages cannot drive it: Origin null and foreign origins 403, non-JSON posts 415", async () => {
  const t = await tinyServer();
  try {
    for (const origin of ["null", "http://evil.test"]) {
      const r = await post(`${t.server.url}/v1/chat/completions`, CHAT, { origin });
      assert.equal(r.status, 403, origin);
      assert.equal(r.json.error.code, "forbidden_origin");
    }
    // A page's no-cors fetch can only send text/plain, form or multipart bodies.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await post(`${t.server.url}/v1/chat/completions`, JSON.stringify(CHAT), { "content-type": type });
      assert.equal(r.status, 415, type);
      assert.equal(r.json.error.code, "unsupported_media_type");
    }
    const none = await fetch(`${t.server.url}/v1/completions`, { method: "POST", body: JSON.stringify({ prompt: "x" }), headers: { "content-type": "" } });
    assert.equal(none.status, 415);
    const ok = await post(`${t.server.url}/v1/chat/completions`, CHAT, { "content-type": "Application/JSON; charset=utf-8" });
    assert.equal(ok.status, 200);
    // The page this server serves is same-origin.
    const same = await post(`${t.server.url}/v1/chat/completions`, CHAT, { origin: t.server.url });
    assert.equal(same.status, 200);
  } finally {
    await t.close();
  }
});

test("with --cors ORIGIN, that origin can read error bodies; Origin null is still refused", async () => {
  const t = await tinyServer({ cors: "https://app.example" });
  try {
    const bad = await post(`${t.server.url}/v1/chat/completions`, { messages: [] }, { origin: "https://app.example" });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get("access-control-allow-origin"), "https://app.example");
    const busy = await post(`${t.server.url}/v1/chat/completions`, "{", { origin: "https://app.example" });
    assert.equal(busy.headers.get("access-control-allow-origin"), "https://app.example");
    assert.equal((await post(`${t.server.url}/v1/chat/completions`, CHAT, { origin: "null" })).status, 403);
  } finally {
    await t.close();
  }
});

test("malformed request targets are 400s, not 500s", async () => {
  const t = await tinyServer();
  try {
    const pct = await fetch(`${t.server.url}/v1/models/%ZZ`);
    assert.equal(pct.status, 400);
    assert.equal((await pct.json()).error.code, "bad_request_target");
    for (const target of ["//[", "//[::1", "/v1/models/%E0%A4%A"]) {
      const reply = await raw(t.server.url, `GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`);
      assert.match(reply, /^HTTP\/1\.1 400 /, target);
    }
  } finally {
    await t.close();
  }
});

test("a chunked body over --max-body gets a 413 the client can read, before the connection closes", async () => {
  const t = await tinyServer({ maxBody: 64 << 10 });
  try {
    const chunk = new Uint8Array(16 << 10).fill(32);
    let sent = 0;
    const body = new ReadableStream({
      pull(c) {
        if (sent >= 4 << 20) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const res = await fetch(`${t.server.url}/v1/chat/completions`, { method: "POST", body, duplex: "half", headers: { "content-type": "application/json" } } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, "request_too_large");
    // A raw client that never stops sending still reads the 413 first.
    const reply = await raw(t.server.url, "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n" + `10000\r\n${" ".repeat(0x10000)}\r\n`.repeat(4));
    assert.match(reply, /^HTTP\/1\.1 413 /);
  } finally {
    await t.close();
  }
});

test("a client that sends its request too slowly is cut off by the request timeout", { timeout: 60_000 }, async () => {
  const t = await tinyServer({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
  try {
    const { port } = new URL(t.server.url);
    // Headers, then one byte of a 100-byte body at a time: the body never completes in time.
    const reply = await new Promise<string>((resolve) => {
      let got = "";
      const s = net.connect(Number(port), "127.0.0.1", () => s.write("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"));
      const drip = setInterval(() => s.writable && s.write(" "), 200);
      s.on("data", (d) => (got += d));
      s.on("close", () => {
        clearInterval(drip);
        resolve(got);
      });
      s.on("error", () => {});
    });
    assert.ok(reply === "" || /^HTTP\/1\.1 408 /.test(reply), JSON.stringify(reply.slice(0, 40)));
    assert.equal((await fetch(`${t.server.url}/health`)).status, 200, "the server still answers");
  } finally {
    await t.close();
  }
});

test("connections past --max-connections are closed at once; the server keeps serving", { timeout: 60_000 }, async () => {
  const t = await tinyServer({ maxConnections: 2 });
  try {
    const { port } = new URL(t.server.url);
    const open = (): Promise<net.Socket> => new Promise((r) => { const s = net.connect(Number(port), "127.0.0.1", () => r(s)); s.on("error", () => {}); });
    const held = [await open(), await open()];
    // Both held sockets are accepted once they have answered a request each.
    for (const s of held) {
      await new Promise<void>((r) => {
        s.once("data", () => r());
        s.write("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
      });
    }
    const third = await open();
    const closedWithoutAnswer = await new Promise<boolean>((r) => {
      let data = false;
      third.on("data", () => (data = true));
      third.on("close", () => r(!data));
      third.write("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
    });
    assert.equal(closedWithoutAnswer, true);
    for (const s of held) s.destroy();
    await Promise.all(held.map((s) => new Promise((r) => (s.closed ? r(0) : s.on("close", r)))));
    // The server counts a socket as gone once its close event ran: retry until it has.
    let status = 0;
    while (status !== 200) status = await fetch(`${t.server.url}/health`).then((r) => r.status, () => 0);
  } finally {
    await t.close();
  }
});

test("roles are own keys: constructor, __proto__, toString are 400s", async () => {
  const t = await tinyServer();
  try {
    for (const role of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const r = await post(`${t.server.url}/v1/chat/completions`, `{"messages":[{"role":${JSON.stringify(role)},"content":"x"},{"role":"user","content":"hi"}]}`);
      assert.equal(r.status, 400, role);
      assert.equal(r.json.error.param, "messages.0.role");
    }
  } finally {
    await t.close();
  }
});

test("API key: 'bearer' in any case; a short key is warned about; one log line per request, never the body", async () => {
  const lines: string[] = [];
  const t = await tinyServer({ apiKey: "short-key-1", log: (l) => lines.push(l) });
  try {
    assert.ok(lines.some((l) => /warning: the API key has 11 characters/.test(l)));
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const r = await fetch(`${t.server.url}/v1/models`, { headers: { authorization: `${scheme} short-key-1` } });
      assert.equal(r.status, 200, scheme);
    }
    assert.equal((await fetch(`${t.server.url}/v1/models`, { headers: { authorization: "Basic short-key-1" } })).status, 401);
    const secret = "SECRET-BODY-MARKER";
    await post(`${t.server.url}/v1/chat/completions?token=SECRET-QUERY`, { messages: [{ role: "user", content: secret }], max_tokens: 2 }, { authorization: "Bearer short-key-1" });
    await fetch(`${t.server.url}/v1/models/%ZZ`, { headers: { authorization: "Bearer short-key-1" } });
    const requests = lines.filter((l) => / (GET|POST) /.test(l));
    assert.ok(requests.some((l) => / POST \/v1\/chat\/completions 200 \d+ms$/.test(l)), requests.join("\n"));
    assert.ok(requests.some((l) => / GET \/v1\/models\/\{id\} 400 \d+ms$/.test(l)));
    assert.ok(requests.some((l) => / GET \/v1\/models 401 \d+ms$/.test(l)));
    const all = lines.join("\n");
    for (const s of [secret, "SECRET-QUERY", "short-key-1"]) assert.ok(!all.includes(s), `${s} must not be logged`);
  } finally {
    await t.close();
  }
});
