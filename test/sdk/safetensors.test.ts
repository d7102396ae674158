/**
 * The Hugging Face safetensors folder and the GGUF of the same seed hold the same weights, so
 * they must give the same logits — bit for bit for F32/F16/BF16 (the stored bytes are equal and
 * the engine is deterministic). Sharded folders load the same as single files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { loadModel } from "../../src/index.ts";
import { makeTestModel } from "../../src/testmodel/index.ts";
import { testModel } from "../helpers/models.ts";

/** Element-wise equality without dumping 151,936 numbers on failure. */
function assertSameLogits(a: Float32Array, b: Float32Array): void {
  assert.equal(a.length, b.length);
  const i = a.findIndex((v, k) => !Object.is(v, b[k]));
  assert.equal(i, -1, `logits differ first at ${i}: ${a[i]} vs ${b[i]}`);
}

for (const dtype of ["f32", "bf16"] as const) {
  test(`safetensors folder and GGUF of the same seed give identical logits (${dtype})`, async () => {
    const gguf = await loadModel(await testModel({ shape: "tiny", dtype }), { contextLength: 128 });
    const st = await loadModel(await testModel({ shape: "tiny", dtype, format: "safetensors" }), { contextLength: 128 });
    try {
      assert.equal(st.info.format, "safetensors");
      assert.equal(st.info.parameterCount, gguf.info.parameterCount);
      const prompt = st.renderChat([{ role: "user", content: "What is the normal adult resting heart rate?" }]);
      assert.equal(prompt, gguf.renderChat([{ role: "user", content: "What is the normal adult resting heart rate?" }]));
      const ids = gguf.tokenize(prompt, { special: true });
      assert.deepEqual(st.tokenize(prompt, { special: true }), ids);
      assertSameLogits(await st.logits(ids), await gguf.logits(ids));
      assert.deepEqual(st.defaults, { temperature: 0.6, topK: 20, topP: 0.95, minP: 0 });
    } finally {
      await gguf.close();
      await st.close();
    }
  });
}

test("a sharded safetensors folder loads like a single file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "medpsy-shards-"));
  try {
    await makeTestModel({ shape: "tiny", dtype: "f32", format: "safetensors", seed: 1, out: dir, shardBytes: 40_000_000 });
    assert.ok(readdirSync(dir).includes("model.safetensors.index.json"));
    assert.ok(readdirSync(dir).filter((f) => f.endsWith(".safetensors")).length > 1);
    const sharded = await loadModel(dir, { contextLength: 64 });
    const single = await loadModel(await testModel({ shape: "tiny", dtype: "f32", format: "safetensors" }), { contextLength: 64 });
    try {
      const ids = single.tokenize("Blood pressure 120/80.");
      assertSameLogits(await sharded.logits(ids), await single.logits(ids));
    } finally {
      await sharded.close();
      await single.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
