/**
 * The architectures this engine runs, keyed by GGUF `general.architecture`; Hugging Face
 * `model_type` values map to the same entries. Each entry is one folder under src/model/.
 */
import type { Architecture } from "./architecture.ts";
import type { ModelConfig } from "./config.ts";
import { UnsupportedArchitectureError } from "./errors.ts";
import { gemma3 } from "./gemma3/index.ts";
import { qwen2 } from "./qwen2/index.ts";
import { qwen3 } from "./qwen3/index.ts";

const ARCHITECTURES: readonly Architecture<any>[] = [qwen3, qwen2, gemma3];

export type { Architecture, ForwardOptions } from "./architecture.ts";

/** The GGUF names of every supported architecture. */
export const SUPPORTED_ARCHITECTURES: readonly string[] = ARCHITECTURES.map((a) => a.name);

/** The entry for a GGUF `general.architecture`. */
export function architectureFor(name: string): Architecture<ModelConfig> {
  const arch = ARCHITECTURES.find((a) => a.name === name);
  if (!arch) throw new UnsupportedArchitectureError(name, SUPPORTED_ARCHITECTURES);
  return arch;
}

/** The entry for a Hugging Face config.json (`model_type`). */
export function architectureForHf(modelType: unknown, architectures?: unknown): Architecture<ModelConfig> {
  const arch = ARCHITECTURES.find((a) => a.hfModelTypes.includes(String(modelType)));
  if (!arch) {
    const named = Array.isArray(architectures) ? architectures.join(",") : "";
    throw new UnsupportedArchitectureError(String(modelType ?? (named || "unknown")), ARCHITECTURES.flatMap((a) => a.hfModelTypes));
  }
  return arch;
}
