/** The package as users see it: `import ... from "medpsy"` through package.json exports, and the bin. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

test('import { loadModel } from "medpsy" resolves through the package exports', async () => {
  const mod = await import("medpsy");
  assert.equal(typeof mod.loadModel, "function");
  assert.equal(typeof mod.inspectModel, "function");
  assert.equal(typeof mod.MedpsyError, "function");
  for (const name of ["startServer", "pullModel", "resolveModel", "runEvaluation", "triage", "redactPhi", "AuditLog"]) assert.equal(typeof (mod as Record<string, unknown>)[name], "function", name);
});

test("version matches package.json", async () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const { version } = await import("../src/version.ts");
  assert.equal(version, pkg.version);
});

test("the medpsy bin prints usage and rejects unknown commands", () => {
  const out = execFileSync(process.execPath, ["bin/medpsy.js", "--help"], { cwd: root, encoding: "utf8" });
  assert.match(out, /usage: medpsy <command>/);
  assert.match(out, /make-test-model/);
  for (const cmd of ["serve", "pull", "models", "eval", "triage", "audit", "bench"]) assert.match(out, new RegExp(`\\n  ${cmd} `), cmd);
  let code = 0;
  try {
    execFileSync(process.execPath, ["bin/medpsy.js", "no-such-command"], { cwd: root, stdio: "pipe" });
  } catch (err) {
    code = (err as { status: number }).status;
  }
  assert.equal(code, 2);
});
