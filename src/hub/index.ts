/**
 * Model files from a Hugging Face-style hub into the local cache, and names → paths.
 *
 * @example
 * ```ts
 * import { resolveModel, loadModel } from "medpsy";
 * const path = await resolveModel("medpsy-1.7b");          // pulls on first use, then works offline
 * const model = await loadModel(path);
 * ```
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultCacheDir, listCached, repoDir, type CachedModel, type Manifest } from "./cache.ts";
import { HubNotFoundError } from "./errors.ts";
import { normalizeQuant, quantLabel } from "./quant-label.ts";
import { parseModelSpec } from "./spec.ts";
import { pullModel, type PullOptions } from "./pull.ts";

export { KNOWN_MODELS, type KnownModel } from "./known-models.ts";
export { listCached, defaultCacheDir, type CachedModel } from "./cache.ts";
export { parseModelSpec, knownModels, type ModelSpec } from "./spec.ts";
export { pullModel, listModelFiles, type PullOptions, type PullResult, type RepoListing } from "./pull.ts";
export { quantLabel } from "./quant-label.ts";
export * from "./errors.ts";

/** A cached safetensors folder of `repo` with its config and every weight file its index names, or undefined. */
function cachedFolder(cache: string, repo: string, files: ReadonlySet<string>): string | undefined {
  if (!files.has("config.json")) return undefined;
  const dir = repoDir(cache, repo);
  if (files.has("model.safetensors.index.json")) {
    try {
      const index = JSON.parse(readFileSync(join(dir, "model.safetensors.index.json"), "utf8")) as { weight_map?: Record<string, string> };
      const shards = new Set(Object.values(index.weight_map ?? {}));
      return shards.size > 0 && [...shards].every((s) => files.has(s)) ? dir : undefined;
    } catch {
      return undefined;
    }
  }
  return files.has("model.safetensors") ? dir : undefined;
}

/**
 * A path as given, else a cached file or folder for the name (no network), else a pull.
 * `offline` forbids the pull.
 */
export async function resolveModel(nameOrPath: string, o: PullOptions & { offline?: boolean } = {}): Promise<string> {
  if (existsSync(nameOrPath)) return nameOrPath;
  const cache = o.cache ?? defaultCacheDir();
  const s = parseModelSpec(nameOrPath, cache);
  const cached = listCached(cache).filter((c): c is CachedModel & Manifest => c.state === "complete" && c.repo === s.repo);
  const hit = s.kind === "safetensors"
    ? cachedFolder(cache, s.repo, new Set(cached.map((c) => c.file)))
    : (s.file ? cached.find((c) => c.file === s.file) : cached.find((c) => quantLabel(c.file) === normalizeQuant(s.quant!)))?.path;
  if (hit) return hit;
  if (o.offline) throw new HubNotFoundError(`${nameOrPath} in the cache ${cache}`, "pull it first with `medpsy pull NAME`, or pass a file path");
  return (await pullModel(nameOrPath, o)).path;
}
