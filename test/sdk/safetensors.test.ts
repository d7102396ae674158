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

test("a folder that is not a whole model says what is missing, and what to do about what is there", async () => {
  const { IncompleteModelFolderError, inspectModel } = await import("../../src/index.ts");
  const { copyFileSync, cpSync, mkdirSync, writeFileSync } = await import("node:fs");
  const dir = mkdtempSync(join(tmpdir(), "medpsy-folders-"));
  const refused = async (path: string) => {
    const err = await inspectModel(path).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof IncompleteModelFolderError, String(err));
    return err as InstanceType<typeof IncompleteModelFolderError>;
  };
  try {
    // Empty: nothing to copy in; point at a model instead.
    mkdirSync(join(dir, "empty"));
    const empty = await refused(join(dir, "empty"));
    assert.equal(empty.found, "no model files");
    assert.match(empty.hint!, /point -m at a \.gguf file or at a folder holding a model/);
    assert.doesNotMatch(empty.expected!, /config\.json \(.*\) next to config\.json/, "never 'config.json next to config.json'");

    // A folder holding a GGUF file: pass the file.
    mkdirSync(join(dir, "ggufs"));
    copyFileSync(await testModel({ shape: "tiny", dtype: "q8_0" }), join(dir, "ggufs", "m.gguf"));
    writeFileSync(join(dir, "ggufs", "notes.json"), "{}");
    const g = await refused(join(dir, "ggufs"));
    assert.equal(g.hint, `for a GGUF model, pass the file itself: -m ${join(dir, "ggufs", "m.gguf")}`);

    // A real folder missing one file: that file is named, the rest listed.
    cpSync(await testModel({ shape: "tiny", dtype: "f32", format: "safetensors" }), join(dir, "hf"), { recursive: true });
    rmSync(join(dir, "hf", "config.json"));
    const hf = await refused(join(dir, "hf"));
    assert.match(hf.message, /has no config\.json;/);
    assert.match(hf.found!, /model\.safetensors/);
    assert.match(hf.hint!, /copy config\.json from the model's Hugging Face repository/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
