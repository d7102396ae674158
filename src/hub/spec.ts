/** Model specs as users write them: a known name (optionally `:QUANT`), or `owner/repo[:QUANT|:FILE]`. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError } from "../errors.ts";
import { defaultCacheDir } from "./cache.ts";
import { KNOWN_MODELS, type KnownModel } from "./known-models.ts";
import { isQuantLabel } from "./quant-label.ts";

export interface ModelSpec {
  repo: string;
  kind: "gguf" | "safetensors";
  /** An exact file of the repository. */
  file?: string;
  /** A quantization label to pick a GGUF by (GGUF only). */
  quant?: string;
}

/** The known names, with the user's registry (`{cache}/registry.json`) over them. */
export function knownModels(cache = defaultCacheDir()): Record<string, KnownModel> {
  const p = join(cache, "registry.json");
  if (!existsSync(p)) return KNOWN_MODELS;
  try {
    return { ...KNOWN_MODELS, ...(JSON.parse(readFileSync(p, "utf8")) as Record<string, KnownModel>) };
  } catch (err) {
    throw new InvalidArgumentError(`cannot read the model registry ${p}`, { expected: '{"name": {"repo": "owner/name", "defaultQuant": "q4_k_m"}}', found: (err as Error).message });
  }
}

/** A `:QUANT` that cannot be a quantization label is refused here, before asking the hub. */
function checkedQuant(spec: string, sel: string | undefined): string | undefined {
  if (!sel) return undefined;
  if (!isQuantLabel(sel)) {
    throw new InvalidArgumentError(`"${sel}" is not a quantization label`, {
      expected: "a label as GGUF file names carry it: q4_k_m, q3_k_m, q5_k_m, q6_k, q8_0, iq4_xs, bf16, f16…, or a file name ending in .gguf",
      found: spec,
      hint: `\`medpsy pull --list ${spec.split(":")[0]}\` shows the repository's files and their labels`,
    });
  }
  return sel;
}

/** "medpsy-4b", "medpsy-4b:q3_k_m", "medpsy-4b-hf", "owner/repo", "owner/repo:iq4_xs", "owner/repo:file.gguf". */
export function parseModelSpec(spec: string, cache = defaultCacheDir()): ModelSpec {
  const [name, sel] = spec.split(/:(.*)/s, 2) as [string, string | undefined];
  const registry = knownModels(cache);
  const known = registry[name.toLowerCase()];
  if (known) {
    const kind = known.kind ?? "gguf";
    if (kind === "safetensors") {
      if (sel) throw new InvalidArgumentError(`${name} is a safetensors folder: it has no quantizations to pick`, { expected: name, found: spec, hint: "pull the GGUF name (without -hf) to pick a quantization" });
      return { repo: known.repo, kind };
    }
    return { repo: known.repo, kind, quant: checkedQuant(spec, sel) ?? known.defaultQuant ?? "q4_k_m" };
  }
  if (/^[\w.-]+\/[\w.-]+$/.test(name)) {
    if (sel && /\.\w+$/.test(sel)) return { repo: name, kind: "gguf", file: sel };
    return { repo: name, kind: "gguf", quant: checkedQuant(spec, sel) ?? "q4_k_m" };
  }
  throw new InvalidArgumentError(`"${spec}" is neither a file nor a model name`, {
    expected: `a path, one of ${Object.keys(registry).join(", ")} (GGUF names take :QUANT, e.g. :q3_k_m or :iq4_xs), or owner/repo[:QUANT|:FILE]`,
    found: spec,
  });
}
