/**
 * A local server with the Hugging Face hub's routes: `/api/models/{repo}/tree/{rev}`,
 * `HEAD|GET /{repo}/resolve/{rev}/{file}` redirecting LFS files to a "CDN" path, `Range`
 * support, and switchable faults: drop the connection mid-file, stall, corrupt a byte, ignore
 * Range, require a token.
 */
import http from "node:http";
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";

export interface MockFile {
  path: string;
  bytes: Buffer;
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
  faults: Faults;
  /** Body bytes sent, and Range headers seen, for assertions. */
  log: { bytesSent: number; ranges: string[]; authOnCdn: number };
  close(): Promise<void>;
}

export async function startMockHub(repos: Record<string, MockFile[]>): Promise<MockHub> {
  const hub: MockHub = { url: "", faults: {}, log: { bytesSent: 0, ranges: [], authOnCdn: 0 }, close: async () => {} };
  const bySha = new Map<string, Buffer>();
  for (const files of Object.values(repos)) for (const f of files) bySha.set(createHash("sha256").update(f.bytes).digest("hex"), f.bytes);
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const cdn = /^\/cdn\/([0-9a-f]{64})$/.exec(url.pathname);
    const repo = tree?.[1] ?? resolve?.[1];
    if (repo && hub.faults.gated?.includes(repo) && req.headers.authorization !== "Bearer good-token") {
      res.writeHead(401).end("gated");
      return;
    }
    if (tree) {
      const files = repos[tree[1]!];
      if (!files) return void res.writeHead(404).end("{}");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(files.map((f) => ({ type: "file", path: f.path, size: f.bytes.length, oid: "git-oid", lfs: { oid: createHash("sha256").update(f.bytes).digest("hex"), size: f.bytes.length } }))));
      return;
    }
    if (resolve) {
      const f = repos[resolve[1]!]?.find((x) => x.path === decodeURIComponent(resolve[3]!));
      if (!f) return void res.writeHead(404).end("Entry not found");
      const sha = createHash("sha256").update(f.bytes).digest("hex");
      res.writeHead(302, { location: `/cdn/${sha}`, "x-repo-commit": "c0ffee", "x-linked-etag": `"${sha}"`, "x-linked-size": String(f.bytes.length) });
      res.end();
      return;
    }
    if (cdn) {
      if (req.headers.authorization) hub.log.authOnCdn++;
      let bytes = bySha.get(cdn[1]!);
      if (!bytes) return void res.writeHead(404).end();
      if (hub.faults.corrupt) {
        bytes = Buffer.from(bytes);
        bytes[bytes.length >> 1] ^= 0xff;
      }
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
      if (req.headers.range) hub.log.ranges.push(req.headers.range);
      let start = 0;
      if (range && !hub.faults.ignoreRange) {
        start = Number(range[1]);
        if (start >= bytes.length) return void res.writeHead(416).end();
        res.writeHead(206, { "content-length": bytes.length - start, "content-range": `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
      } else res.writeHead(200, { "content-length": bytes.length });
      const body = bytes.subarray(start);
      const drop = hub.faults.dropAfter && hub.faults.dropAfter.times > 0 ? hub.faults.dropAfter : undefined;
      const stall = hub.faults.stallAfter && hub.faults.stallAfter.times > 0 ? hub.faults.stallAfter : undefined;
      if (drop) {
        drop.times--;
        res.write(body.subarray(0, drop.bytes), () => {
          hub.log.bytesSent += Math.min(drop.bytes, body.length);
          setTimeout(() => req.socket.destroy(), 20);
        });
        return;
      }
      if (stall) {
        stall.times--;
        hub.log.bytesSent += Math.min(stall.bytes, body.length);
        res.write(body.subarray(0, stall.bytes)); // and then nothing
        return;
      }
      hub.log.bytesSent += body.length;
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hub.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return hub;
}
