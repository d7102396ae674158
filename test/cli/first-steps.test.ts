/**
 * What a newcomer meets first, as real processes: bounded defaults that say what they chose,
 * hints that name the limit that actually stopped a reply, Ctrl-C, `chat`'s own commands, and
 * failures a user can cause reported in one line with a hint (never a stack trace, never an
 * EPIPE crash when the reader goes away).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testModel } from "../helpers/models.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `medpsy ARGS`; never rejects, so failures can be inspected. */
function medpsy(args: string[], o: { input?: string } = {}): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ["bin/medpsy.js", ...args], { cwd: root, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (o.input !== undefined) child.stdin!.end(o.input);
  });
}

/** One line of what went wrong and one hint: no stack frames, no Node internals. */
function assertOneLineError(r: Result, what: RegExp): void {
  assert.notEqual(r.code, 0);
  // Loading progress may come first on a slow machine; the failure itself is two lines.
  const lines = r.stderr.trimEnd().split("\n").filter((l) => !/^load(ing|ed) the model/.test(l));
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0]!, /^medpsy: /);
  assert.match(lines[0]!, what);
  assert.match(lines[1]!, /^hint: \S/);
  assert.doesNotMatch(r.stderr, /^\s+at |node:internal|Error:/m);
}

test("user-caused failures are one line and a hint: missing file, busy port, empty file, incomplete folder", async () => {
  assertOneLineError(await medpsy(["audit", "verify", "/nonexistent/audit.jsonl"]), /\/nonexistent\/audit\.jsonl does not exist/);

  const dir = mkdtempSync(join(tmpdir(), "medpsy-first-"));
  try {
    const empty = join(dir, "empty.gguf");
    writeFileSync(empty, "");
    const r = await medpsy(["info", empty]);
    assertOneLineError(r, /empty\.gguf .*found an empty file \(0 bytes\)/);
    assert.doesNotMatch(r.stderr, /first bytes/);

    // A safetensors folder without its tokenizer: the message names the folder and the missing file.
    const folder = join(dir, "hf");
    cpSync(await testModel({ shape: "tiny", dtype: "f32", format: "safetensors" }), folder, { recursive: true });
    rmSync(join(folder, "tokenizer.json"));
    const hf = await medpsy(["info", folder]);
    assertOneLineError(hf, /the model folder .*hf has no tokenizer\.json/);
    assert.match(hf.stderr, /found .*config\.json/);
    assert.doesNotMatch(hf.stderr, /pull medpsy|found nothing at that path/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // A prompt longer than the context: the hint names the CLI's flag, not the SDK's option.
  const long = await medpsy(["ask", "-m", await testModel({ shape: "tiny", dtype: "q8_0" }), "--context", "32", "word ".repeat(50)]);
  assertOneLineError(long, /the prompt is longer than the context window; expected at most 31 prompt tokens \(context length 32\); found \d+ tokens/);
  assert.match(long.stderr, /--context N/);
  assert.doesNotMatch(long.stderr, /contextLength|\[up to/);

  const busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
  try {
    const port = (busy.address() as net.AddressInfo).port;
    const model = await testModel({ shape: "tiny", dtype: "q8_0" });
    const r = await medpsy(["serve", "-m", model, "--port", String(port), "--context", "64", "--threads", "1"]);
    assertOneLineError(r, new RegExp(`127\\.0\\.0\\.1 port ${port} is already in use`));
    assert.match(r.stderr, /--port/);
  } finally {
    busy.close();
  }
});

test("a flag out of range is refused by its own name before any model is loaded, in every command that takes it", async () => {
  const model = await testModel({ shape: "tiny", dtype: "q8_0" });
  const cases: Array<[string[], RegExp]> = [
    [["ask", "-m", model, "--max-tokens", "-5", "hi"], /^medpsy: --max-tokens is out of range; expected an integer in \[1, \d+\]; found -5$/m],
    [["ask", "-m", model, "--reasoning-budget", "-2", "hi"], /^medpsy: --reasoning-budget is out of range/m],
    [["ask", "-m", model, "--top-k", "2.5", "hi"], /^medpsy: --top-k is out of range/m],
    [["chat", "-m", model, "--temperature", "-1"], /^medpsy: --temperature is out of range/m],
    [["ask", "-m", model, "--context", "5", "hi"], /^medpsy: --context is out of range/m],
    [["serve", "-m", model, "--threads", "0"], /^medpsy: --threads is out of range/m],
    [["eval", "pubmedqa", "-m", model, "--max-tokens", "0"], /^medpsy: --max-tokens is out of range/m],
    [["eval", "pubmedqa", "-m", model, "--concurrency", "0"], /^medpsy: --concurrency is out of range/m],
    [["eval", "pubmedqa"], /^medpsy: evaluate either a model file or an endpoint; .*found neither$/m],
  ];
  for (const [args, what] of cases) {
    const r = await medpsy(args, { input: "" });
    assertOneLineError(r, what);
    assert.doesNotMatch(r.stderr, /load(ing|ed) the model|results go to|maxTokens|contextLength|topK/, `${args.join(" ")}: refused before loading, named as typed`);
  }
});

test("`triage … | head -1`: a reader that goes away ends the command quietly, not with EPIPE", async () => {
  for (let i = 0; i < 3; i++) {
    const child = spawn(process.execPath, ["bin/medpsy.js", "triage", "crushing chest pain spreading to my left arm"], { cwd: root });
    // The reading end is gone before the command writes anything: every write meets EPIPE.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on("close", r));
    assert.equal(stderr, "", "nothing on stderr");
    assert.equal(code, 0);
  }
});

test("ask: bounded defaults said on stderr, an answer within them; a budget that cannot close gets a truthful warning and hint", async () => {
  const model = await testModel({ shape: "tiny", dtype: "q8_0" });
  // No --max-tokens: the limit follows the (here short) context and the reasoning is closed in time.
  const d = await medpsy(["ask", "-m", model, "--context", "256", "--seed", "1", "--json", "side effects of metformin?"]);
  assert.equal(d.code, 0, d.stderr);
  const chose = /\[up to (\d+) new tokens \(default; --max-tokens changes it\), reasoning closed after (\d+) \(default; --reasoning-budget changes it\)\]/.exec(d.stderr);
  assert.ok(chose, d.stderr);
  const r = JSON.parse(d.stdout);
  const generated = r.usage.reasoningTokens + r.usage.contentTokens;
  assert.ok(generated <= Number(chose[1]) && Number(chose[1]) + r.usage.promptTokens <= 256, `${generated} tokens within ${chose[1]}`);
  assert.equal(r.reasoningTruncated, false, "the default budget closes the reasoning: there is an answer");
  assert.ok(r.usage.contentTokens > 0);

  // --max-tokens 30 --reasoning-budget 10: the closing sentence does not fit, </think> alone
  // closes the reasoning and the model answers. Said before.
  const t = await medpsy(["ask", "-m", model, "--max-tokens", "30", "--reasoning-budget", "10", "--seed", "1", "--json", "hello"]);
  assert.equal(t.code, 0, t.stderr);
  const warn = /its closing sentence \((\d+) tokens\) does not fit in 30 new tokens, so <\/think> alone closes it and (\d+) tokens are left for the answer; use --max-tokens (\d+) or more/.exec(t.stderr);
  assert.ok(warn, t.stderr);
  assert.equal(Number(warn[3]), 10 + Number(warn[1]) + 64);
  const closed = JSON.parse(t.stdout);
  assert.equal(closed.reasoningTruncated, false, t.stdout);
  assert.equal(closed.usage.reasoningTokens, 10 + 30 - 10 - Number(warn[2]), "10 reasoning tokens and the close; the rest is answer");
  // --max-tokens 12: not even </think> fits after 10. Said before, and the hint afterwards names
  // that, not "set --reasoning-budget" (one was set).
  const u = await medpsy(["ask", "-m", model, "--max-tokens", "12", "--reasoning-budget", "10", "--seed", "1", "hello"]);
  assert.equal(u.code, 0, u.stderr);
  assert.match(u.stderr, /closing the reasoning after 10 tokens takes at least \d+ tokens of closing text, so 12 new tokens leave no room to close it or to answer/);
  assert.match(u.stderr, /the reasoning budget \(10\) could not close the reasoning: even <\/think> alone costs \d+ tokens and --max-tokens 12 left no room/);
  assert.doesNotMatch(u.stderr, /set --reasoning-budget/);

  // A context beyond the model's trained one is shortened, and the user is told.
  const c = await medpsy(["ask", "-m", model, "--context", "99999", "--max-tokens", "2", "hi"]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stderr, /note: --context 99999 is longer than the 4096 tokens this model was trained for; using 4096/);
});

test("ask: Ctrl-C stops the answer, ends the line and exits 130 with a hint that says it was stopped", async () => {
  const model = await testModel({ shape: "tiny", dtype: "q8_0" });
  const child = spawn(process.execPath, ["bin/medpsy.js", "ask", "-m", model, "--context", "4096", "--threads", "1", "what is sepsis?"], { cwd: root });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on("close", r));
  // Interrupt once the model has started writing.
  await new Promise<void>((resolve) =>
    child.stdout.on("data", (d) => {
      stdout += d;
      if (stdout.length > 20 && !child.killed) {
        child.kill("SIGINT");
        resolve();
      }
    }),
  );
  assert.equal(await exited, 130, stderr);
  assert.ok(stdout.endsWith("\n"), "the terminal is left on a fresh line");
  assert.match(stderr, /\[stopped( while the model was still reasoning: no answer was produced)?\]/);
  assert.doesNotMatch(stderr, /raise --max-tokens|set --reasoning-budget/);
});

test("chat: /help and unknown /commands are handled, never sent to the model", async () => {
  const model = await testModel({ shape: "tiny", dtype: "q8_0" });
  const r = await medpsy(["chat", "-m", model, "--max-tokens", "4", "--seed", "1"], { input: "/help\n/bogus\nI have a fever.\n/exit\n" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\/reset, \/new +start a new conversation/);
  assert.match(r.stderr, /unknown command \/bogus \(not sent to the model\)/);
  assert.equal((r.stderr.match(/\[length; prompt \d+/g) ?? []).length, 1, "one model turn: the fever question");
});

test("on Node older than 22 the launcher warns and says how to get the pinned Node", async (t) => {
  const system = await promisify(execFile)("node", ["--version"], { env: { PATH: "/usr/local/bin:/usr/bin:/bin" } }).catch(() => undefined);
  const major = system ? Number(/^v(\d+)/.exec(system.stdout)?.[1]) : NaN;
  if (!(major < 22)) return t.skip(`the system node is ${system?.stdout.trim() ?? "missing"}: no old Node to try`);
  const r = await promisify(execFile)("node", ["bin/medpsy.js", "--version"], { cwd: root, env: { PATH: "/usr/local/bin:/usr/bin:/bin" } });
  assert.match(r.stderr, /^medpsy: warning: this is Node 2?\d\.[\d.]+; medpsy needs Node 22 or newer/);
  assert.match(r.stderr, /npx medpsy/);
  const current = await promisify(execFile)(process.execPath, ["bin/medpsy.js", "--version"], { cwd: root });
  assert.equal(current.stderr, "", "no warning on a current Node");
});
