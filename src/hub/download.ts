/**
 * One file from the hub into the cache: to `{file}.part`, resuming a partial file with
 * `Range: bytes=N-` (restarting cleanly if the server ignores it), hashing as it writes (a resumed
 * part is re-hashed first), a stall timer that aborts an attempt when no bytes arrive, bounded
 * retries with backoff, then size and checksum checks (sha256 for LFS files, the git blob id for
 * small files kept in git) and an atomic rename. Redirects are followed by hand so the token is
 * only sent to the hub's own host.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, openSync, closeSync, writeSync, fsyncSync, renameSync, rmSync, statSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import { DiskSpaceError, HubDownloadError, HubIntegrityError, HubNotFoundError } from "./errors.ts";
import { hubFetch, type HubOptions } from "./hub-api.ts";

export interface DownloadOptions extends HubOptions {
  /** No bytes for this long aborts the attempt, ms. Default 30 s. */
  stallMs?: number;
  retries?: number;
  backoffMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface Downloaded {
  size: number;
  sha256: string;
  commit?: string;
}

async function hashFile(path: string, hashes: Hash[]): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) for (const h of hashes) h.update(chunk as Buffer);
}

/** What the hub says the file is: its size and a checksum (sha256 of LFS files, git blob id of others). */
export interface ExpectedFile {
  size: number;
  sha256?: string;
  gitOid?: string;
}

/** GET with manual redirects: Authorization only for the original host (downloads, and header reads: remote-source.ts). */
export async function getFollowing(url: string, o: DownloadOptions, headers: Record<string, string>, signal: AbortSignal, repo: string): Promise<{ res: Response; commit?: string }> {
  const origin = new URL(url).host;
  let commit: string | undefined;
  for (let hop = 0; hop < 5; hop++) {
    const sameHost = new URL(url).host === origin;
    const res = await hubFetch(url, { ...o, token: sameHost ? o.token : undefined }, { headers, redirect: "manual", signal }, repo);
    commit ??= res.headers.get("x-repo-commit") ?? undefined;
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      url = new URL(res.headers.get("location")!, url).toString();
      await res.body?.cancel();
      continue;
    }
    return { res, commit };
  }
  throw new HubDownloadError(url, 1, new Error("too many redirects"));
}

export async function downloadFile(url: string, dest: string, expected: ExpectedFile, o: DownloadOptions, repo: string): Promise<Downloaded> {
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  const free = Number(statfsSync(dirname(dest)).bavail) * Number(statfsSync(dirname(dest)).bsize);
  if (expected.size - have > free) throw new DiskSpaceError(dirname(dest), expected.size - have, free);

  const retries = o.retries ?? 5;
  let lastErr: unknown;
  let commit: string | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min((o.backoffMs ?? 1000) * 2 ** (attempt - 1), 30_000)));
    const ac = new AbortController();
    let stall: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(stall);
      stall = setTimeout(() => ac.abort(new Error(`no data for ${(o.stallMs ?? 30_000) / 1000} s`)), o.stallMs ?? 30_000);
    };
    let fd: number | undefined;
    try {
      let offset = existsSync(part) ? statSync(part).size : 0;
      if (offset > expected.size) {
        rmSync(part);
        offset = 0;
      }
      const hash = createHash("sha256");
      // git's blob id: sha1 over a "blob {size}\0" header, then the content.
      const blob = expected.gitOid ? createHash("sha1").update(`blob ${expected.size}\0`) : undefined;
      const hashes = blob ? [hash, blob] : [hash];
      if (offset > 0) await hashFile(part, hashes);
      if (offset < expected.size || expected.size === 0) {
        arm();
        const got = await getFollowing(url, o, offset > 0 ? { range: `bytes=${offset}-` } : {}, ac.signal, repo);
        commit ??= got.commit;
        const res = got.res;
        if (res.status === 404) throw new HubNotFoundError(url);
        if (res.status === 416 && offset === expected.size) {
          await res.body?.cancel();
        } else {
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          if (offset > 0 && res.status !== 206) {
            // The server ignored the range: start again from byte 0.
            await res.body.cancel();
            rmSync(part, { force: true });
            return await downloadFile(url, dest, expected, { ...o, retries: retries - attempt }, repo);
          }
          fd = openSync(part, offset > 0 ? "a" : "w");
          let done = offset;
          const reader = res.body.getReader();
          for (;;) {
            const { value, done: end } = await reader.read();
            if (end) break;
            arm();
            writeSync(fd, value);
            for (const h of hashes) h.update(value);
            done += value.length;
            if (done > expected.size && expected.size > 0) throw new Error(`the server sent more than the ${expected.size} bytes announced`);
            o.onProgress?.(done, expected.size);
          }
          fsyncSync(fd);
          closeSync(fd);
          fd = undefined;
        }
      }
      clearTimeout(stall);
      const size = statSync(part).size;
      const sha256 = hash.digest("hex");
      if (expected.size > 0 && size !== expected.size) throw new Error(`got ${size} of ${expected.size} bytes`);
      if (expected.sha256 && sha256 !== expected.sha256) {
        rmSync(part, { force: true });
        throw new HubIntegrityError(dest, `sha256 ${expected.sha256}`, `sha256 ${sha256}`);
      }
      const gitOid = blob?.digest("hex");
      if (expected.gitOid && gitOid !== expected.gitOid) {
        rmSync(part, { force: true });
        throw new HubIntegrityError(dest, `git blob ${expected.gitOid}`, `git blob ${gitOid}`);
      }
      renameSync(part, dest);
      return { size, sha256, commit };
    } catch (err) {
      clearTimeout(stall);
      if (fd !== undefined) closeSync(fd);
      if (err instanceof HubIntegrityError || err instanceof HubNotFoundError || (err as { code?: string }).code === "HUB_AUTH") throw err;
      lastErr = ac.signal.aborted ? ac.signal.reason : err;
    }
  }
  throw new HubDownloadError(dest, retries + 1, lastErr);
}
