/**
 * Pulling from the hub: one GGUF picked by its quantization label from the repository's file
 * listing (never a guessed name), or a whole safetensors folder (shards, their index, config,
 * tokenizer), each file resumable and checked against the hub's checksum.
 */
import { existsSync } from "node:fs";
import { filePath, readManifest, repoDir, writeManifest, type Manifest } from "./cache.ts";
import { downloadFile, type DownloadOptions } from "./download.ts";
import { HubNotFoundError } from "./errors.ts";
import { ggufChoices, listRepoFiles, pickByQuant, resolveUrl, type HubFile, type HubOptions } from "./hub-api.ts";
import { parseModelSpec, type ModelSpec } from "./spec.ts";
import { defaultCacheDir } from "./cache.ts";

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
  /** The GGUF file, or the folder of a safetensors model. */
  path: string;
  /** False when everything was already in the cache. */
  downloaded: boolean;
  /** Every file pulled (one for a GGUF). */
  files: string[];
}

export const hubOptions = (o: PullOptions): HubOptions => ({
  endpoint: o.endpoint ?? process.env.MEDPSY_HUB_ENDPOINT ?? process.env.HF_ENDPOINT ?? "https://huggingface.co",
  revision: o.revision ?? "main",
  token: o.token ?? process.env.HF_TOKEN,
});

/** Files a safetensors folder needs: weights and their index, configs, tokenizer, chat template. */
const FOLDER_FILE = /^[^/]+\.(safetensors|json|txt|jinja|model)$/i;

export interface RepoListing {
  repo: string;
  kind: "gguf" | "safetensors";
  /** Every file of the repository; GGUFs carry their quantization label. */
  files: Array<HubFile & { quant?: string }>;
}

/** `medpsy pull --list NAME`: the repository's files, sizes and quantization labels. */
export async function listModelFiles(spec: string, o: PullOptions = {}): Promise<RepoListing> {
  const s = parseModelSpec(spec, o.cache ?? defaultCacheDir());
  const files = await listRepoFiles(hubOptions(o), s.repo);
  const labels = new Map(ggufChoices(files).map((f) => [f.path, f.quant]));
  return { repo: s.repo, kind: s.kind, files: files.map((f) => ({ ...f, quant: labels.get(f.path) })) };
}

/** One file into the cache (skipped when a verified copy is there). */
async function pullFile(cache: string, repo: string, f: HubFile, hub: HubOptions, o: PullOptions): Promise<Manifest & { path: string; downloaded: boolean }> {
  const dest = filePath(cache, repo, f.path);
  const have = readManifest(dest);
  if (existsSync(dest) && have && have.size === f.size && (!f.sha256 || have.sha256 === f.sha256) && (!f.gitOid || have.gitOid === f.gitOid)) {
    return { ...have, path: dest, downloaded: false };
  }
  const dl: DownloadOptions = { ...hub, stallMs: o.stallMs, retries: o.retries, backoffMs: o.backoffMs, onProgress: (d, t) => o.onProgress?.(d, t, f.path) };
  const got = await downloadFile(resolveUrl(hub, repo, f.path), dest, { size: f.size, sha256: f.sha256, gitOid: f.gitOid }, dl, repo);
  const manifest: Manifest = { repo, file: f.path, revision: hub.revision, commit: got.commit, size: got.size, sha256: got.sha256, gitOid: f.gitOid, downloadedAt: new Date().toISOString() };
  writeManifest(dest, manifest);
  return { ...manifest, path: dest, downloaded: true };
}

/** The GGUF a spec names: its exact file, or the one carrying its quantization label. */
export function chooseGguf(s: ModelSpec, files: readonly HubFile[]): HubFile {
  if (!s.file) return pickByQuant(files, s.repo, s.quant!);
  const f = files.find((x) => x.path === s.file);
  if (!f) throw new HubNotFoundError(`${s.repo}:${s.file}`, `the repository has: ${files.map((x) => x.path).join(", ")}`);
  return f;
}

export async function pullModel(spec: string, o: PullOptions = {}): Promise<PullResult> {
  const cache = o.cache ?? defaultCacheDir();
  const s = parseModelSpec(spec, cache);
  const hub = hubOptions(o);
  const files = await listRepoFiles(hub, s.repo);
  if (s.kind === "safetensors") return pullFolder(cache, s.repo, files, hub, o);
  const r = await pullFile(cache, s.repo, chooseGguf(s, files), hub, o);
  return { ...r, files: [r.file] };
}

async function pullFolder(cache: string, repo: string, all: readonly HubFile[], hub: HubOptions, o: PullOptions): Promise<PullResult> {
  const files = all.filter((f) => FOLDER_FILE.test(f.path));
  const names = new Set(files.map((f) => f.path));
  if (!names.has("config.json") || !files.some((f) => /\.safetensors$/i.test(f.path))) {
    throw new HubNotFoundError(`a safetensors model folder in ${repo}`, `the repository has: ${all.map((f) => f.path).join(", ") || "no files"}; a GGUF repository is pulled by its GGUF name`);
  }
  let downloaded = false, size = 0;
  let commit: string | undefined;
  // Small files first: a missing tokenizer or config shows before gigabytes of weights.
  for (const f of [...files].sort((a, b) => a.size - b.size)) {
    const r = await pullFile(cache, repo, f, hub, o);
    downloaded ||= r.downloaded;
    commit ??= r.commit;
    size += r.size;
  }
  const index = names.has("model.safetensors.index.json") ? "model.safetensors.index.json" : files.find((f) => /\.safetensors$/i.test(f.path))!.path;
  return { repo, file: index, revision: hub.revision, commit, size, downloadedAt: new Date().toISOString(), path: repoDir(cache, repo), downloaded, files: files.map((f) => f.path) };
}
