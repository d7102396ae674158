/**
 * The whole engine in headless Chromium: a page (cross-origin isolated, 2 Web Worker threads)
 * loads a generated tiny GGUF from bytes with `loadModelFromBytes` (src/browser.ts, no Node
 * APIs) and chats greedily; the text equals what Node's `loadModel` produces from the same file.
 * The page imports the TypeScript sources, served type-stripped.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";
import { NO_CHROMIUM, runPage } from "../helpers/browser.ts";

const QUESTION = "What should I do about a mild fever?";

const page = `<!doctype html>
<script type="importmap">{"imports": {"@huggingface/jinja": "/node_modules/@huggingface/jinja/dist/index.js"}}</script>
<script type="module">
import { loadModelFromBytes, triage } from "/src/browser.ts";
try {
  const bytes = await (await fetch("/model.gguf")).arrayBuffer();
  const model = await loadModelFromBytes(new Blob([bytes]), { threads: 2, contextLength: 256 });
  let reasoning = "", content = "", usage = null, level = null;
  for await (const ev of model.chat([{ role: "user", content: ${JSON.stringify(QUESTION)} }], { temperature: 0, maxTokens: 24, safety: { secondOpinion: false } })) { // the random model's triage opinion means nothing
    if (ev.type === "triage") level = ev.level;
    if (ev.type === "reasoning") reasoning += ev.text;
    if (ev.type === "content") content += ev.text;
    if (ev.type === "done") usage = ev.usage;
  }
  window.result = { isolated: crossOriginIsolated, reasoning, content, usage, level, info: model.info, emergency: triage("my baby is 3 weeks old and has a fever").level };
  await model.close();
} catch (e) { window.result = { error: String(e && e.stack || e) }; }
</script>`;

test("the engine runs in Chromium from bytes, with 2 threads, and generates what Node generates", { skip: NO_CHROMIUM, timeout: 120_000 }, async () => {
  const modelPath = await testModel({ shape: "tiny", dtype: "q8_0" });
  const node = await loadModel(modelPath, { threads: 2, contextLength: 256 });
  let expected = "";
  for await (const ev of node.chat([{ role: "user", content: QUESTION }], { temperature: 0, maxTokens: 24 })) if (ev.type === "reasoning" || ev.type === "content") expected += ev.text;
  await node.close();

  const { result: r, errors } = await runPage(page, { modelPath, timeoutMs: 90_000 });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.isolated, true);
  assert.equal(r.reasoning + r.content, expected, "same greedy text in the browser as in Node");
  assert.equal(r.usage.reasoningTokens + r.usage.contentTokens, 24);
  assert.equal(r.level, "routine");
  assert.equal(r.emergency, "emergency");
  assert.equal(r.info.architecture, "qwen3");
  assert.deepEqual(errors, []);
});
