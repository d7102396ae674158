/**
 * Picks the kernels implementation: the WebAssembly SIMD kernels (threaded, relaxed SIMD when
 * its self-test passes) by default; `MEDPSY_KERNELS=ref` or `backend: "ref"` selects the plain
 * TypeScript reference (the spec, slow).
 */
import type { Kernels } from "./types.ts";

export interface KernelChoice {
  threads: number;
  /** "wasm" (default) or "ref". */
  backend?: "wasm" | "ref";
}

export async function createKernels(choice: KernelChoice): Promise<Kernels> {
  const env = typeof process !== "undefined" ? process.env.MEDPSY_KERNELS : undefined;
  const backend = choice.backend ?? (env === "ref" ? "ref" : "wasm");
  if (backend === "ref") {
    const { createRefKernels } = await import("./ref/index.ts");
    return createRefKernels();
  }
  const { createWasmKernels } = await import("./wasm/index.ts");
  return createWasmKernels({ threads: choice.threads });
}
