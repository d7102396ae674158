// The shared kernel conformance suite (test/kernels/conformance.ts, same cases as kernels/ref)
// run on the WASM kernels, single-threaded and with 2 threads.
import { test } from "node:test";
import { existsSync } from "node:fs";
import { createWasmKernels } from "../../src/kernels/wasm/index.ts";

const suite = new URL("../kernels/conformance.ts", import.meta.url);
if (existsSync(suite)) {
  const { runKernelConformance } = (await import(suite.href)) as {
    runKernelConformance<A, H>(label: string, make: () => Promise<import("../../src/kernels/types.ts").Kernels<A, H>>): void;
  };
  runKernelConformance("wasm", () => createWasmKernels({ threads: 1 }));
  runKernelConformance("wasm-threads-2", () => createWasmKernels({ threads: 2 }));
} else {
  test("kernel conformance suite", { skip: "test/kernels/conformance.ts not present yet" }, () => {});
}
