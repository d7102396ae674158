// The kernel-parameter conformance cases (test/kernels/conformance-params.ts) on the WASM
// kernels, single-threaded and with 2 threads.
import { createWasmKernels } from "../../src/kernels/wasm/index.ts";
import { runParamConformance } from "../kernels/conformance-params.ts";

runParamConformance("wasm", () => createWasmKernels({ threads: 1 }));
runParamConformance("wasm-threads-2", () => createWasmKernels({ threads: 2 }));
