/**
 * make-test-model reports progress while it generates tensors (a 4B shape takes minutes): the
 * count only grows, ends at the model's parameter count, and is the same for GGUF and safetensors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTestModel } from "../../src/testmodel/index.ts";
import { inspectModel } from "../../src/sdk/load.ts";

test("makeTestModel's progress grows to the model's parameter count, in both formats", async () => {
  const dir = mkdtempSync(join(tmpdir(), "medpsy-make-progress-"));
  try {
    for (const [format, out] of [["gguf", join(dir, "m.gguf")], ["safetensors", join(dir, "hf")]] as const) {
      const seen: Array<[number, number]> = [];
      await makeTestModel({ shape: "tiny", dtype: "f16", format, seed: 2, out, onProgress: (d, t) => seen.push([d, t]) });
      const params = (await inspectModel(out)).parameterCount;
      assert.ok(seen.length > 2, format);
      assert.ok(seen.every(([d, t], i) => t === params && d > (i ? seen[i - 1]![0] : 0)), `${format}: grows, out of ${params}`);
      assert.equal(seen.at(-1)![0], params, `${format}: ends at the parameter count`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
