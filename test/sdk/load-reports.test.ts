/**
 * What loading tells its caller: progress in bytes that ends exactly at the model's size on disk
 * (GGUF file, safetensors folder), and a warning, not silence, when a context longer than the
 * model's trained one is shortened.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel, type LoadProgress } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";

for (const format of ["gguf", "safetensors"] as const) {
  test(`onProgress (${format}): rising byte counts of the files, the last one equal to info.fileSize, with fraction and done`, async () => {
    const path = await testModel({ shape: "tiny", dtype: format === "gguf" ? "q8_0" : "f32", format });
    const calls: Array<[number, number, LoadProgress | undefined]> = [];
    const model = await loadModel(path, { threads: 1, contextLength: 64, onProgress: (a, b, p) => calls.push([a, b, p]) });
    try {
      assert.ok(calls.length > 2);
      const size = model.info.fileSize;
      for (const [i, [loaded, total, p]] of calls.entries()) {
        assert.equal(total, size);
        assert.ok(loaded > 0 && loaded <= total);
        if (i > 0) assert.ok(loaded >= calls[i - 1]![0], "never goes back");
        assert.equal(p!.fraction, loaded / total);
        assert.equal(p!.done, i === calls.length - 1);
      }
      assert.equal(calls.at(-1)![0], size, "ends at the size on disk");
    } finally {
      await model.close();
    }
  });
}

test("a contextLength above the trained context is shortened and said through onWarning", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  const warnings: string[] = [];
  const model = await loadModel(path, { threads: 1, contextLength: 16384, onWarning: (m) => warnings.push(m) });
  try {
    assert.equal(model.info.contextLength, model.info.trainedContextLength);
    assert.deepEqual(warnings, [`contextLength 16384 is longer than the ${model.info.trainedContextLength} tokens this model was trained for; using ${model.info.trainedContextLength}`]);
  } finally {
    await model.close();
  }
  const quiet: string[] = [];
  const m2 = await loadModel(path, { threads: 1, contextLength: 128, onWarning: (m) => quiet.push(m) });
  await m2.close();
  assert.deepEqual(quiet, [], "a context that fits is not worth a word");
});
