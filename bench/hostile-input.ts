/**
 * Hostile input against `medpsy serve` as a separate process (as a user runs it): 1 MiB of each
 * hostile text class (test/helpers/hostile-text.ts) as a chat message and as a completions
 * prompt, 900 KB of name-like words, 16 stop strings of 1,000 characters holding an SSN, and the
 * issue's 1,000,000 random letters — against the local engine (tiny model, audit on) and against
 * an upstream with PHI redaction and audit on. For each request: its status and time, and the
 * slowest `/health` answer while it was in flight (a second client asks `/health` one request
 * after another). Prints a Markdown table (the README's reliability table) and the worst figures.
 *
 *   node bench/hostile-input.ts [--context 4096] [--classes letters,cjk,...]
 *
 * Timings depend on the host and its load: run it alone (two cores shared with tests distort them).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HOSTILE_CLASSES, hostileText } from "../test/helpers/hostile-text.ts";
import { hostileRun, stubUpstream, type HostileResult } from "../test/helpers/hostile-run.ts";
import { testModel } from "../test/helpers/models.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const context = opt("context", "4096");
const classes = opt("classes", Object.keys(HOSTILE_CLASSES).join(",")).split(",");
const MiB = 1 << 20;

async function serve(extra: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["bin/medpsy.js", "serve", "--port", "0", "--max-body", String(8 * MiB), ...extra], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr.resume();
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { url, stop: () => new Promise<void>((r) => { child.on("exit", () => r()); child.kill("SIGTERM"); }) };
}

interface Row { config: string; input: string; result: HostileResult }
const rows: Row[] = [];
async function run(config: string, url: string, input: string, path: string, body: unknown) {
  const result = await hostileRun(url, path, JSON.stringify(body));
  rows.push({ config, input, result });
  console.error(`${config.padEnd(9)} ${input.padEnd(34)} ${result.status} ${result.ms.toFixed(0).padStart(6)} ms   /health worst ${result.healthWorstMs.toFixed(0).padStart(5)} ms (${result.healthAnswers} answers)`);
}

const SSN_STOPS = Array.from({ length: 16 }, (_, i) => `SSN 123-45-${String(6789 + i).padStart(4, "0")} ` + "x".repeat(980));
const NAMES = "Maria Garcia ".repeat(Math.floor(900_000 / 13));

async function matrix(config: string, url: string) {
  for (const name of classes) {
    const text = hostileText(name, MiB);
    await run(config, url, `chat: 1 MiB ${name}`, "/v1/chat/completions", { messages: [{ role: "user", content: text }], max_tokens: 4 });
    await run(config, url, `completions: 1 MiB ${name}`, "/v1/completions", { prompt: text, max_tokens: 4 });
  }
  await run(config, url, "chat: 900 KB name-like words", "/v1/chat/completions", { messages: [{ role: "user", content: NAMES }], max_tokens: 4 });
  await run(config, url, "chat: 16 stop strings with an SSN", "/v1/chat/completions", { messages: [{ role: "user", content: "hello" }], stop: SSN_STOPS, max_tokens: 4 });
  await run(config, url, "chat: 1,000,000 random letters", "/v1/chat/completions", { messages: [{ role: "user", content: hostileText("letters", 1_000_000) }], max_tokens: 4 });
}

const dir = mkdtempSync(join(tmpdir(), "medpsy-hostile-"));
const model = await testModel({ shape: "tiny", dtype: "q8_0" });
const local = await serve(["-m", model, "--context", context, "--threads", "1", "--audit", join(dir, "local.jsonl"), "--audit-text", "redacted"]);
try {
  await matrix("local", local.url);
} finally {
  await local.stop();
}
const stub = await stubUpstream();
const upstream = await serve(["--upstream", stub.url, "--redact-upstream", "--audit", join(dir, "upstream.jsonl"), "--audit-text", "redacted"]);
try {
  await matrix("upstream", upstream.url);
} finally {
  await upstream.stop();
  await stub.close();
}

const audited = (f: string) => readFileSync(join(dir, f), "utf8").trim().split("\n").length;
console.log(`| server | input | status | time | slowest /health meanwhile |\n|---|---|---|---|---|`);
for (const r of rows) console.log(`| ${r.config} | ${r.input} | ${r.result.status} | ${(r.result.ms / 1000).toFixed(2)} s | ${r.result.healthWorstMs.toFixed(0)} ms |`);
const worst = (f: (r: Row) => number) => Math.max(...rows.map(f));
console.log(`\nworst request ${(worst((r) => r.result.ms) / 1000).toFixed(2)} s, worst /health ${worst((r) => r.result.healthWorstMs).toFixed(0)} ms over ${rows.length} requests; statuses ${[...new Set(rows.map((r) => r.result.status))].sort().join(", ")}; audit records: local ${audited("local.jsonl")}, upstream ${audited("upstream.jsonl")} (one per 200)`);
