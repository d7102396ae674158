/**
 * Picks the kernels implementation: the WebAssembly SIMD kernels (threaded, relaxed SIMD when
 * its self-test passes) by default; `MEDPSY_KERNELS=ref` or `backend: "ref"` selects the plain
 * TypeScript reference (the spec, slow); `backend: "webgpu"` the GPU kernels (engine/device.ts
 * decides when).
 */
import type { Kernels } from "./types.ts";

export interface KernelChoice {
  threads: number;
  /** "wasm" (default), "ref" or "webgpu". */
  backend?: "wasm" | "ref" | "webgpu";
}

export async function createKernels(choice: KernelChoice): Promise<Kernels<unknown, unknown>> {
  if (choice.backend === "webgpu") {
    const { createWebGpuKernels } = await import("./webgpu/index.ts");
    return (await createWebGpuKernels()) as Kernels<unknown, unknown>;
  }
  const env = typeof process !== "undefined" ? process.env.MEDPSY_KERNELS : undefined;
  const backend = choice.backend ?? (env === "ref" ? "ref" : "wasm");
  if (backend === "ref") {
    const { createRefKernels } = await import("./ref/index.ts");
    return createRefKernels() as Kernels<unknown, unknown>;
  }
  const { createWasmKernels } = await import("./wasm/index.ts");
  return (await createWasmKernels({ threads: choice.threads })) as Kernels<unknown, unknown>;
}
