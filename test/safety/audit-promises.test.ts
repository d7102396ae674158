/**
 * What the audit log promises: it is private to its owner (created 0600; a file others can read
 * is refused, one its group can read is used with a warning); every text from the user — stop
 * strings included — is kept in the log's text mode; an exchange that ends in an error, an
 * abort or a reader that stops early is recorded too; `/v1/completions` is triaged and audited
 * like chat. The server-side cases run a real upstream over HTTP and the tiny generated model.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog, AuditFileModeError, sha256 } from "../../src/safety/audit/log.ts";
import { closeAuditLogs } from "../../src/safety/index.ts";
import { startServer } from "../../src/server/index.ts";
import { post, tinyServer } from "../server/helpers.ts";

const posix = process.platform !== "win32";
const dir = () => mkdtempSync(join(tmpdir(), "medpsy-audit-"));
const records = (path: string) => readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const entry = { modelHash: "m", settings: { temperature: 0.6, stop: ["SSN 123-45-6789", "Mr John Carter"], endpoint: "chat.completions" }, question: "q", answer: "a" };

test.after(() => closeAuditLogs());

test("the log is created 0600; a file others can read is refused, a group-readable one warned about", { skip: !posix }, async () => {
  const path = join(dir(), "new.jsonl");
  new AuditLog(path).close();
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const open = join(dir(), "open.jsonl");
  writeFileSync(open, "");
  chmodSync(open, 0o644);
  assert.throws(() => new AuditLog(open), (e: unknown) => e instanceof AuditFileModeError && /chmod 600/.test(String((e as AuditFileModeError).hint)));
  chmodSync(open, 0o640);
  const warned = new Promise<Error>((resolve) => process.once("warning", resolve));
  new AuditLog(open).close();
  assert.match((await warned).message, /readable by its group/);
});

test("stop strings and every other user string in the settings follow the text mode", () => {
  const d = dir();
  const path = (mode: string) => join(d, `${mode}.jsonl`);
  for (const text of ["hash", "redacted", "full"] as const) {
    const log = new AuditLog(path(text), { text });
    log.append(entry);
    log.close();
  }
  const [hash] = records(path("hash"));
  assert.deepEqual(hash.settings.stop, entry.settings.stop.map((s) => `sha256:${sha256(s)}`));
  assert.equal(hash.settings.temperature, 0.6);
  assert.equal(hash.settings.endpoint, "chat.completions", "the layer's own settings stay readable");
  assert.ok(!JSON.stringify(hash).includes("123-45-6789"));
  const [redacted] = records(path("redacted"));
  assert.deepEqual(redacted.settings.stop, ["SSN [SSN_1]", "Mr [NAME_1]"]);
  const [full] = records(path("full"));
  assert.deepEqual(full.settings.stop, entry.settings.stop);
});

/** An upstream that answers one chunk, then fails (500 later) or stalls (never ends). */
async function upstream(mode: "fail" | "stall") {
  const server = http.createServer((req, res) => {
    if (req.url === "/v1/models") return void res.writeHead(200).end(JSON.stringify({ data: [{ id: "remote" }] }));
    if (mode === "fail") return void res.writeHead(500).end(JSON.stringify({ error: { message: "boom, I echo: my SSN 123-45-6789" } }));
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "Partial" }, finish_reason: null }] })}\n\n`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

test("an upstream error and a client that goes away mid-stream each leave a record", { timeout: 60_000 }, async () => {
  const path = join(dir(), "up.jsonl");
  const failing = await upstream("fail");
  const stalling = await upstream("stall");
  const front = await startServer({ upstream: failing.url, port: 0, safety: { audit: { path } } });
  const front2 = await startServer({ upstream: stalling.url, port: 0, safety: { audit: { path } } });
  try {
    const r = await post(`${front.url}/v1/chat/completions`, { messages: [{ role: "user", content: "I want to kill myself" }] });
    assert.equal(r.status, 502);
    const ac = new AbortController();
    const res = await fetch(`${front2.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ stream: true, messages: [{ role: "user", content: "headache" }] }), signal: ac.signal });
    const reader = res.body!.getReader();
    let seen = "";
    while (!seen.includes("Partial")) seen += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    // Event-driven: wait for the second record to land.
    while (readFileSync(path, "utf8").trim().split("\n").length < 2) await new Promise((r) => setTimeout(r, 20));
    const [failed, aborted] = records(path);
    assert.equal(failed.settings.stopReason, "error");
    assert.equal(failed.settings.error, "upstream_error");
    assert.equal(failed.triage.level, "emergency");
    assert.ok(!JSON.stringify(failed).includes("123-45-6789"), "the upstream's message is not copied");
    assert.equal(aborted.settings.stopReason, "abort");
    assert.equal(aborted.answerSha256, sha256("Partial"));
  } finally {
    await front.close();
    await front2.close();
    await failing.close();
    await stalling.close();
  }
});

test("/v1/completions is triaged and audited: referral first in text, medpsy field, one record", async () => {
  const path = join(dir(), "completions.jsonl");
  const t = await tinyServer({ safety: { audit: { path } } });
  try {
    const prompt = "Note: patient says I want to kill myself tonight. Assessment:";
    const r = await post(`${t.server.url}/v1/completions`, { prompt, max_tokens: 3, seed: 1, stop: ["SSN 123-45-6789"] });
    assert.equal(r.status, 200);
    assert.equal(r.json.medpsy.triage.level, "emergency");
    assert.ok(r.json.medpsy.triage.reasons.some((x: { id: string }) => x.id === "suicidal_ideation"));
    const referral = r.json.medpsy.notices.find((n: { kind: string }) => n.kind === "referral").text;
    assert.ok(r.json.choices[0].text.startsWith(referral));
    const quiet = await post(`${t.server.url}/v1/completions`, { prompt: "The heart has four", max_tokens: 3, seed: 1, medpsy: { notices_in_content: false } });
    assert.equal(quiet.json.medpsy.triage.level, "routine");
    assert.ok(!quiet.json.choices[0].text.includes(quiet.json.medpsy.notices[0].text), "notices kept out of the text on request");
    const [rec, rec2] = records(path);
    assert.equal(rec.settings.endpoint, "completions");
    assert.ok(rec.triage.reasons.includes("suicidal_ideation"));
    assert.equal(rec.questionSha256, sha256(prompt));
    assert.deepEqual(rec.settings.stop, [`sha256:${sha256("SSN 123-45-6789")}`]);
    assert.equal(rec2.triage.level, "routine");
  } finally {
    await t.close();
  }
});
