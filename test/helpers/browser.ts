/**
 * Headless Chromium for the tests that run the sources in a page: a cross-origin-isolated server
 * (SharedArrayBuffer, for the worker threads) of the page at /, the TypeScript sources under src/
 * served type-stripped, @huggingface/jinja's modules and, where given, a model file at
 * /model.gguf; the page runs until it sets `window.result`.
 */
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { fileURLToPath } from "node:url";
import { join, normalize } from "node:path";

export const CHROMIUM = "/usr/bin/chromium";
/** A test's `skip` when Chromium is missing, else false. */
export const NO_CHROMIUM: string | false = !existsSync(CHROMIUM) && "Debian's chromium is not installed";

const root = fileURLToPath(new URL("../../", import.meta.url));
const ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"];

export interface PageOptions {
  /** Served at /model.gguf. */
  modelPath?: string;
  /** Chromium flags beyond --no-sandbox and no background networking. */
  args?: string[];
  /** How long the page may take to set window.result. */
  timeoutMs: number;
  /** How often to look for it (default: every animation frame). */
  pollingMs?: number;
}

export interface PageRun {
  /** What the page set as window.result. */
  result: Record<string, any>;
  /** Errors the page threw outside its own try. */
  errors: string[];
}

export async function runPage(page: string, o: PageOptions): Promise<PageRun> {
  const server = createServer(async (req, res) => {
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
    const path = normalize(decodeURIComponent(new URL(req.url!, "http://x").pathname));
    if (path === "/") return res.writeHead(200, { ...headers, "Content-Type": "text/html" }).end(page);
    if (path === "/model.gguf" && o.modelPath) return res.writeHead(200, { ...headers, "Content-Type": "application/octet-stream" }).end(readFileSync(o.modelPath));
    const file = join(root, path);
    if (path.startsWith("/node_modules/@huggingface/jinja/") && file.endsWith(".js") && existsSync(file)) {
      return res.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(await readFile(file));
    }
    if (!file.startsWith(join(root, "src")) || !file.endsWith(".ts") || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(stripTypeScriptTypes(await readFile(file, "utf8")));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, ...(o.args ?? [])] });
  try {
    const p = await browser.newPage();
    const errors: string[] = [];
    p.on("pageerror", (e) => errors.push(String(e)));
    await p.goto(`http://127.0.0.1:${port}/`);
    await p.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: o.timeoutMs, polling: o.pollingMs ?? "raf" });
    const result = await p.evaluate(() => (window as unknown as { result: Record<string, any> }).result);
    return { result, errors };
  } finally {
    await browser.close();
    server.close();
  }
}
