/**
 * The local model cache: `{cache}/models/{owner}--{name}/{file}` with `{file}.json` beside it
 * (repository, revision, commit, size, sha256, time). Default `~/.cache/medpsy`, or MEDPSY_CACHE.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Manifest {
  repo: string;
  file: string;
  revision: string;
  commit?: string;
  size: number;
  sha256?: string;
  /** git blob id, for small files kept in git (not LFS). */
  gitOid?: string;
  downloadedAt: string;
}

export const defaultCacheDir = () => process.env.MEDPSY_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "medpsy");

export const repoDir = (cache: string, repo: string) => join(cache, "models", repo.replace("/", "--"));
export const filePath = (cache: string, repo: string, file: string) => join(repoDir(cache, repo), file.replaceAll("/", "__"));
export const manifestPath = (path: string) => `${path}.json`;

export function readManifest(path: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(manifestPath(path), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

export function writeManifest(path: string, m: Manifest): void {
  writeFileSync(manifestPath(path), JSON.stringify(m, null, 2) + "\n");
}

export interface CachedModel extends Partial<Manifest> {
  path: string;
  bytes: number;
  /** Finished and verified (a manifest exists), or a partial download. */
  state: "complete" | "partial";
}

export function listCached(cache: string): CachedModel[] {
  const root = join(cache, "models");
  if (!existsSync(root)) return [];
  const out: CachedModel[] = [];
  for (const dir of readdirSync(root).sort()) {
    const d = join(root, dir);
    if (!statSync(d).isDirectory()) continue;
    const names = readdirSync(d).sort();
    const present = new Set(names);
    for (const f of names) {
      // `{file}.json` beside a file (or its `.part`) is that file's manifest; config.json is a file.
      if (f.endsWith(".json") && (present.has(f.slice(0, -5)) || present.has(`${f.slice(0, -5)}.part`))) continue;
      const path = join(d, f);
      const bytes = statSync(path).size;
      if (f.endsWith(".part")) out.push({ path, bytes, state: "partial", repo: dir.replace("--", "/"), file: f.slice(0, -5) });
      else {
        const m = readManifest(path);
        if (m) out.push({ ...m, path, bytes, state: "complete" });
      }
    }
  }
  return out;
}
