/**
 * The audit trail wired into chat: one record per exchange from `model.chat` (policy.audit) and
 * from the CLI (`--audit FILE --audit-text MODE`), with the model file's sha256, settings, triage
 * and token counts; texts kept in full, PHI-redacted or as hashes only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadModel, type Model } from "../../src/index.ts";
import { verifyAuditLog, closeAuditLogs } from "../../src/safety/index.ts";
import { testModel } from "../helpers/models.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let model: Model;
let modelPath: string;
test.before(async () => {
  modelPath = await testModel({ shape: "tiny", dtype: "q8_0" });
  model = await loadModel(modelPath, { contextLength: 256 });
});
test.after(async () => {
  closeAuditLogs();
  await model.close();
});

const records = (path: string) => readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
async function drain(it: AsyncIterable<unknown>) {
  for await (const _ of it);
}

const QUESTION = "I am Mr John Carter, MRN: 48213377, phone 555-201-3344. I have crushing chest pain and I am sweating.";

test("redacted mode: one chained record per exchange, PHI replaced, model hash and triage kept", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "medpsy-audit-")), "audit.jsonl");
  const safety = { audit: { path, text: "redacted" as const }, secondOpinion: false }; // the random model's second opinion would change the levels
  await drain(model.chat([{ role: "user", content: QUESTION }], { maxTokens: 4, seed: 1, safety }));
  await drain(model.chat([{ role: "user", content: "Thanks. What is a normal heart rate?" }], { maxTokens: 4, seed: 2, safety }));
  const recs = records(path);
  assert.equal(recs.length, 2);
  assert.equal(verifyAuditLog(path).ok, true);
  const fileHash = createHash("sha256").update(readFileSync(modelPath)).digest("hex");
  assert.equal(recs[0].modelHash, fileHash);
  assert.deepEqual(recs[0].triage.level, "emergency");
  assert.ok(recs[0].triage.reasons.includes("chest_pain_cardiac"));
  assert.equal(recs[1].triage.level, "routine");
  assert.equal(recs[0].settings.seed, 1);
  assert.equal(recs[0].settings.maxTokens, 4);
  assert.ok(recs[0].usage.promptTokens > 0);
  for (const secret of ["John Carter", "48213377", "555-201-3344"]) assert.ok(!recs[0].question.includes(secret), secret);
  assert.match(recs[0].question, /\[NAME_1\].*\[ID_1\].*\[PHONE_1\].*crushing chest pain/);
  assert.equal(recs[0].questionSha256, createHash("sha256").update(QUESTION).digest("hex"));
});

test("hash mode keeps no text; a bad audit policy is refused before generation", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "medpsy-audit-")), "audit.jsonl");
  await drain(model.chat([{ role: "user", content: QUESTION }], { maxTokens: 2, seed: 1, safety: { audit: { path } } }));
  const [rec] = records(path);
  assert.equal(rec.question, undefined);
  assert.equal(rec.answer, undefined);
  assert.match(rec.questionSha256, /^[0-9a-f]{64}$/);
  assert.throws(() => model.chat([{ role: "user", content: "hi" }], { safety: { audit: { path, text: "everything" } } }), /safety\.audit\.text is invalid/);
});

const cli = promisify(execFile);
test("CLI: --audit FILE --audit-text full writes the exchange; audit verify accepts it", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "medpsy-audit-")), "cli.jsonl");
  await cli(process.execPath, ["bin/medpsy.js", "ask", "-m", modelPath, "--max-tokens", "3", "--seed", "1", "--audit", path, "--audit-text", "full", "what is a fever?"], { cwd: root });
  const [rec] = records(path);
  assert.equal(rec.question, "what is a fever?");
  assert.equal(typeof rec.answer, "string");
  const ok = await cli(process.execPath, ["bin/medpsy.js", "audit", "verify", path], { cwd: root });
  assert.match(ok.stdout, /ok: 1 records/);
  await assert.rejects(
    cli(process.execPath, ["bin/medpsy.js", "ask", "-m", modelPath, "--no-safety", "--audit", path, "hi"], { cwd: root }),
    (e: { code: number; stderr: string }) => e.code === 1 && /cannot be combined/.test(e.stderr),
  );
});
