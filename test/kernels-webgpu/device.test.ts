// Device selection: loadModel's `device` option, model.info.device, "auto"'s fall back with its
// reason, and the typed errors that name the adapter's limit and the numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { chooseDevice, webGpuMisfit } from "../../src/engine/device.ts";
import { GgmlType } from "../../src/tensor/dtypes.ts";
import { testModel } from "../helpers/models.ts";
import { gpuOrSkip } from "./gpu.ts";

const shape = { layers: 2, kvHeads: 2, headDim: 64, vocabSize: 1000 };

test("webGpuMisfit names the limit and the bytes of the first row or cache over it", () => {
  const limits = { maxStorageBufferBindingSize: 1 << 20, maxBufferSize: 1 << 30 };
  // A matrix larger than one binding fits (the kernels split it by rows); a row that does not is refused.
  const tall = webGpuMisfit({ shape, contextLength: 64, tensors: [{ name: "token_embd.weight", type: GgmlType.Q8_0, dims: [256, 100_000] }] }, limits);
  assert.equal(tall, null);
  const wide = webGpuMisfit({ shape, contextLength: 64, tensors: [{ name: "token_embd.weight", type: GgmlType.Q8_0, dims: [1 << 20, 4] }] }, limits);
  assert.ok(wide);
  assert.equal(wide.code, "WEBGPU_LIMIT");
  assert.match(wide.message, /one row of tensor token_embd\.weight.*maxStorageBufferBindingSize/);
  assert.match(wide.message, /at most 1048576 bytes/);
  assert.match(wide.message, /found 1114112 bytes/); // 2^20 values = 32,768 blocks × 34 bytes
  // Types dequantized at upload are counted as F32.
  const iq = webGpuMisfit({ shape, contextLength: 64, tensors: [{ name: "w", type: GgmlType.IQ2_XXS, dims: [262_400, 4] }] }, limits);
  assert.match(iq?.message ?? "", /found 1049600 bytes/);
  const kv = webGpuMisfit({ shape, contextLength: 5000, tensors: [] }, limits);
  assert.match(kv?.message ?? "", /KV cache at context 5000/);
});

test("device cpu never asks for an adapter; a bad device name is refused before loading", async () => {
  assert.equal(await chooseDevice("cpu", { shape, contextLength: 64, tensors: [] }, () => assert.fail("no warning")), "cpu");
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  await assert.rejects(loadModel(path, { device: "gpu" as never }), { name: "InvalidArgumentError", message: /"auto", "webgpu", "cpu"/ });
  const cpu = await loadModel(path, { contextLength: 64, threads: 1 });
  assert.equal(cpu.info.device, "cpu (wasm, 1 threads)");
  await cpu.close();
});

if (await gpuOrSkip()) {
  test("device webgpu runs on the adapter and says so; auto leaves a software adapter for the CPU, saying why", async () => {
    const path = await testModel({ shape: "tiny", dtype: "q8_0" });
    const gpu = await loadModel(path, { contextLength: 64, device: "webgpu" });
    try {
      assert.match(gpu.info.device ?? "", /^webgpu \(.+\)$/);
      const logits = await gpu.logits(gpu.tokenize("Hello"));
      assert.equal(logits.length, gpu.info.vocabSize);
      assert.ok(logits.every(Number.isFinite));
    } finally {
      await gpu.close();
    }
    if (!/llvmpipe|swiftshader/i.test(gpu.info.device ?? "")) return; // a hardware adapter: auto takes it
    const warnings: string[] = [];
    const auto = await loadModel(path, { contextLength: 64, device: "auto", onWarning: (m) => warnings.push(m) });
    assert.match(auto.info.device ?? "", /^cpu \(wasm/);
    assert.ok(warnings.some((w) => /software one \(llvmpipe\)/.test(w)), warnings.join("\n"));
    await auto.close();
  });
}
