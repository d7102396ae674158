/**
 * The audit log: a writer process killed mid-stream leaves every whole record verifiable; any
 * edit, deletion, insertion or reordering of a record is detected; `medpsy audit verify`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AuditLog, verifyAuditLog } from "../../src/safety/audit/log.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const entry = (i: number) => ({ modelHash: "ab".repeat(32), settings: { temperature: 0.6 }, triage: { level: "routine", reasons: [] }, usage: { promptTokens: i, reasoningTokens: 1, contentTokens: 2 }, question: `q${i}`, answer: `a${i}` });

test("a writer killed mid-stream leaves every earlier record verifiable", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "medpsy-audit-"));
  try {
    const path = join(dir, "audit.jsonl");
    const script = `import { AuditLog } from ${JSON.stringify(join(root, "src/safety/audit/log.ts"))};
      const log = new AuditLog(${JSON.stringify(path)}, { text: "full" });
      let i = 0; for (;;) { log.append({ modelHash: "m", settings: {}, question: "q".repeat(5000) + i, answer: "a".repeat(5000) + i++ }); }`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "ignore" });
    // Killed once it has written a few records, however fast or slow the machine is.
    const written = () => { try { return readFileSync(path, "utf8").split("\n").length - 1; } catch { return 0; } };
    while (written() < 8) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("close", r));
    const v = verifyAuditLog(path);
    assert.equal(v.ok, true, JSON.stringify(v.error));
    assert.ok(v.records > 5, `${v.records} records`);
    // The chain continues after the last whole record.
    if (v.incompleteTail) writeFileSync(path, readFileSync(path, "utf8").replace(/[^\n]*$/, ""));
    const log = new AuditLog(path);
    log.append(entry(1));
    log.close();
    assert.equal(verifyAuditLog(path).records, v.records + 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("edits, deletions, insertions and reordering are detected; hash mode keeps no text", async () => {
  const dir = mkdtempSync(join(tmpdir(), "medpsy-audit-"));
  try {
    const path = join(dir, "a.jsonl");
    const log = new AuditLog(path);
    for (let i = 0; i < 6; i++) log.append(entry(i));
    log.close();
    const good = readFileSync(path, "utf8");
    assert.ok(!good.includes('"q3"') && good.includes("questionSha256"));
    assert.equal(verifyAuditLog(path).ok, true);
    const lines = good.trim().split("\n");
    const variants: Array<[string, string[]]> = [
      ["edit", lines.map((l, i) => (i === 2 ? l.replace('"promptTokens":2', '"promptTokens":9') : l))],
      ["delete", lines.filter((_, i) => i !== 3)],
      ["swap", [lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)]],
      ["insert", [...lines.slice(0, 2), lines[1]!, ...lines.slice(2)]],
    ];
    for (const [name, v] of variants) {
      writeFileSync(path, v.join("\n") + "\n");
      const r = verifyAuditLog(path);
      assert.equal(r.ok, false, name);
      assert.ok(r.error!.line <= 4, `${name}: ${JSON.stringify(r.error)}`);
    }
    writeFileSync(path, good);
    appendFileSync(path, '{"seq":7,"ti');
    const torn = verifyAuditLog(path);
    assert.equal(torn.ok, true);
    assert.equal(torn.incompleteTail, true);
    const cli = promisify(execFile);
    const ok = await cli(process.execPath, ["bin/medpsy.js", "audit", "verify", path], { cwd: root });
    assert.match(ok.stdout, /ok: 6 records/);
    writeFileSync(path, variants[0]![1].join("\n") + "\n");
    await assert.rejects(cli(process.execPath, ["bin/medpsy.js", "audit", "verify", path], { cwd: root }), (e: { code: number; stdout: string }) => e.code === 1 && /TAMPERED at line 3/.test(e.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
