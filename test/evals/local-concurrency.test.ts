/**
 * `medpsy eval -m FILE --concurrency 4`: items generate at once in sessions of their own, decoded
 * together by the engine; every item's output equals its output with --concurrency 1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testModel } from "../helpers/models.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);

test("eval -m with --concurrency 4 gives every item the output it gets with --concurrency 1", { timeout: 240_000 }, async () => {
  const model = await testModel({ shape: "tiny", dtype: "q8_0" });
  const base = mkdtempSync(join(tmpdir(), "medpsy-eval-conc-"));
  const outputs = async (concurrency: number) => {
    const out = join(base, `c${concurrency}`);
    const args = ["bin/medpsy.js", "eval", "medqa", "pubmedqa", "-m", model, "--limit", "4", "--runs", "1", "--max-tokens", "20", "--context", "2048", "--concurrency", String(concurrency), "--out", out, "--json"];
    await run(process.execPath, args, { cwd: root, maxBuffer: 1 << 24 });
    const rows = ["medqa", "pubmedqa"].flatMap((b) =>
      readFileSync(join(out, b, "run-0.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l)).map((r) => [`${b}/${r.id}`, JSON.stringify([r.reasoning, r.answer, r.tokens])] as const),
    );
    return new Map(rows);
  };
  const one = await outputs(1);
  const four = await outputs(4);
  assert.equal(one.size, 8);
  assert.deepEqual([...four.keys()].sort(), [...one.keys()].sort());
  for (const [id, got] of four) assert.equal(got, one.get(id), `${id} changed under --concurrency 4`);
});
