/** The web chat page: files of ./web served read-only, no directory listing, no traversal. */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import type { ServerResponse } from "node:http";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

const WEB = new URL("./web/", import.meta.url);

/** A page that keeps everything on this machine: no outside scripts, styles, fonts or beacons. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Serves `/path` from ./web if it names a file there; returns false when not found. */
export async function serveStatic(pathname: string, res: ServerResponse, head: boolean): Promise<boolean> {
  const rel = pathname === "/" ? "index.html" : pathname.slice(1);
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/.test(rel) || rel.includes("..")) return false;
  const type = TYPES[extname(rel)];
  if (!type) return false;
  let body: Buffer;
  try {
    body = await readFile(new URL(rel, WEB));
  } catch {
    if (rel !== "index.html") return false;
    body = Buffer.from("<!doctype html><title>medpsy</title><p>medpsy server: the web page is not installed. The API is at /v1/chat/completions.</p>");
  }
  res.writeHead(200, {
    "content-type": type,
    "content-length": body.length,
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "content-security-policy": CSP,
  });
  res.end(head ? undefined : body);
  return true;
}
