/** GGUF writer → reader round trips: every metadata value type, v2 and v3, alignment, tensors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeGguf } from "../../src/formats/gguf/writer.ts";
import { openGguf, mdNumber, mdString, mdStringArray } from "../../src/formats/gguf/file.ts";
import { GgufMetadataError } from "../../src/formats/gguf/errors.ts";
import { GgmlType } from "../../src/tensor/dtypes.ts";
import { quantizeRows } from "../../src/tensor/quantize.ts";
import { getLlama } from "node-llama-cpp";
import { testModel } from "../helpers/models.ts";

for (const version of [2, 3] as const) {
  test(`GGUF v${version}: every value type and tensor data round-trip`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "medpsy-gguf-"));
    try {
      const path = join(dir, "t.gguf");
      const w = quantizeRows(GgmlType.Q8_0, Float32Array.from({ length: 64 }, (_, i) => i / 10), 2, 32);
      await writeGguf(path, {
        version,
        alignment: 64,
        metadata: [
          ["u8", { type: "u8", value: 255 }], ["i8", { type: "i8", value: -128 }],
          ["u16", { type: "u16", value: 65535 }], ["i16", { type: "i16", value: -32768 }],
          ["u32", { type: "u32", value: 4294967295 }], ["i32", { type: "i32", value: -2147483648 }],
          ["f32", { type: "f32", value: 0.5 }], ["f64", { type: "f64", value: Math.PI }],
          ["bool", { type: "bool", value: true }], ["string", { type: "string", value: "héllo 🫀" }],
          ["bom", { type: "string", value: "\uFEFFbom" }],
          ["u64", { type: "u64", value: 2n ** 60n }], ["i64", { type: "i64", value: -(2n ** 62n) }],
          ["u64small", { type: "u64", value: 7 }],
          ["arr.str", { type: "array", itemType: "string", value: ["a", "", "ü", "\uFEFF", "\uFEFF\uFEFFx"] }],
          ["arr.i32", { type: "array", itemType: "i32", value: [1, -2, 3] }],
          ["arr.bool", { type: "array", itemType: "bool", value: [true, false] }],
          ["arr.empty", { type: "array", itemType: "f32", value: [] }],
        ],
        tensors: [
          { name: "a", type: GgmlType.Q8_0, dims: [32, 2], data: w },
          { name: "b", type: GgmlType.F32, dims: [3], data: new Uint8Array(new Float32Array([1, 2, 3]).buffer) },
        ],
      });
      const g = await openGguf(path);
      try {
        const md = g.metadata;
        assert.equal(g.version, version);
        assert.equal(g.alignment, 64);
        assert.deepEqual(
          ["u8", "i8", "u16", "i16", "u32", "i32", "bool", "string", "u64", "i64", "u64small"].map((k) => md.get(k)),
          [255, -128, 65535, -32768, 4294967295, -2147483648, true, "héllo 🫀", 2n ** 60n, -(2n ** 62n), 7],
        );
        assert.equal(md.get("f32"), 0.5);
        assert.equal(md.get("f64"), Math.PI);
        // A leading U+FEFF is text, not a byte-order mark (Gemma's vocabulary has such tokens).
        assert.equal(md.get("bom"), "\uFEFFbom");
        assert.deepEqual(md.get("arr.str"), ["a", "", "ü", "\uFEFF", "\uFEFF\uFEFFx"]);
        assert.deepEqual(md.get("arr.i32"), [1, -2, 3]);
        assert.deepEqual(md.get("arr.bool"), [true, false]);
        assert.deepEqual(md.get("arr.empty"), []);
        assert.equal(mdString(md, "string"), "héllo 🫀");
        assert.throws(() => mdNumber(md, "string"), GgufMetadataError);
        assert.deepEqual(mdStringArray(md, "arr.str"), ["a", "", "ü", "\uFEFF", "\uFEFF\uFEFFx"]);
        assert.equal(g.dataOffset % 64, 0);
        const a = g.tensors.find((t) => t.name === "a")!;
        const into = new Uint8Array(a.byteLength);
        await g.readTensor(a, into);
        assert.deepEqual(into, w);
      } finally {
        await g.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("a generated model's metadata reads back as llama.cpp reads it", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q4_k_m" });
  const g = await openGguf(path);
  const llama = await getLlama({ gpu: false, build: "never" } as never);
  const model = await llama.loadModel({ modelPath: path, vocabOnly: true } as never);
  try {
    const theirs = model.fileInfo.metadata as unknown as Record<string, Record<string, unknown>>;
    assert.equal(mdString(g.metadata, "general.architecture"), theirs.general!.architecture);
    assert.equal(mdNumber(g.metadata, "qwen3.block_count"), (theirs.qwen3 as Record<string, unknown>).block_count);
    assert.equal(g.tensors.length, model.fileInfo.tensorInfo?.length);
    const types = new Map(model.fileInfo.tensorInfo!.map((t) => [t.name, t.ggmlType as number]));
    for (const t of g.tensors) assert.equal(t.type, types.get(t.name), t.name);
    // The Q4_K_M mix: tied embedding Q6_K; attn_v / ffn_down Q6_K on layers use_more_bits picks.
    assert.equal(types.get("token_embd.weight"), GgmlType.Q6_K);
    assert.equal(types.get("blk.1.attn_v.weight"), GgmlType.Q6_K); // 2 layers: i ≥ 7·2/8 = 1
    assert.equal(types.get("blk.0.attn_v.weight"), GgmlType.Q4_K);
    assert.equal(types.get("blk.0.attn_q.weight"), GgmlType.Q4_K);
  } finally {
    await model.dispose();
    await g.close();
  }
});
