/**
 * The WebGPU backend for tests: a factory when an adapter exists; otherwise the tests are skipped
 * with the reason — except under CI (process.env.CI), where .ci/run installs Mesa's lavapipe and
 * a missing adapter is a failure, not a skip.
 */
import { test } from "node:test";
import { createWebGpuKernels, type WebGpuKernels } from "../../src/kernels/webgpu/index.ts";
import { requestAdapter } from "../../src/kernels/webgpu/device.ts";

export async function gpuOrSkip(): Promise<(() => Promise<WebGpuKernels>) | null> {
  try {
    await requestAdapter();
    return () => createWebGpuKernels();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (process.env.CI) test("a WebGPU adapter exists (CI installs Mesa's lavapipe)", () => { throw e; });
    else test(`WebGPU tests skipped: ${why}`, { skip: why }, () => {});
    return null;
  }
}
