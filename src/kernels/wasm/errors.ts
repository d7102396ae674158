/** Errors of the WebAssembly kernels. */
import { MedpsyError } from "../../errors.ts";

/** The weights plus buffers do not fit in one 32-bit WebAssembly memory (4 GiB). */
export class WasmMemoryLimitError extends MedpsyError {
  constructor(requestedBytes: number, usedBytes: number, limitBytes: number) {
    super("WASM_MEMORY_LIMIT", "the model does not fit in one WebAssembly memory", {
      expected: `at most ${limitBytes} bytes of weights and buffers`,
      found: `${usedBytes} bytes in use and ${requestedBytes} more requested`,
      hint: "use a smaller quantization (e.g. Q4_K_M), a shorter contextLength, or the reference kernels (MEDPSY_KERNELS=ref)",
    });
  }
}

/** This runtime cannot run the kernels (no WebAssembly SIMD, or no SharedArrayBuffer). */
export class WasmUnavailableError extends MedpsyError {
  constructor(found: string, cause?: unknown) {
    super("WASM_UNAVAILABLE", "WebAssembly SIMD kernels are not available here", {
      expected: "WebAssembly with 128-bit SIMD and SharedArrayBuffer (in a browser: cross-origin isolation)",
      found,
      hint: "use Node >= 22, or serve the page with COOP/COEP headers; the reference kernels still work",
      cause,
    });
  }
}

/** A weight type these kernels have no dot product for. */
export class WasmUnsupportedTypeError extends MedpsyError {
  constructor(name: string, type: number) {
    super("WASM_UNSUPPORTED_TYPE", `tensor ${name} has a type the WebAssembly kernels cannot run`, {
      expected: "F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K or Q6_K",
      found: `type id ${type}`,
      hint: "requantize the model to a supported type",
    });
  }
}

/** A handle or buffer that this kernels instance did not hand out, or of the wrong size. */
export class WasmBadArgumentError extends MedpsyError {
  constructor(message: string, expected: string, found: string, hint = "this is a bug in the caller of the kernels") {
    super("WASM_BAD_ARGUMENT", message, { expected, found, hint });
  }
}
