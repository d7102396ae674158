/** The test-model lock: a lock whose owner process is gone is broken at once; a live owner's is kept. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireDirLock } from "./models.ts";

test("a lock left by a killed run is taken over at once; a live owner's lock is waited for", async () => {
  const dir = mkdtempSync(join(tmpdir(), "medpsy-lock-"));
  try {
    // A process that has exited: its id names no running process.
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = child.pid!;
    await new Promise((r) => child.on("exit", r));
    const stale = join(dir, "stale.lock");
    mkdirSync(stale);
    writeFileSync(join(stale, "owner"), String(deadPid));
    assert.equal(await acquireDirLock(stale, () => false), true);
    assert.equal(readFileSync(join(stale, "owner"), "utf8"), String(process.pid), "now ours");

    // A running owner (this process): the lock stays until the work is reported done.
    const held = join(dir, "held.lock");
    mkdirSync(held);
    writeFileSync(join(held, "owner"), String(process.pid));
    let checks = 0;
    assert.equal(await acquireDirLock(held, () => ++checks >= 2), false);
    assert.ok(existsSync(join(held, "owner")), "not broken");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
