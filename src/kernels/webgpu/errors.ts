/** Errors of the WebGPU kernels: each names the limit and the numbers involved. */
import { MedpsyError } from "../../errors.ts";

/** No WebGPU adapter here (no `webgpu` package in Node, no `navigator.gpu`, or no driver). */
export class WebGpuUnavailableError extends MedpsyError {
  constructor(found: string, cause?: unknown) {
    super("WEBGPU_UNAVAILABLE", "no WebGPU adapter is available", {
      expected: "a WebGPU adapter (Node: the `webgpu` package and a Vulkan, Metal or D3D12 driver; browsers: navigator.gpu)",
      found,
      hint: 'use device "cpu" (or "auto", which falls back to it); on Linux without a GPU, Mesa\'s lavapipe >= 25 provides a software adapter',
      cause,
    });
  }
}

/** A buffer larger than the adapter allows (one weight, a KV cache, a scratch buffer). */
export class WebGpuLimitError extends MedpsyError {
  readonly limit: string;
  readonly requested: number;
  readonly allowed: number;
  constructor(what: string, limit: string, requested: number, allowed: number) {
    super("WEBGPU_LIMIT", `${what} does not fit the WebGPU adapter's ${limit}`, {
      expected: `at most ${allowed} bytes (${limit})`,
      found: `${requested} bytes`,
      hint: 'use a smaller quantization or context length, or device "cpu"',
    });
    this.limit = limit;
    this.requested = requested;
    this.allowed = allowed;
  }
}

/** The device was lost (driver reset, out of memory, destroyed) or reported an error. */
export class WebGpuDeviceError extends MedpsyError {
  constructor(message: string, found: string, cause?: unknown) {
    super("WEBGPU_DEVICE", message, {
      expected: "a working WebGPU device",
      found,
      hint: 'reload the model, or use device "cpu"',
      cause,
    });
  }
}
