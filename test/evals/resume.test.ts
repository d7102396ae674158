/**
 * Resume: an evaluation killed (SIGKILL) midway continues with --resume, redoes nothing, stores
 * no duplicates, and ends with exactly the summary of an uninterrupted run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startScripted } from "./helpers/scripted-server.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);

test("a killed evaluation resumes to the same result as an uninterrupted one", { timeout: 120_000 }, async () => {
  // The first run's client is answered 8 items, then waits: it is killed with 6 to 8 stored.
  const server = await startScripted({ holdModelAfter: 8 });
  const base = mkdtempSync(join(tmpdir(), "medpsy-resume-"));
  const args = (out: string) => ["bin/medpsy.js", "eval", "medqa", "pubmedqa", "--endpoint", server.url, "--model-name", "scripted", "--limit", "15", "--runs", "2", "--concurrency", "1", "--out", out, "--json"];
  try {
    const killed = join(base, "killed");
    const child = spawn(process.execPath, args(killed), { cwd: root, stdio: "ignore" });
    const file = join(killed, "medqa", "run-0.jsonl");
    // Killed once it has stored a few items (the test's timeout bounds the wait, not a count of sleeps).
    while (!(existsSync(file) && readFileSync(file, "utf8").split("\n").length > 6)) await new Promise((r) => setTimeout(r, 25));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    server.releaseModel();
    const partial = readFileSync(file, "utf8").trim().split("\n").length;
    assert.ok(partial >= 5 && partial < 15, `killed midway (${partial} items stored)`);

    await assert.rejects(run(process.execPath, args(killed), { cwd: root }), (e: any) => /already holds evaluation results/.test(e.stderr));
    const before = server.requests;
    const resumed = JSON.parse((await run(process.execPath, [...args(killed), "--resume"], { cwd: root })).stdout);
    const total = 2 * 15 * 2; // benchmarks × items × runs
    assert.ok(server.requests - before <= total - partial + 1, "stored items were not asked again");

    const fresh = JSON.parse((await run(process.execPath, args(join(base, "fresh")), { cwd: root })).stdout);
    // The same numbers; only which folder and when differ.
    assert.deepEqual(resumed, { ...fresh, model: resumed.model, run: { ...fresh.run, dir: resumed.run.dir, started: resumed.run.started } });
    for (const b of ["medqa", "pubmedqa"]) {
      for (const r of [0, 1]) {
        const ids = readFileSync(join(killed, b, `run-${r}.jsonl`), "utf8").trim().split("\n").map((l) => JSON.parse(l).id);
        assert.equal(new Set(ids).size, 15, `${b} run ${r}: no duplicates`);
        assert.equal(ids.length, 15);
      }
    }
  } finally {
    await server.close();
  }
});
