/**
 * A local stand-in for the Hugging Face hub with the real API's shapes:
 * - `GET /api/models/{owner}/{name}/tree/{rev}[?recursive=true]`: entries `{type, oid, size,
 *   path}` (directories too when recursive), large files with `lfs: {oid: sha256, size,
 *   pointerSize}` and `oid` the git id of their pointer, small files with `oid` their git blob
 *   id; pages of `pageSize` entries linked by `Link: <…>; rel="next"`;
 * - `HEAD|GET /{repo}/resolve/{rev}/{file}`: LFS files redirect (302, absolute URL) to a CDN on
 *   another host with `x-repo-commit`, `x-linked-etag`, `x-linked-size`; small files are served
 *   directly with their git id as ETag; `Range: bytes=a-` and `bytes=a-b` everywhere;
 * - switchable faults: drop the connection mid-file, stall (hold the connection open, sending
 *   nothing, until the client gives up — the client's stall timer decides, the test waits on
 *   events), corrupt a byte, ignore Range, require a token.
 */
import http from "node:http";
import { createHash } from "node:crypto";
import type { AddressInfo, Socket } from "node:net";

export interface MockFile {
  path: string;
  bytes: Buffer;
  /** Stored in LFS (default: .gguf and .safetensors files). */
  lfs?: boolean;
}

export interface Faults {
  /** Cut the connection after this many body bytes, on the next N downloads. */
  dropAfter?: { bytes: number; times: number };
  /** Stop sending (connection open) after this many bytes, on the next N downloads. */
  stallAfter?: { bytes: number; times: number };
  /** Serve the file with one byte flipped. */
  corrupt?: boolean;
  /** Answer range requests with the whole file (200). */
  ignoreRange?: boolean;
  /** Repositories that need `Authorization: Bearer good-token`. */
  gated?: string[];
}

export interface MockHub {
  url: string;
  /** The CDN's base URL (another host: another port). */
  cdnUrl: string;
  faults: Faults;
  /** Entries per tree page. */
  pageSize: number;
  /** Body bytes sent, Range headers seen, tokens that reached the CDN, tree pages served, stalls. */
  log: { bytesSent: number; ranges: string[]; authOnCdn: number; treePages: number; stalls: number };
  /** Resolves when a stalled download's connection has been closed by the client. */
  stallEnded(): Promise<void>;
  close(): Promise<void>;
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const gitBlobId = (b: Buffer) => createHash("sha1").update(`blob ${b.length}\0`).update(b).digest("hex");
const isLfs = (f: MockFile) => f.lfs ?? /\.(gguf|safetensors)$/i.test(f.path);
const lfsPointer = (f: MockFile) => Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(f.bytes)}\nsize ${f.bytes.length}\n`);

function treeEntries(files: MockFile[], recursive: boolean): object[] {
  const dirs = new Set<string>();
  const out: object[] = [];
  for (const f of files) {
    const parts = f.path.split("/");
    if (!recursive && parts.length > 1) {
      dirs.add(parts[0]!);
      continue;
    }
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
    if (isLfs(f)) {
      const pointer = lfsPointer(f);
      out.push({ type: "file", oid: gitBlobId(pointer), size: f.bytes.length, path: f.path, lfs: { oid: sha256(f.bytes), size: f.bytes.length, pointerSize: pointer.length } });
    } else out.push({ type: "file", oid: gitBlobId(f.bytes), size: f.bytes.length, path: f.path });
  }
  return [...[...dirs].sort().map((d) => ({ type: "directory", oid: "0".repeat(40), size: 0, path: d })), ...out];
}

export async function startMockHub(repos: Record<string, MockFile[]>): Promise<MockHub> {
  const stallWaiters: Array<() => void> = [];
  const hub: MockHub = {
    url: "", cdnUrl: "", faults: {}, pageSize: 1000,
    log: { bytesSent: 0, ranges: [], authOnCdn: 0, treePages: 0, stalls: 0 },
    stallEnded: () => new Promise<void>((r) => stallWaiters.push(r)),
    close: async () => {},
  };
  const bySha = new Map<string, Buffer>();
  for (const files of Object.values(repos)) for (const f of files) bySha.set(sha256(f.bytes), f.bytes);

  /** Sends `bytes` (or a range of it) with the download faults applied. */
  function serveBytes(req: http.IncomingMessage, res: http.ServerResponse, original: Buffer, headers: Record<string, string>): void {
    let bytes = original;
    if (hub.faults.corrupt) {
      bytes = Buffer.from(bytes);
      bytes[bytes.length >> 1] ^= 0xff;
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    if (req.headers.range) hub.log.ranges.push(req.headers.range);
    let start = 0, end = bytes.length;
    if (range && !hub.faults.ignoreRange) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(bytes.length, Number(range[2]) + 1);
      if (start >= bytes.length) return void res.writeHead(416, { "content-range": `bytes */${bytes.length}` }).end();
      res.writeHead(206, { ...headers, "accept-ranges": "bytes", "content-length": end - start, "content-range": `bytes ${start}-${end - 1}/${bytes.length}` });
    } else res.writeHead(200, { ...headers, "accept-ranges": "bytes", "content-length": bytes.length });
    if (req.method === "HEAD") return void res.end();
    const body = bytes.subarray(start, end);
    const drop = hub.faults.dropAfter && hub.faults.dropAfter.times > 0 ? hub.faults.dropAfter : undefined;
    const stall = hub.faults.stallAfter && hub.faults.stallAfter.times > 0 ? hub.faults.stallAfter : undefined;
    if (drop) {
      drop.times--;
      hub.log.bytesSent += Math.min(drop.bytes, body.length);
      // Cut once the bytes are handed to the kernel, so the client receives exactly them.
      res.write(body.subarray(0, drop.bytes), () => req.socket.destroy());
      return;
    }
    if (stall) {
      stall.times--;
      hub.log.stalls++;
      hub.log.bytesSent += Math.min(stall.bytes, body.length);
      res.write(body.subarray(0, stall.bytes)); // and then nothing, until the client hangs up
      req.socket.once("close", () => stallWaiters.splice(0).forEach((r) => r()));
      return;
    }
    hub.log.bytesSent += body.length;
    res.end(body);
  }

  const sockets = new Set<Socket>();
  const track = (s: http.Server) => s.on("connection", (c) => {
    sockets.add(c);
    c.on("close", () => sockets.delete(c));
  });

  const api = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const repo = tree?.[1] ?? resolve?.[1];
    if (repo && hub.faults.gated?.includes(repo) && req.headers.authorization !== "Bearer good-token") {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "Access to model is restricted." }));
      return;
    }
    if (tree) {
      const files = repos[tree[1]!];
      if (!files) return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Repository not found" }));
      const recursive = url.searchParams.get("recursive") === "true";
      const all = treeEntries(files, recursive);
      const at = Number(url.searchParams.get("cursor") ?? 0);
      const page = all.slice(at, at + hub.pageSize);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (at + hub.pageSize < all.length) {
        const next = new URL(url.pathname, hub.url);
        if (recursive) next.searchParams.set("recursive", "true");
        next.searchParams.set("cursor", String(at + hub.pageSize));
        headers.link = `<${next}>; rel="next"`;
      }
      hub.log.treePages++;
      res.writeHead(200, headers).end(JSON.stringify(page));
      return;
    }
    if (resolve) {
      const f = repos[resolve[1]!]?.find((x) => x.path === decodeURIComponent(resolve[3]!));
      if (!f) return void res.writeHead(404, { "x-error-code": "EntryNotFound" }).end("Entry not found");
      const common = { "x-repo-commit": "c0ffee" };
      if (isLfs(f)) {
        const sha = sha256(f.bytes);
        res.writeHead(302, { ...common, location: `${hub.cdnUrl}/repos/${sha.slice(0, 2)}/${sha}?response-content-disposition=attachment`, "x-linked-etag": `"${sha}"`, "x-linked-size": String(f.bytes.length) });
        res.end();
        return;
      }
      serveBytes(req, res, f.bytes, { ...common, etag: `"${gitBlobId(f.bytes)}"` });
      return;
    }
    res.writeHead(404).end();
  });
  const cdn = http.createServer((req, res) => {
    const m = /^\/repos\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(new URL(req.url!, "http://x").pathname);
    if (req.headers.authorization) hub.log.authOnCdn++;
    const bytes = m ? bySha.get(m[1]!) : undefined;
    if (!bytes) return void res.writeHead(404).end();
    serveBytes(req, res, bytes, {});
  });
  track(api);
  track(cdn);
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => cdn.listen(0, "127.0.0.1", r));
  hub.url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  hub.cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
  hub.close = async () => {
    for (const s of sockets) s.destroy();
    await Promise.all([api, cdn].map((s) => new Promise<void>((r) => s.close(() => r()))));
  };
  return hub;
}
