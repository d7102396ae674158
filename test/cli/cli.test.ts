/** The CLI as a user runs it: a real process on a generated model. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testModel } from "../helpers/models.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const medpsy = (...args: string[]) => run(process.execPath, ["bin/medpsy.js", ...args], { cwd: root, maxBuffer: 16 << 20 });

test("info --json describes a model file", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q4_k_m" });
  const { stdout } = await medpsy("info", path, "--json");
  const info = JSON.parse(stdout);
  assert.equal(info.architecture, "qwen3");
  assert.equal(info.layers, 2);
  assert.ok(info.tensorTypes.Q4_K > 0 && info.tensorTypes.Q6_K > 0);
  assert.equal(info.fileSize, statSync(path).size);
});

test("ask --json prints one object with reasoning, content, stopReason and usage", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  const { stdout } = await medpsy("ask", "-m", path, "--json", "--max-tokens", "24", "--seed", "3", "--reasoning-budget", "6", "What is a normal resting heart rate?");
  const r = JSON.parse(stdout);
  assert.equal(typeof r.reasoning, "string");
  assert.equal(typeof r.content, "string");
  assert.ok(["stop", "length"].includes(r.stopReason));
  assert.ok(r.usage.promptTokens > 0);
  assert.ok(r.usage.reasoningTokens + r.usage.contentTokens <= 24);
});

test("make-test-model writes a loadable model; bad flags are clear errors", async () => {
  const dir = mkdtempSync(join(tmpdir(), "medpsy-cli-"));
  try {
    const out = join(dir, "m.gguf");
    const { stdout } = await medpsy("make-test-model", "--shape", "tiny", "--dtype", "q8_0", "--format", "gguf", "--seed", "2", "--out", out);
    assert.match(stdout, /wrote .*m\.gguf/);
    const { stdout: info } = await medpsy("info", out, "--json");
    assert.equal(JSON.parse(info).name, "medpsy-test-tiny-q8_0-s2");
    await assert.rejects(medpsy("make-test-model", "--shape", "huge", "--out", out), (e: { stderr: string }) => /unknown shape "huge"/.test(e.stderr));
    await assert.rejects(medpsy("make-test-model", "--arch", "llama", "--out", out), (e: { stderr: string }) => /unknown architecture "llama"/.test(e.stderr) && /qwen3, qwen2, gemma3/.test(e.stderr));
    await assert.rejects(medpsy("make-test-model", "--arch", "qwen2", "--shape", "27b", "--out", out), (e: { stderr: string }) => /unknown shape "27b" for qwen2/.test(e.stderr) && /32b/.test(e.stderr));
    await assert.rejects(medpsy("make-test-model", "--dtype", "q4_k_m", "--format", "safetensors", "--out", dir), (e: { stderr: string }) => /safetensors cannot hold q4_k_m/.test(e.stderr));
    await assert.rejects(medpsy("eval", "medqa", "-m", out, "--device", "gpu"), (e: { stderr: string }) => /--device is not one of the known devices/.test(e.stderr) && /"webgpu"/.test(e.stderr));
    await assert.rejects(medpsy("ask", "--bogus"), (e: { stderr: string }) => /unknown option --bogus/.test(e.stderr));
    await assert.rejects(medpsy("info", join(dir, "missing.gguf")), (e: { stderr: string }) => /no model at/.test(e.stderr));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bench --json measures medpsy and llama.cpp on the same file (no timing asserted)", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  const { stdout } = await medpsy("bench", "-m", path, "--threads", "1", "--prompt", "16", "--gen", "2", "--compare-llama-cpp", "--json");
  const r = JSON.parse(stdout);
  assert.deepEqual(r.results.map((x: { engine: string }) => x.engine), ["medpsy", "llama.cpp"]);
  // The report names the host (ratios move with it) and the llama.cpp CPU build that ran.
  assert.match(r.host, /logical CPUs, Node \d+\./);
  assert.match(r.results[1].notes, /^node-llama-cpp 3\.21\.1, CPU \([\w-]+ build\), no flash attention$/);
  for (const x of r.results) {
    assert.ok(x.promptTokensPerSecond > 0 && x.decodeTokensPerSecond > 0 && x.peakRssBytes > 0);
    assert.equal(x.promptTokens, 16);
  }
});

test("chat keeps a multi-turn conversation over stdin and leaves on /exit", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, ["bin/medpsy.js", "chat", "-m", path, "--max-tokens", "8", "--seed", "1"], { cwd: root });
  let out = "", err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  child.stdin.write("I have a fever.\nSince yesterday.\n/exit\n");
  const code = await new Promise<number | null>((r) => child.on("close", r));
  assert.equal(code, 0, err);
  const usage = err.match(/\[length; prompt (\d+),/g) ?? [];
  assert.equal(usage.length, 2, err);
  // The second turn's prompt holds the first turn: it is longer.
  const [p1, p2] = usage.map((u) => Number(/prompt (\d+)/.exec(u)![1]));
  assert.ok(p2! > p1! + 8, `${p1} then ${p2}`);
  assert.ok(out.length > 0);
});
