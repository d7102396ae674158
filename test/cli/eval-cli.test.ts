/**
 * `medpsy eval` as a newcomer runs it, from a folder of their own: the results folder it chose is
 * said; the card's 16,384 new tokens are shortened to the model's context, and said; Ctrl-C leaves
 * the exact command that continues, and that command finishes the evaluation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testModel } from "../helpers/models.ts";

const bin = fileURLToPath(new URL("../../bin/medpsy.js", import.meta.url));

test("eval from a user's folder: default results folder and shortened answers are said; Ctrl-C says how to continue, and that works", async () => {
  const model = await testModel({ shape: "tiny", dtype: "q8_0" });
  const cwd = mkdtempSync(join(tmpdir(), "medpsy-eval-cli-"));
  try {
    const child = spawn(process.execPath, [bin, "eval", "mmlu_health", "--limit", "1", "--runs", "1", "--threads", "1", "-m", model, "--context", "320"], { cwd });
    let stderr = "";
    const exited = new Promise<number | null>((r) => child.on("close", r));
    await new Promise<void>((resolve) =>
      child.stderr.on("data", (d) => {
        stderr += d;
        // Interrupt once the first results are in.
        if (/eval [^:]+: [1-9]\d*\/6/.test(stderr) && !child.killed) {
          child.kill("SIGINT");
          resolve();
        }
      }),
    );
    assert.equal(await exited, 130, stderr);
    const folder = /\[results go to (medpsy-eval\/[\w.-]+) \(default; --out DIR changes it\)\]/.exec(stderr)?.[1];
    assert.ok(folder, stderr);
    assert.match(stderr, /\[running on cpu \(wasm, 1 threads\)\]/, "eval says where the model runs");
    assert.match(stderr, /\[16,384 new tokens per answer do not fit the 320-token context: answers are limited to 320 tokens minus their prompt\]/);
    const again = /continue with:\n {2}(medpsy eval .*)\n/.exec(stderr);
    assert.ok(again, stderr);
    assert.ok(again[1]!.endsWith(` --out ${folder} --resume`), again[1]);

    // The printed command, run as printed (the shell words are plain here), finishes the job.
    const words = again[1]!.split(" ").slice(1);
    const done = await promisify(execFile)(process.execPath, [bin, ...words], { cwd, maxBuffer: 16 << 20 });
    assert.match(done.stdout, /\| MMLU \(health, 6 subsets\) \| \d+\.\d\d \| 89\.70 \|/, "complete: no (incomplete) mark");
    const stored = readFileSync(join(cwd, folder!, "mmlu_health", "run-0.jsonl"), "utf8").trim().split("\n");
    assert.equal(stored.length, 6);
    assert.ok(existsSync(join(cwd, folder!, "report.html")));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
