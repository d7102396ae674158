/// <reference types="@webgpu/types" />
/**
 * Opening a WebGPU device: the page's `navigator.gpu` in a browser, the `webgpu` package (Dawn)
 * in Node. Dawn's instance (the object `create()` returns) must stay referenced for as long as a
 * device from it lives — if V8 collects it, the next event poll reads freed memory (SIGSEGV,
 * futex errors or a hang) — so the returned `GpuContext` holds it and every kernels instance
 * holds its context.
 */
import { WebGpuUnavailableError } from "./errors.ts";

export interface GpuContext {
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** Human-readable adapter name ("llvmpipe", "NVIDIA H200", …). */
  readonly adapterName: string;
  /** Keeps Dawn's instance alive while the device lives (see above). */
  readonly instance: unknown;
}

// The module specifier is a variable so that browser bundlers do not try to resolve Dawn.
const DAWN_MODULE = "webgpu";

async function gpuEntry(): Promise<{ gpu: GPU; instance: unknown }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, instance: nav.gpu };
  if (typeof process === "undefined" || !process.versions?.node) throw new WebGpuUnavailableError("no navigator.gpu in this runtime");
  let mod: { create(flags: string[]): GPU; globals: Record<string, unknown> };
  try {
    mod = (await import(DAWN_MODULE)) as typeof mod;
  } catch (e) {
    throw new WebGpuUnavailableError("the `webgpu` package is not installed (npm install webgpu)", e);
  }
  // Dawn's enums (GPUBufferUsage, GPUMapMode, …) are globals in browsers; the kernels use them.
  for (const [k, v] of Object.entries(mod.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  // XDG_RUNTIME_DIR unset makes Mesa's Vulkan loader print a warning on every start.
  if (process.env.XDG_RUNTIME_DIR === undefined) process.env.XDG_RUNTIME_DIR = "/tmp";
  const gpu = mod.create([]);
  return { gpu, instance: gpu };
}

export function describeAdapter(adapter: GPUAdapter): string {
  const i = adapter.info;
  const text = i?.description || i?.device || [i?.vendor, i?.architecture].filter(Boolean).join(" ");
  // lavapipe describes itself as "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)": the part before the colon names it.
  return (text || "unknown adapter").split(":")[0]!.trim();
}

/** The adapter alone (for "auto": does one exist, what are its limits) — or an error saying why not. */
export async function requestAdapter(): Promise<{ adapter: GPUAdapter; instance: unknown }> {
  const { gpu, instance } = await gpuEntry();
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    throw new WebGpuUnavailableError("requestAdapter failed", e);
  }
  if (!adapter) throw new WebGpuUnavailableError("requestAdapter returned no adapter (no GPU driver, or WebGPU disabled)");
  return { adapter, instance };
}

/** A device with the adapter's own storage limits (the defaults are far lower: 128 MiB bindings). */
export async function openGpu(): Promise<GpuContext> {
  const { adapter, instance } = await requestAdapter();
  const l = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      },
    });
  } catch (e) {
    throw new WebGpuUnavailableError(`requestDevice failed on ${describeAdapter(adapter)}`, e);
  }
  return { adapter, device, adapterName: describeAdapter(adapter), instance };
}
