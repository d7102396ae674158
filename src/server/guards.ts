/**
 * Who may drive this server: the checks every request passes before any work. A web page on
 * another site must not reach a model on this machine, so foreign origins — `null` (sandboxed
 * iframes, file: pages) included — are refused unless allowed with --cors, POSTs must say they
 * carry JSON (a cross-site form or `no-cors` fetch cannot), and on loopback the Host header must
 * be loopback too (DNS rebinding). The API key is compared in constant time.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./errors.ts";
import { isLoopback } from "./options.ts";

export interface Guard {
  host: string;
  cors: string | undefined;
  keyHash: Buffer | undefined;
}

export function checkOrigin(req: IncomingMessage, g: Guard): void {
  const host = req.headers.host ?? "";
  if (isLoopback(g.host)) {
    const name = host.replace(/:\d+$/, "");
    if (host && !isLoopback(name)) throw new HttpError(403, `Host "${host}" is not this loopback server`, { code: "forbidden_host" });
  }
  const origin = req.headers.origin;
  if (origin === undefined) return; // not a browser, or a same-origin GET
  let same = false;
  try {
    same = origin !== "null" && new URL(origin).host === host;
  } catch {}
  if (!same && g.cors !== "*" && origin !== g.cors) {
    const hint = origin === "null" ? "a sandboxed or file: page (Origin null) is never allowed unless --cors '*'" : `start the server with --cors ${origin} to allow it`;
    throw new HttpError(403, `requests from the web origin ${origin} are not allowed; ${hint}`, { code: "forbidden_origin" });
  }
}

/** POST bodies must be declared JSON: browsers send other types cross-site without a preflight. */
export function checkJsonContentType(req: IncomingMessage): void {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new HttpError(415, `POST bodies must be sent with 'Content-Type: application/json' (found ${JSON.stringify(req.headers["content-type"] ?? "none")})`, { code: "unsupported_media_type" });
  }
}

export function checkKey(req: IncomingMessage, keyHash: Buffer | undefined): void {
  if (!keyHash) return;
  const m = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
  const given = m ? m[1]!.trim() : "";
  // Compare hashes so the comparison is constant-time whatever the lengths.
  const ok = given.length > 0 && timingSafeEqual(createHash("sha256").update(given).digest(), keyHash);
  if (!ok) throw new HttpError(401, "missing or wrong API key; send it as 'Authorization: Bearer KEY'", { code: "invalid_api_key" });
}

/** Answers a CORS preflight for the allowed origin (checkOrigin already refused others). */
export function preflight(res: ServerResponse, cors: string | undefined, corsHeaders: Record<string, string>): number {
  if (!cors) throw new HttpError(403, "CORS is not enabled on this server (start it with --cors ORIGIN)", { code: "cors_disabled" });
  res.writeHead(204, {
    ...corsHeaders,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-max-age": "600",
  });
  res.end();
  return 204;
}
