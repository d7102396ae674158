/**
 * `medpsy serve` as a real process: it prints its URL, answers the official client, reads the API
 * key from a file, logs one line per request to stderr, and exits 0 on SIGTERM.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { testModel } from "../helpers/models.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("medpsy serve: prints its URL, serves the API with a key from a file, stops cleanly on SIGTERM", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  const keyFile = join(mkdtempSync(join(tmpdir(), "medpsy-serve-")), "key");
  writeFileSync(keyFile, "file-key-0123456789\n");
  const child = spawn(process.execPath, ["bin/medpsy.js", "serve", "-m", path, "--port", "0", "--context", "256", "--api-key-file", keyFile], { cwd: root });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)/);
        if (m) resolve(m[1]!);
      });
      exited.then((code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
    });
    assert.equal((await fetch(`${url}/v1/models`)).status, 401);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "file-key-0123456789", maxRetries: 0 });
    const r = await client.chat.completions.create({ model: (await client.models.list()).data[0]!.id, messages: [{ role: "user", content: "hi" }], max_tokens: 3, seed: 1 });
    assert.equal(r.usage!.completion_tokens, 3);
    child.kill("SIGTERM");
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /context 256 tokens per slot; a request without max_tokens may use what its prompt leaves of it/, "the context chosen is said");
    // One log line per request on stderr: method, route, status, duration; never the key.
    assert.match(stderr, / GET \/v1\/models 401 \d+ms\n/);
    assert.match(stderr, / POST \/v1\/chat\/completions 200 \d+ms\n/);
    assert.ok(!stderr.includes("file-key-0123456789"));
  } finally {
    child.kill("SIGKILL");
  }
});
