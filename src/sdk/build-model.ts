/**
 * Builds a Model from an opened ModelSource: stream the weights into the kernels in their stored
 * form, build the forward pass and the tokenizer. No Node APIs: shared by `loadModel` (files) and
 * `loadModelFromBytes` (browsers).
 */
import { InvalidArgumentError } from "../errors.ts";
import { openEngine, PREFILL_BATCH } from "../engine/open.ts";
import { chooseDevice, DEVICE_OPTIONS } from "../engine/device.ts";
import { kvCacheBytes } from "../engine/shape.ts";
import type { ModelSource } from "../model/source.ts";
import { typeName } from "../tensor/dtypes.ts";
import { CARD_DEFAULTS, ModelCore } from "./model-core.ts";
import { LocalModel } from "./local-model.ts";
import { withLoadReports } from "./load-reports.ts";
import type { LoadOptions, Model, ModelInfo } from "./types.ts";
import { checkMemory, estimateMemory } from "./memory.ts";

/** Default KV cache size when the caller does not choose: enough for long answers, modest memory. */
export const DEFAULT_CONTEXT = 8192;

/** Logical cores: Node's availableParallelism, a browser's hardwareConcurrency. */
export function defaultThreads(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/** `available`: bytes this machine has for the model (Node), checked before any weight is read. */
export async function buildModel(source: ModelSource, options: LoadOptions, modelPath: string | undefined, threads: number, available?: number): Promise<Model> {
  checkLoadOptions(options);
  options = withLoadReports(options, source);
  const contextLength = Math.min(options.contextLength ?? DEFAULT_CONTEXT, source.config.trainedContext);
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  let backend = await chooseDevice(options.device ?? "cpu", { shape: source.config, tensors: source.tensors.values(), contextLength }, warn);
  const estimate = estimateMemory(source, contextLength, options.threads ?? threads);
  // On the GPU the weights and caches live in device memory, which WebGPU does not report: the
  // adapter's buffer limits were checked instead (chooseDevice).
  if (backend === "cpu") checkMemory(source.name ?? modelPath ?? "this model", estimate, options.memoryBudget ?? available, options.memoryBudget !== undefined);
  const open = (on: "webgpu" | "cpu") => openEngine(source, {
    threads: options.threads ?? threads,
    backend: on === "webgpu" ? "webgpu" : undefined,
    maxRows: PREFILL_BATCH,
    onProgress: options.onProgress,
  });
  let engine = await open(backend);
  if (backend === "webgpu") {
    // Uploads report an out-of-memory or a lost device asynchronously: wait for them here.
    try {
      await engine.kernels.sync();
    } catch (e) {
      await engine.dispose().catch(() => {});
      if (options.device !== "auto") throw e;
      warn(`running on the CPU: loading onto the GPU failed: ${e instanceof Error ? e.message : String(e)}`);
      backend = "cpu";
      checkMemory(source.name ?? modelPath ?? "this model", estimate, options.memoryBudget ?? available, options.memoryBudget !== undefined);
      engine = await open("cpu");
    }
  }
  const device = backend === "webgpu" ? engine.kernels.name : engine.kernels.name === "ref" ? "cpu (ref)" : `cpu (wasm, ${options.threads ?? threads} threads)`;
  const endTokens = new Set<number>([...source.tokenizer.eogIds, ...source.extraEndTokens]);
  const core = new ModelCore({
    engine,
    tokenizer: source.tokenizer,
    chatTemplate: source.chatTemplate,
    defaults: { ...CARD_DEFAULTS, ...definedOnly(source.sampling) },
    endTokens,
    contextLength,
    modelPath,
  });
  return new LocalModel(core, { ...describe(source, contextLength), device });
}

export function describe(source: ModelSource, contextLength: number): ModelInfo {
  const tensorTypes: Record<string, number> = {};
  let parameterCount = 0;
  for (const t of source.tensors.values()) {
    const name = typeName(t.type);
    tensorTypes[name] = (tensorTypes[name] ?? 0) + 1;
    parameterCount += t.dims.reduce((a, b) => a * b, 1);
  }
  return {
    architecture: source.config.architecture,
    parameterCount,
    tensorTypes,
    contextLength,
    trainedContextLength: source.config.trainedContext,
    fileSize: source.fileSize,
    format: source.format,
    name: source.name,
    vocabSize: source.config.vocabSize,
    layers: source.config.layers,
    hiddenSize: source.config.hidden,
    kvCacheBytes: kvCacheBytes(source.config, contextLength),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function checkLoadOptions(o: LoadOptions): void {
  if (o.device !== undefined && !DEVICE_OPTIONS.includes(o.device)) {
    throw new InvalidArgumentError("device is not one of the known devices", { expected: DEVICE_OPTIONS.map((d) => `"${d}"`).join(", "), found: JSON.stringify(o.device) });
  }
  if (o.memoryBudget !== undefined && !(typeof o.memoryBudget === "number" && o.memoryBudget > 0)) {
    throw new InvalidArgumentError("memoryBudget must be a positive number of bytes", { expected: "bytes > 0, or Infinity to skip the memory check", found: String(o.memoryBudget) });
  }
  if (o.threads !== undefined && (!Number.isInteger(o.threads) || o.threads < 1 || o.threads > 256)) {
    throw new InvalidArgumentError("threads is out of range", { expected: "an integer in 1..256", found: String(o.threads) });
  }
  if (o.contextLength !== undefined && (!Number.isInteger(o.contextLength) || o.contextLength < 16 || o.contextLength > 16_777_216)) {
    throw new InvalidArgumentError("contextLength is out of range", {
      expected: "an integer in 16..16777216",
      found: String(o.contextLength),
    });
  }
}

