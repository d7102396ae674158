/**
 * End to end on a generated tiny model: `medpsy eval closed --limit 2 -m FILE` in this process's
 * engine, and the same benchmarks through `medpsy serve` with `--endpoint`; both write the
 * reports. Random weights answer nonsense, so the checks are about shape, not scores.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startServer } from "../../src/server/index.ts";
import { testModel } from "../helpers/models.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);

test("medpsy eval closed -m <tiny model> and through medpsy serve --endpoint", { timeout: 180_000 }, async () => {
  const model = await testModel({ shape: "tiny", dtype: "q8_0" });
  const base = mkdtempSync(join(tmpdir(), "medpsy-e2e-"));
  const local = JSON.parse((await run(process.execPath, ["bin/medpsy.js", "eval", "closed", "-m", model, "--limit", "2", "--runs", "1", "--max-tokens", "12", "--out", join(base, "local"), "--json"], { cwd: root, maxBuffer: 1 << 24 })).stdout);
  const names = ["mmlu_health", "afrimedqa", "mmlu_pro_health", "medmcqa", "medqa", "medxpertqa", "pubmedqa"];
  assert.deepEqual(Object.keys(local.benchmarks), names);
  for (const n of names) {
    const b = local.benchmarks[n];
    assert.equal(b.metric, "accuracy");
    assert.ok(b.mean >= 0 && b.mean <= 1);
    assert.equal(b.tokens.total.mean, 12, "every answer ran to the 12-token limit");
    assert.equal(b.tokens.estimated, false);
  }
  assert.equal(local.benchmarks.mmlu_health.n, 12, "2 items from each of the six subjects");
  for (const f of ["summary.json", "report.md", "report.html", "meta.json"]) assert.ok(existsSync(join(base, "local", f)), f);
  assert.match(readFileSync(join(base, "local", "report.md"), "utf8"), /\| Closed-ended average \| \d+\.\d\d \| 70\.54 \|/);
  const first = JSON.parse(readFileSync(join(base, "local", "medqa", "run-0.jsonl"), "utf8").split("\n")[0]!);
  assert.equal(first.tokens.source, "engine");
  assert.equal(first.truncated, true, "12 tokens never close the reasoning");
  assert.equal(first.rule, "truncated");
  assert.equal(local.benchmarks.medqa.truncated, 2);
  assert.match(readFileSync(join(base, "local", "report.html"), "utf8"), /<svg role="img"/);

  const server = await startServer({ model, port: 0, contextLength: 2048 });
  try {
    const remote = JSON.parse(
      (await run(process.execPath, ["bin/medpsy.js", "eval", "medqa", "pubmedqa", "--endpoint", server.url, "--model-name", server.modelName, "--limit", "2", "--runs", "1", "--max-tokens", "12", "--out", join(base, "remote"), "--json"], { cwd: root })).stdout,
    );
    assert.equal(remote.benchmarks.medqa.n, 2);
    assert.equal(remote.benchmarks.medqa.tokens.total.mean, 12, "token counts from the server's usage");
    assert.equal(remote.benchmarks.medqa.tokens.estimated, false);
    // Same model, same seeds, same sampling: the endpoint gives the in-process answers.
    const a = readFileSync(join(base, "local", "medqa", "run-0.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l).reasoning);
    const b = readFileSync(join(base, "remote", "medqa", "run-0.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l).reasoning);
    assert.deepEqual(b, a);
  } finally {
    await server.close();
  }
  const report = (await run(process.execPath, ["bin/medpsy.js", "eval", "report", join(base, "local"), join(base, "remote"), "--format", "md"], { cwd: root })).stdout;
  assert.match(report, /\| Benchmark \| medpsy-test-tiny-q8_0-s1 \| tiny-q8_0-gguf-s1-thinking-2507 \| MedPsy-4B \(card\) \|/);
  assert.match(report, /writes 1\.00× the tokens/);
});
