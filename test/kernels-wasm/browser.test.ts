// The same kernels in headless Chromium, cross-origin isolated, with 2 threads (Web Workers +
// SharedArrayBuffer). The page imports the TypeScript sources, served type-stripped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { fileURLToPath } from "node:url";
import { join, normalize } from "node:path";

const root = fileURLToPath(new URL("../../", import.meta.url));
const chromium = "/usr/bin/chromium";

const page = `<!doctype html><script type="module">
import { createWasmKernels } from "/src/kernels/wasm/index.ts";
try {
  const K = await createWasmKernels({ threads: 2 });
  const up = K.allocWeight("w", 0, 5, 8);
  new Float32Array(up.bytes.buffer, up.bytes.byteOffset, 40).forEach((_, i, a) => (a[i] = i));
  up.commit();
  const y = new Float32Array(10);
  K.matmul(up.handle, new Float32Array(16).fill(1), 2, y);
  window.result = { name: K.name, isolated: crossOriginIsolated, y: Array.from(y) };
  await K.dispose();
} catch (e) { window.result = { error: String(e && e.stack || e) }; }
</script>`;

test("WASM kernels run in Chromium with 2 Web Worker threads", { skip: !existsSync(chromium) && "no chromium", timeout: 60_000 }, async () => {
  const server = createServer(async (req, res) => {
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
    const path = normalize(decodeURIComponent(new URL(req.url!, "http://x").pathname));
    if (path === "/") return res.writeHead(200, { ...headers, "Content-Type": "text/html" }).end(page);
    const file = join(root, path);
    if (!file.startsWith(join(root, "src")) || !file.endsWith(".ts") || !existsSync(file)) return res.writeHead(404).end();
    const js = stripTypeScriptTypes(await readFile(file, "utf8"));
    res.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(js);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const { chromium: launcher } = await import("playwright-core");
  const browser = await launcher.launch({ executablePath: chromium, args: ["--no-sandbox"] });
  try {
    const p = await browser.newPage();
    await p.goto(`http://127.0.0.1:${port}/`);
    await p.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 30_000 });
    const result = await p.evaluate(() => (window as unknown as { result: Record<string, unknown> }).result);
    assert.equal(result.error, undefined, String(result.error));
    assert.equal(result.isolated, true);
    assert.match(String(result.name), /^wasm-(relaxed(\+bytedot)?|simd)-2t$/);
    assert.deepEqual(result.y, [28, 92, 156, 220, 284, 28, 92, 156, 220, 284]);
  } finally {
    await browser.close();
    server.close();
  }
});
