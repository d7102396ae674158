/**
 * The engine on WebGPU in headless Chromium: a page loads a generated tiny F16 GGUF from bytes with
 * `loadModelFromBytes(..., { device: "webgpu" })` on the page's `navigator.gpu` (Chromium's
 * SwiftShader adapter here — a CPU Vulkan, so no GPU is needed) and returns its last-position
 * logits; they agree with Node's WebAssembly path on the same file: same argmax, max |Δ log p|
 * ≤ 0.05 (the F16 bound of the WebGPU parity test: f32 summation order only). "auto" leaves the
 * software adapter for the CPU and says why. Greedy chat on the page reads the GPU's top 1 per
 * step and writes the same text as with full logits (a no-op logit_bias forces those).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";
import { compareLogProbs, logSoftmax } from "../helpers/compare.ts";
import { NO_CHROMIUM, runPage } from "../helpers/browser.ts";

const PROMPT = "A 58-year-old man has crushing chest pain.";

const page = `<!doctype html>
<script type="importmap">{"imports": {"@huggingface/jinja": "/node_modules/@huggingface/jinja/dist/index.js"}}</script>
<script type="module">
import { loadModelFromBytes } from "/src/browser.ts";
try {
  const bytes = await (await fetch("/model.gguf")).arrayBuffer();
  const warnings = [];
  const model = await loadModelFromBytes(new Blob([bytes]), { threads: 1, contextLength: 64, device: "webgpu" });
  const logits = await model.logits(model.tokenize(${JSON.stringify(PROMPT)}));
  // Greedy text from the GPU's top 1 per step, and with a no-op logit_bias, which reads full logits.
  const greedy = async (o) => {
    let text = "";
    const s = model.createSession();
    for await (const ev of s.chat([{ role: "user", content: ${JSON.stringify(PROMPT)} }], { temperature: 0, maxTokens: 6, safety: false, ...o })) if (ev.type === "content" || ev.type === "reasoning") text += ev.text;
    s.close();
    return text;
  };
  const greedyTop = await greedy({}), greedyFull = await greedy({ logitBias: { 0: 0 } });
  const auto = await loadModelFromBytes(new Blob([bytes]), { threads: 1, contextLength: 64, device: "auto", onWarning: (m) => warnings.push(m) });
  window.result = { device: model.info.device, autoDevice: auto.info.device, warnings, logits: Array.from(logits), greedyTop, greedyFull };
  await model.close();
  await auto.close();
} catch (e) { window.result = { error: String(e && e.stack || e) }; }
</script>`;

test("the engine runs on WebGPU in Chromium and agrees with Node's CPU path", { skip: NO_CHROMIUM, timeout: 300_000 }, async () => {
  const modelPath = await testModel({ shape: "tiny", dtype: "f16" });
  const node = await loadModel(modelPath, { threads: 2, contextLength: 64 });
  const expected = await node.logits(node.tokenize(PROMPT));
  await node.close();

  // WebGPU on Chromium's own software Vulkan (SwiftShader).
  const { result: r, errors } = await runPage(page, {
    modelPath,
    args: ["--enable-unsafe-webgpu", "--enable-features=Vulkan", "--use-vulkan=swiftshader", "--use-webgpu-adapter=swiftshader"],
    timeoutMs: 240_000,
    pollingMs: 500,
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.match(r.device, /^webgpu \(.*swiftshader.*\)$/i);
  assert.match(r.autoDevice, /^cpu \(wasm/);
  assert.ok(r.warnings.some((w: string) => /software one/.test(w)), r.warnings.join("\n"));
  const cmp = compareLogProbs(logSoftmax(Float32Array.from(r.logits)), logSoftmax(expected));
  console.log(`Chromium WebGPU (${r.device}) vs Node wasm, tiny F16: max |Δ log p| ${cmp.maxAbsDiff.toFixed(4)}`);
  assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, "argmax");
  assert.ok(cmp.maxAbsDiff <= 0.05, `max |Δ log p| ${cmp.maxAbsDiff}`);
  assert.ok(r.greedyTop.length > 0);
  assert.equal(r.greedyTop, r.greedyFull, "greedy text from the GPU's top 1 = from full logits");
  assert.deepEqual(errors, []);
});
