/**
 * Safe by default: loopback bind, API key checked in constant time, a non-loopback host refuses
 * to start without a key, CORS only for the named origin, foreign Host headers refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import http from "node:http";
import OpenAI from "openai";
import { startServer, InsecureBindError } from "../../src/server/index.ts";
import { tinyServer } from "./helpers.ts";
import { testModel } from "../helpers/models.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("an API key is required when set; /health stays open", async () => {
  const t = await tinyServer({ apiKey: "s3cret-key-123" });
  try {
    const anon = new OpenAI({ baseURL: `${t.server.url}/v1`, apiKey: "wrong-key", maxRetries: 0 });
    await assert.rejects(anon.models.list(), (e: any) => e.status === 401 && e.code === "invalid_api_key");
    const none = await fetch(`${t.server.url}/v1/models`);
    assert.equal(none.status, 401);
    assert.equal((await t.client.models.list()).data.length, 1);
    assert.equal((await fetch(`${t.server.url}/health`)).status, 200);
  } finally {
    await t.close();
  }
});

test("a non-loopback host without a key refuses to start (SDK and CLI)", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  await assert.rejects(startServer({ model: path, host: "0.0.0.0", port: 0 }), InsecureBindError);
  await assert.rejects(
    promisify(execFile)(process.execPath, ["bin/medpsy.js", "serve", "-m", path, "--host", "0.0.0.0", "--port", "0"], { cwd: root }),
    (e: any) => e.code === 1 && /refusing to listen on 0\.0\.0\.0 without an API key/.test(e.stderr) && /hint:/.test(e.stderr),
  );
  await assert.rejects(startServer({ model: path, upstream: "http://127.0.0.1:1", port: 0 }), /either a model or an upstream/);
  await assert.rejects(startServer({ model: path, port: 0, apiKey: "short" }), /too weak/);
});

test("--cors ORIGIN: that origin gets CORS headers and preflight; others are refused", async () => {
  const t = await tinyServer({ cors: "https://app.example" });
  try {
    const ok = await fetch(`${t.server.url}/v1/models`, { headers: { origin: "https://app.example" } });
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://app.example");
    const pre = await fetch(`${t.server.url}/v1/chat/completions`, { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST" } });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get("access-control-allow-headers") ?? "", /authorization/);
    const other = await fetch(`${t.server.url}/v1/models`, { headers: { origin: "https://other.example" } });
    assert.equal(other.status, 403);
  } finally {
    await t.close();
  }
});

test("a request naming a foreign Host (DNS rebinding) is refused on loopback", async () => {
  const t = await tinyServer();
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: t.server.port, path: "/v1/models", headers: { host: "attacker.example:80" } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(status, 403);
  } finally {
    await t.close();
  }
});
