/**
 * Where a model runs: `device: "cpu"` (the WebAssembly kernels, or the reference under
 * MEDPSY_KERNELS=ref), `"webgpu"` (the GPU kernels; a typed error when they cannot run it) or
 * `"auto"` (WebGPU when a hardware adapter exists and the model fits its limits, else the CPU,
 * saying why). The fit check runs before any weight is read: a row of each matrix as the WebGPU
 * kernels hold it (kernels/webgpu: stored blocks, or F32 for the types it dequantizes; they split
 * a matrix by rows across buffers) and each layer's KV cache against the adapter's largest buffer
 * binding. WebGPU does not report the device's memory: running out of it while loading surfaces
 * as a device error (a typed error, or with "auto" the CPU).
 */
import { MedpsyError } from "../errors.ts";
import { typeName } from "../tensor/dtypes.ts";
import { layerCapacity, type ModelShape } from "./shape.ts";
import { WebGpuLimitError, WebGpuUnavailableError } from "../kernels/webgpu/errors.ts";
import { heldWeightBytes } from "../kernels/webgpu/held.ts";

export type DeviceOption = "auto" | "webgpu" | "cpu";
export const DEVICE_OPTIONS: readonly DeviceOption[] = ["auto", "webgpu", "cpu"];

export interface DeviceModel {
  shape: ModelShape;
  tensors: Iterable<{ name: string; type: number; dims: number[] }>;
  contextLength: number;
}

/** Why the WebGPU kernels cannot hold this model (a typed error), or null when they can. */
export function webGpuMisfit(model: DeviceModel, limits: { maxStorageBufferBindingSize: number; maxBufferSize: number }): MedpsyError | null {
  const allowed = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const limit = limits.maxStorageBufferBindingSize <= limits.maxBufferSize ? "maxStorageBufferBindingSize" : "maxBufferSize";
  for (const t of model.tensors) {
    if (t.dims.length < 2) continue;
    // The kernels split a weight by rows across buffers: one row must fit one binding.
    const bytes = heldWeightBytes(t.type, 1, t.dims[0]!);
    if (bytes > allowed) return new WebGpuLimitError(`one row of tensor ${t.name} (${t.dims.join("×")} ${typeName(t.type)})`, limit, bytes, allowed);
  }
  const s = model.shape;
  for (let l = 0; l < s.layers; l++) {
    const bytes = layerCapacity(s, l, model.contextLength) * s.kvHeads * s.headDim * 2;
    if (bytes > allowed) return new WebGpuLimitError(`layer ${l}'s KV cache at context ${model.contextLength}`, limit, bytes, allowed);
  }
  return null;
}

/** A software adapter (Mesa's lavapipe, SwiftShader): correct, but slower than the CPU kernels. */
export function isSoftwareAdapter(name: string, adapter?: { info?: { isFallbackAdapter?: boolean } }): boolean {
  return adapter?.info?.isFallbackAdapter === true || /llvmpipe|lavapipe|swiftshader|software/i.test(name);
}

/**
 * The backend to open for `device`: "webgpu" or "cpu". With "webgpu" a missing adapter or a model
 * over the limits throws; with "auto" they fall back to the CPU through `warn`.
 */
export async function chooseDevice(device: DeviceOption, model: DeviceModel, warn: (message: string) => void): Promise<"webgpu" | "cpu"> {
  if (device === "cpu") return "cpu";
  const { requestAdapter, describeAdapter } = await import("../kernels/webgpu/device.ts");
  let found: Awaited<ReturnType<typeof requestAdapter>>;
  try {
    found = await requestAdapter();
  } catch (e) {
    if (device === "webgpu") throw e;
    warn(`running on the CPU: ${e instanceof WebGpuUnavailableError ? e.found : String(e)}`);
    return "cpu";
  }
  const name = describeAdapter(found.adapter);
  const misfit = webGpuMisfit(model, found.adapter.limits);
  if (misfit) {
    if (device === "webgpu") throw misfit;
    warn(`running on the CPU: the model does not fit WebGPU adapter ${name}: ${misfit.message}`);
    return "cpu";
  }
  if (device === "auto" && isSoftwareAdapter(name, found.adapter)) {
    warn(`running on the CPU: the only WebGPU adapter is a software one (${name}), slower than the CPU kernels; device "webgpu" forces it`);
    return "cpu";
  }
  return "webgpu";
}
