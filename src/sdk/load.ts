/**
 * `loadModel(path)`: a GGUF file or a safetensors folder on disk → a `Model` (Node).
 * Browsers use `loadModelFromBytes` (src/sdk/load-bytes.ts) instead.
 */
import { availableParallelism } from "node:os";
import { openModelSource } from "../model/source.ts";
import { buildModel, checkLoadOptions, describe, DEFAULT_CONTEXT } from "./build-model.ts";
import { availableMemory } from "./available-memory.ts";
import { estimateMemory } from "./memory.ts";
import type { LoadOptions, Model, ModelInfo } from "./types.ts";

export { DEFAULT_CONTEXT } from "./build-model.ts";

export async function loadModel(path: string, options: LoadOptions = {}): Promise<Model> {
  checkLoadOptions(options);
  const source = await openModelSource(path);
  try {
    return await buildModel(source, options, path, Math.max(1, availableParallelism()), availableMemory());
  } finally {
    await source.close();
  }
}

/**
 * A model file's description without loading its weights, with the memory loading it would take
 * at `contextLength` (default: what loadModel uses) against the memory available now.
 */
export async function inspectModel(path: string, options: { contextLength?: number; threads?: number } = {}): Promise<ModelInfo> {
  checkLoadOptions(options);
  const source = await openModelSource(path);
  try {
    const info = describe(source, source.config.trainedContext);
    const context = Math.min(options.contextLength ?? DEFAULT_CONTEXT, source.config.trainedContext);
    const estimate = estimateMemory(source, context, options.threads ?? Math.max(1, availableParallelism()));
    const available = availableMemory();
    return { ...info, memory: { ...estimate, available, fits: estimate.total <= available } };
  } finally {
    await source.close();
  }
}
