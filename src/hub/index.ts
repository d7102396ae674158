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
import { InvalidArgumentError } from "../errors.ts";
import { defaultCacheDir, filePath, listCached, readManifest, writeManifest, type CachedModel, type Manifest } from "./cache.ts";
import { downloadFile, type DownloadOptions } from "./download.ts";
import { HubNotFoundError } from "./errors.ts";
import { listRepoFiles, pickByQuant, resolveUrl } from "./hub-api.ts";
import { KNOWN_MODELS, type KnownModel } from "./known-models.ts";

export { KNOWN_MODELS } from "./known-models.ts";
export { listCached, defaultCacheDir, type CachedModel } from "./cache.ts";
export * from "./errors.ts";

export interface PullOptions {
  cache?: string;
  /** Hub base URL. Default MEDPSY_HUB_ENDPOINT, HF_ENDPOINT, or https://huggingface.co. */
  endpoint?: string;
  revision?: string;
  token?: string;
  stallMs?: number;
  retries?: number;
  backoffMs?: number;
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface PullResult extends Manifest {
  path: string;
  /** False when the file was already in the cache. */
  downloaded: boolean;
}

interface Spec {
  repo: string;
  file?: string;
  quant?: string;
}

function registry(cache: string): Record<string, KnownModel> {
  const p = join(cache, "registry.json");
  if (!existsSync(p)) return KNOWN_MODELS;
  try {
    return { ...KNOWN_MODELS, ...(JSON.parse(readFileSync(p, "utf8")) as Record<string, KnownModel>) };
  } catch (err) {
    throw new InvalidArgumentError(`cannot read the model registry ${p}`, { expected: '{"name": {"repo": "owner/name", "defaultQuant": "q4_k_m"}}', found: (err as Error).message });
  }
}

/** "medpsy-4b", "medpsy-4b:q8_0", "owner/repo", "owner/repo:file.gguf". */
export function parseModelSpec(spec: string, cache = defaultCacheDir()): Spec {
  const [name, sel] = spec.split(/:(.*)/s, 2) as [string, string | undefined];
  const known = registry(cache)[name.toLowerCase()];
  if (known) return { repo: known.repo, quant: sel || known.defaultQuant };
  if (/^[\w.-]+\/[\w.-]+$/.test(name)) return sel && /\.\w+$/.test(sel) ? { repo: name, file: sel } : { repo: name, quant: sel || "q4_k_m" };
  throw new InvalidArgumentError(`"${spec}" is neither a file nor a model name`, {
    expected: `a path, one of ${Object.keys(registry(cache)).join(", ")} (optionally :q8_0 or :bf16), or owner/repo:FILE`,
    found: spec,
  });
}

const hubOptions = (o: PullOptions) => ({
  endpoint: o.endpoint ?? process.env.MEDPSY_HUB_ENDPOINT ?? process.env.HF_ENDPOINT ?? "https://huggingface.co",
  revision: o.revision ?? "main",
  token: o.token ?? process.env.HF_TOKEN,
});

export async function pullModel(spec: string, o: PullOptions = {}): Promise<PullResult> {
  const cache = o.cache ?? defaultCacheDir();
  const s = parseModelSpec(spec, cache);
  const hub = hubOptions(o);
  const files = await listRepoFiles(hub, s.repo);
  const chosen = s.file ? files.find((f) => f.path === s.file) : pickByQuant(files, s.repo, s.quant!);
  if (!chosen) throw new HubNotFoundError(`${s.repo}:${s.file}`, `the repository has: ${files.map((f) => f.path).join(", ")}`);
  const dest = filePath(cache, s.repo, chosen.path);
  const have = readManifest(dest);
  if (existsSync(dest) && have && have.size === chosen.size && (!chosen.sha256 || have.sha256 === chosen.sha256)) return { ...have, path: dest, downloaded: false };
  const dl: DownloadOptions = { ...hub, stallMs: o.stallMs, retries: o.retries, backoffMs: o.backoffMs, onProgress: (d, t) => o.onProgress?.(d, t, chosen.path) };
  const got = await downloadFile(resolveUrl(hub, s.repo, chosen.path), dest, { size: chosen.size, sha256: chosen.sha256 }, dl, s.repo);
  const manifest: Manifest = { repo: s.repo, file: chosen.path, revision: hub.revision, commit: got.commit, size: got.size, sha256: got.sha256, downloadedAt: new Date().toISOString() };
  writeManifest(dest, manifest);
  return { ...manifest, path: dest, downloaded: true };
}

/**
 * A path as given, else a cached file for the name (no network), else a pull. `offline` forbids
 * the pull.
 */
export async function resolveModel(nameOrPath: string, o: PullOptions & { offline?: boolean } = {}): Promise<string> {
  if (existsSync(nameOrPath)) return nameOrPath;
  const cache = o.cache ?? defaultCacheDir();
  const s = parseModelSpec(nameOrPath, cache);
  const cached = listCached(cache).filter((c): c is CachedModel & Manifest => c.state === "complete" && c.repo === s.repo);
  const hit = s.file ? cached.find((c) => c.file === s.file) : cached.find((c) => c.file.toLowerCase().replace(/[-_.]/g, "").includes(s.quant!.toLowerCase().replace(/[-_.]/g, "")));
  if (hit) return hit.path;
  if (o.offline) throw new HubNotFoundError(`${nameOrPath} in the cache ${cache}`, "pull it first with `medpsy pull NAME`, or pass a file path");
  return (await pullModel(nameOrPath, o)).path;
}
