// Faults on the WebGPU backend end in typed errors, never a crash or a hang: a lost device, a
// buffer over the adapter's limits, a type no weight is stored in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createWebGpuKernels } from "../../src/kernels/webgpu/index.ts";
import { openGpu } from "../../src/kernels/webgpu/device.ts";
import { GgmlType } from "../../src/tensor/dtypes.ts";
import { gpuOrSkip } from "./gpu.ts";

if (await gpuOrSkip()) {
  test("a lost device rejects sync() and every later op with WEBGPU_DEVICE", async () => {
    const ctx = await openGpu();
    const K = await createWebGpuKernels(ctx);
    const a = K.constant(Float32Array.of(1, 2, 3));
    const out = new Float32Array(3);
    K.toHost(a, 0, 3, out);
    await K.sync();
    assert.deepEqual(Array.from(out), [1, 2, 3]);
    ctx.device.destroy();
    await ctx.device.lost;
    await assert.rejects(async () => {
      K.add(a, a, 3, a);
      K.toHost(a, 0, 3, out);
      await K.sync();
    }, { code: "WEBGPU_DEVICE", message: /lost/ });
    await K.dispose(); // still safe
  });

  test("buffers over the adapter's limits and non-storage types are typed errors naming the numbers", async () => {
    const K = await createWebGpuKernels();
    try {
      const limit = K.limits.maxStorageBufferBindingSize;
      const length = Math.floor(limit / 4) + 1024;
      assert.throws(() => K.allocF32(length), (e: Error & { code?: string; limit?: string; requested?: number; allowed?: number }) =>
        e.code === "WEBGPU_LIMIT" && e.limit === "maxStorageBufferBindingSize" && e.requested === length * 4 && e.allowed === limit);
      assert.throws(() => K.allocWeight("blk.0.ffn_up.weight", GgmlType.Q8_K, 4, 256), { name: "InvalidArgumentError", message: /Q8_K/ });
      assert.throws(() => K.view(K.allocF32(8), 4, 8), { name: "InvalidArgumentError" });
    } finally {
      await K.dispose();
    }
  });
}
