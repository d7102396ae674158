/** The hub's HTTP layout: `/api/models/{repo}/tree/{rev}` lists files, `/{repo}/resolve/{rev}/{file}` serves them. */
import { HubAuthError, HubNotFoundError, HubUnreachableError } from "./errors.ts";

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
}

export const resolveUrl = (o: HubOptions, repo: string, file: string) =>
  `${o.endpoint.replace(/\/+$/, "")}/${repo}/resolve/${encodeURIComponent(o.revision)}/${file.split("/").map(encodeURIComponent).join("/")}`;

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

export async function listRepoFiles(o: HubOptions, repo: string): Promise<HubFile[]> {
  const url = `${o.endpoint.replace(/\/+$/, "")}/api/models/${repo}/tree/${encodeURIComponent(o.revision)}`;
  const res = await hubFetch(url, o, {}, repo);
  if (res.status === 404) throw new HubNotFoundError(`repository ${repo} (revision ${o.revision})`);
  if (!res.ok) throw new HubUnreachableError(o.endpoint, new Error(`HTTP ${res.status} listing ${repo}`));
  const list = (await res.json()) as Array<{ type?: string; path?: string; size?: number; lfs?: { oid?: string; size?: number } }>;
  return list
    .filter((f) => f.type !== "directory" && typeof f.path === "string")
    .map((f) => ({ path: f.path!, size: f.lfs?.size ?? f.size ?? 0, sha256: f.lfs?.oid }));
}

/** The file of a repository matching a quantization tag (e.g. "q4_k_m" matches "MedPsy-4B-Q4_K_M.gguf"). */
export function pickByQuant(files: HubFile[], repo: string, quant: string): HubFile {
  const tag = quant.toLowerCase().replace(/[-_.]/g, "");
  const ggufs = files.filter((f) => f.path.toLowerCase().endsWith(".gguf"));
  const hits = ggufs.filter((f) => f.path.toLowerCase().replace(/[-_.]/g, "").includes(tag));
  if (hits.length === 0) {
    throw new HubNotFoundError(`a ${quant} file in ${repo}`, `the repository has: ${ggufs.map((f) => f.path).join(", ") || "no .gguf files"}; name one with ${repo}:FILE`);
  }
  // Prefer a single-file GGUF over split shards ("-00001-of-00002").
  return hits.sort((a, b) => Number(/-\d{5}-of-\d{5}/.test(a.path)) - Number(/-\d{5}-of-\d{5}/.test(b.path)) || a.path.length - b.path.length)[0]!;
}
