/**
 * `loadModel(path)`: a GGUF file or a safetensors folder on disk → a `Model` (Node).
 * Browsers use `loadModelFromBytes` (src/sdk/load-bytes.ts) instead.
 */
import { availableParallelism } from "node:os";
import { openModelSource } from "../model/source.ts";
import { buildModel, checkLoadOptions, describe } from "./build-model.ts";
import type { LoadOptions, Model, ModelInfo } from "./types.ts";

export { DEFAULT_CONTEXT } from "./build-model.ts";

export async function loadModel(path: string, options: LoadOptions = {}): Promise<Model> {
  checkLoadOptions(options);
  const source = await openModelSource(path);
  try {
    return await buildModel(source, options, path, Math.max(1, availableParallelism()));
  } finally {
    await source.close();
  }
}

/** A model file's description without loading its weights. */
export async function inspectModel(path: string): Promise<ModelInfo> {
  const source = await openModelSource(path);
  try {
    return describe(source, source.config.trainedContext);
  } finally {
    await source.close();
  }
}
