/**
 * The hub's HTTP layout (Hugging Face's API): `GET /api/models/{repo}/tree/{rev}?recursive=true`
 * lists files — `{type, path, size, oid}`, plus `lfs: {oid: sha256, size}` for large files —
 * in pages linked by a `Link: <…>; rel="next"` header; `/{repo}/resolve/{rev}/{file}` serves a
 * file, redirecting large ones to a CDN host.
 */
import { HubAuthError, HubNotFoundError, HubUnreachableError } from "./errors.ts";
import { isShard, normalizeQuant, quantLabel } from "./quant-label.ts";

export interface HubOptions {
  endpoint: string;
  revision: string;
  token?: string;
  /** Per-request timeout before a response starts, ms. */
  timeoutMs?: number;
}

export interface HubFile {
  path: string;
  size: number;
  /** sha256 of the content for LFS files (the hub's `lfs.oid`). */
  sha256?: string;
  /** git blob id (sha1 of "blob {size}\0" + content) of a file kept in git itself (not LFS). */
  gitOid?: string;
}

/** A listing longer than this many pages is refused rather than followed without end. */
const MAX_PAGES = 100;

const base = (o: HubOptions) => o.endpoint.replace(/\/+$/, "");

export const resolveUrl = (o: HubOptions, repo: string, file: string) =>
  `${base(o)}/${repo}/resolve/${encodeURIComponent(o.revision)}/${file.split("/").map(encodeURIComponent).join("/")}`;

export async function hubFetch(url: string, o: HubOptions, init: RequestInit = {}, repo = ""): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), "user-agent": "medpsy" },
      signal: init.signal ?? AbortSignal.timeout(o.timeoutMs ?? 30_000),
    });
  } catch (err) {
    throw new HubUnreachableError(o.endpoint, (err as Error & { cause?: Error }).cause ?? err);
  }
  if (res.status === 401 || res.status === 403) throw new HubAuthError(repo, res.status);
  return res;
}

interface TreeEntry {
  type?: string;
  path?: string;
  size?: number;
  oid?: string;
  lfs?: { oid?: string; size?: number };
}

/** The `rel="next"` target of a Link header, if any. */
function nextLink(link: string | null, from: string): string | undefined {
  const m = link ? /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link) : null;
  return m ? new URL(m[1]!, from).toString() : undefined;
}

/** Every file of a repository at a revision (sub-folders included). */
export async function listRepoFiles(o: HubOptions, repo: string): Promise<HubFile[]> {
  const out: HubFile[] = [];
  let url: string | undefined = `${base(o)}/api/models/${repo}/tree/${encodeURIComponent(o.revision)}?recursive=true`;
  const host = new URL(url).host;
  for (let page = 0; url; page++) {
    if (page >= MAX_PAGES || new URL(url).host !== host) throw new HubUnreachableError(o.endpoint, new Error(`the file listing of ${repo} did not end after ${page} pages`));
    const res = await hubFetch(url, o, {}, repo);
    if (res.status === 404) throw new HubNotFoundError(`repository ${repo} (revision ${o.revision})`);
    if (!res.ok) throw new HubUnreachableError(o.endpoint, new Error(`HTTP ${res.status} listing ${repo}`));
    let list: unknown;
    try {
      list = await res.json();
    } catch (err) {
      throw new HubUnreachableError(o.endpoint, new Error(`the file listing of ${repo} is not JSON: ${(err as Error).message}`));
    }
    if (!Array.isArray(list)) throw new HubUnreachableError(o.endpoint, new Error(`the file listing of ${repo} is not a list`));
    for (const f of list as TreeEntry[]) {
      if (f?.type === "directory" || typeof f?.path !== "string") continue;
      const sha256 = typeof f.lfs?.oid === "string" && /^[0-9a-f]{64}$/.test(f.lfs.oid) ? f.lfs.oid : undefined;
      const gitOid = !f.lfs && typeof f.oid === "string" && /^[0-9a-f]{40}$/.test(f.oid) ? f.oid : undefined;
      out.push({ path: f.path, size: Number(f.lfs?.size ?? f.size ?? 0), sha256, gitOid });
    }
    url = nextLink(res.headers.get("link"), url);
  }
  return out;
}

/** GGUF files that are not shards of a split file, each with its quantization label. */
export function ggufChoices(files: readonly HubFile[]): Array<HubFile & { quant: string }> {
  const out: Array<HubFile & { quant: string }> = [];
  for (const f of files) {
    const quant = quantLabel(f.path);
    if (quant && !isShard(f.path)) out.push({ ...f, quant });
  }
  return out;
}

/** "Q4_K_M (2.50 GB), Q8_0 (4.28 GB)": what a repository offers, for error messages. */
export function describeChoices(files: readonly HubFile[]): string {
  const ggufs = ggufChoices(files).sort((a, b) => a.size - b.size);
  return ggufs.length ? ggufs.map((f) => `${f.quant} (${(f.size / 1e9).toFixed(2)} GB)`).join(", ") : "no single-file GGUF";
}

/** The GGUF of a repository whose name carries quantization `quant` (label compared whole, case-insensitive). */
export function pickByQuant(files: readonly HubFile[], repo: string, quant: string): HubFile {
  const want = normalizeQuant(quant);
  const hits = ggufChoices(files).filter((f) => f.quant === want);
  if (hits.length === 0) {
    throw new HubNotFoundError(
      `a ${want} file in ${repo}`,
      `the repository has: ${describeChoices(files)}; pick one as ${repo}:QUANT (or NAME:QUANT), or name a file with ${repo}:FILE`,
    );
  }
  // Several files of one quantization (e.g. at the root and in a folder): the shortest path.
  return hits.sort((a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path))[0]!;
}
