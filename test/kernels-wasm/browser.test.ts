// The same kernels in headless Chromium, cross-origin isolated, with 2 threads (Web Workers +
// SharedArrayBuffer). The page imports the TypeScript sources, served type-stripped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { NO_CHROMIUM, runPage } from "../helpers/browser.ts";

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

test("WASM kernels run in Chromium with 2 Web Worker threads", { skip: NO_CHROMIUM, timeout: 60_000 }, async () => {
  const { result } = await runPage(page, { timeoutMs: 30_000 });
  assert.equal(result.error, undefined, String(result.error));
  assert.equal(result.isolated, true);
  assert.match(String(result.name), /^wasm-(relaxed(\+bytedot)?|simd)-2t$/);
  assert.deepEqual(result.y, [28, 92, 156, 220, 284, 28, 92, 156, 220, 284]);
});
