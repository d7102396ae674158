/**
 * medpsy vs wllama (llama.cpp compiled to WebAssembly, @wllama/wllama 3.13) in headless Chromium,
 * same GGUF, same prompt, same thread count, one page after the other (never side by side):
 * prompt tok/s, decode tok/s, load time. Prints the ratio.
 * Run alone: `npx node bench/browser.ts FILE.gguf [--threads 2] [--prompt 512] [--gen 64]`.
 */
import { createServer } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { fileURLToPath } from "node:url";
import { join, normalize } from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { threads: { type: "string", default: "2" }, prompt: { type: "string", default: "512" }, gen: { type: "string", default: "64" } } });
const modelPath = positionals[0];
if (!modelPath || !existsSync(modelPath)) {
  console.error("usage: npx node bench/browser.ts FILE.gguf [--threads 2] [--prompt 512] [--gen 64]");
  process.exit(2);
}
const threads = Number(values.threads), promptTokens = Number(values.prompt), gen = Number(values.gen);
const root = fileURLToPath(new URL("../", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
// A clinical-sounding text repeated: each engine counts its own prompt tokens.
const TEXT = "A 58-year-old man with type 2 diabetes and hypertension presents with two days of fever, productive cough and right-sided pleuritic chest pain. ";
// The prompt text is cut to exactly `promptTokens` tokens of the file's own tokenizer, here in
// Node, and both pages get the same string.
const { openGguf } = await import("../src/formats/gguf/file.ts");
const { Tokenizer } = await import("../src/tokenizer/index.ts");
const g = await openGguf(modelPath);
const tok = Tokenizer.fromGgufMetadata((k: string) => g.metadata.get(k));
await g.close();
const PROMPT = tok.decode(tok.encode(TEXT.repeat(Math.ceil(promptTokens / 20)), { special: false }).slice(0, promptTokens), { skipSpecial: false });

const medpsyPage = `<!doctype html><script type="importmap">{"imports": {"@huggingface/jinja": "/node_modules/@huggingface/jinja/dist/index.js"}}</script>
<script type="module">
import { loadModelFromBytes } from "/src/browser.ts";
try {
  const t0 = performance.now();
  const blob = await (await fetch("/model.gguf")).blob();
  const model = await loadModelFromBytes(blob, { threads: ${threads}, contextLength: ${promptTokens + gen + 256} });
  const load = (performance.now() - t0) / 1000;
  const prompt = ${JSON.stringify(PROMPT)};
  const start = performance.now();
  let first = 0, n = 0, usage = null;
  for await (const ev of model.complete(prompt, { temperature: 0, maxTokens: ${gen} })) {
    if (ev.type === "content") { n++; if (!first) first = performance.now(); }
    if (ev.type === "done") usage = ev.usage;
  }
  const end = performance.now();
  window.result = { load, promptTokens: usage.promptTokens, ttft: (first - start) / 1000, prompt: usage.promptTokens / ((first - start) / 1000), decode: (usage.contentTokens - 1) / ((end - first) / 1000) };
} catch (e) { window.result = { error: String(e && e.stack || e) }; }
</script>`;

const wllamaPage = `<!doctype html><script type="module">
import { Wllama } from "/wllama/index.js";
try {
  const t0 = performance.now();
  const w = new Wllama({ default: "/wllama/wasm/wllama.wasm" });
  const blob = await (await fetch("/model.gguf")).blob();
  await w.loadModel([blob], { n_threads: ${threads}, n_ctx: ${promptTokens + gen + 256}, n_batch: 512, n_gpu_layers: 0 });
  const load = (performance.now() - t0) / 1000;
  const prompt = ${JSON.stringify(PROMPT)};
  const r = await w.createCompletion({ prompt, max_tokens: ${gen}, temperature: 0 });
  window.result = { load, promptTokens: r.timings.prompt_n, ttft: r.timings.prompt_ms / 1000, prompt: r.timings.prompt_per_second, decode: r.timings.predicted_per_second };
  await w.exit();
} catch (e) { window.result = { error: String(e && e.stack || e) }; }
</script>`;

const server = createServer(async (req, res) => {
  const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
  const path = normalize(decodeURIComponent(new URL(req.url!, "http://x").pathname));
  if (path === "/medpsy") return res.writeHead(200, { ...headers, "Content-Type": "text/html" }).end(medpsyPage);
  if (path === "/wllama") return res.writeHead(200, { ...headers, "Content-Type": "text/html" }).end(wllamaPage);
  if (path === "/model.gguf") {
    res.writeHead(200, { ...headers, "Content-Type": "application/octet-stream", "Content-Length": statSync(modelPath).size });
    return void createReadStream(modelPath).pipe(res);
  }
  if (path.startsWith("/wllama/")) {
    const file = join(root, "node_modules/@wllama/wllama/esm", path.slice("/wllama/".length));
    if (!existsSync(file)) return res.writeHead(404).end();
    return res.writeHead(200, { ...headers, "Content-Type": file.endsWith(".wasm") ? "application/wasm" : "text/javascript" }).end(await readFile(file));
  }
  const file = join(root, path);
  if (path.startsWith("/node_modules/@huggingface/jinja/") && existsSync(file)) return res.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(await readFile(file));
  if (!file.startsWith(join(root, "src")) || !file.endsWith(".ts") || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(stripTypeScriptTypes(await readFile(file, "utf8")));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as { port: number }).port;
const { chromium } = await import("playwright-core");

async function measure(page: string): Promise<Record<string, number>> {
  // A fresh browser per engine, so neither inherits the other's memory or compiled code.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--js-flags=--experimental-wasm-jspi"] });
  try {
    const p = await browser.newPage();
    p.on("console", (m) => m.type() === "error" && console.error(`  [${page} console] ${m.text()}`));
    await p.goto(`http://127.0.0.1:${port}/${page}`);
    await p.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 1_800_000, polling: 1000 });
    const r = await p.evaluate(() => (window as unknown as { result: Record<string, number> & { error?: string } }).result);
    if (r.error) throw new Error(`${page}: ${r.error}`);
    return r;
  } finally {
    await browser.close();
  }
}

try {
  const m = await measure("medpsy");
  const w = await measure("wllama");
  const row = (name: string, a: number, b: number, digits = 2) => `${name.padEnd(22)}${a.toFixed(digits).padStart(9)}${b.toFixed(digits).padStart(10)}${(a / b).toFixed(2).padStart(10)}×`;
  console.log(`model ${modelPath}, Chromium headless, ${threads} threads, prompt ${m.promptTokens}/${w.promptTokens} tokens, gen ${gen}`);
  console.log(`${"metric".padEnd(22)}${"medpsy".padStart(9)}${"wllama".padStart(10)}${"ratio".padStart(11)}`);
  console.log(row("prompt tok/s", m.prompt, w.prompt, 1));
  console.log(row("decode tok/s", m.decode, w.decode));
  console.log(row("time to first token s", m.ttft, w.ttft));
  console.log(row("load s", m.load, w.load));
} finally {
  server.close();
}
