/**
 * The OpenAI-compatible HTTP server: `startServer(options)` → `{ url, close() }`.
 *
 * @example
 * ```ts
 * import { startServer } from "medpsy";
 * const server = await startServer({ model: "MedPsy-1.7B-Q4_K_M.gguf", parallel: 2 });
 * console.log(server.url); // http://127.0.0.1:8080 — point any OpenAI client at `${url}/v1`
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { timingSafeEqual, createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { resolveSafetyPolicy } from "../safety/policy.ts";
import { version } from "../version.ts";
import type { Backend } from "./backend.ts";
import { LocalBackend } from "./backend-local.ts";
import { UpstreamBackend } from "./backend-upstream.ts";
import { readJsonBody } from "./body.ts";
import { handleChat } from "./chat-handler.ts";
import { handleCompletion } from "./completions-handler.ts";
import { HttpError, sendError } from "./errors.ts";
import { checkServerOptions, isLoopback, type ServerOptions } from "./options.ts";
import { ServerState } from "./state.ts";
import { serveStatic } from "./static.ts";
import { requireModelField } from "./validate-request.ts";

export { InsecureBindError, type ServerOptions } from "./options.ts";
export { stripSafetyNotices } from "./strip-notices.ts";

export interface RunningServer {
  url: string;
  port: number;
  modelName: string;
  /** Upstream mode: where requests go, the context length used, and whether PHI is redacted towards it. */
  upstream?: { url: string; contextLength: number; contextKnown: boolean; redact: boolean };
  /** Generation slots: with the local engine, sequences decoded together in one batch. */
  parallel: number;
  /** Bytes of one slot's KV cache (local engine only). */
  kvCacheBytesPerSlot?: number;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const o = checkServerOptions(options);
  const backend = await openBackend(options);
  const policy = options.safety === false ? undefined : resolveSafetyPolicy(options.safety);
  let state: ServerState;
  try {
    state = new ServerState({
      backend,
      parallel: o.parallel,
      queue: o.queue,
      policy,
      cors: options.cors,
      fingerprint: `medpsy-${version}`,
    });
  } catch (err) {
    if (!options.loadedModel) await backend.close();
    throw err;
  }
  const keyHash = options.apiKey ? createHash("sha256").update(options.apiKey).digest() : undefined;
  const server = createServer((req, res) => {
    handle(state, req, res, { ...o, keyHash, cors: options.cors }).catch((err) => sendError(res, err));
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n" + JSON.stringify({ error: { message: "malformed HTTP request", type: "invalid_request_error", param: null, code: "bad_http" } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  }).catch(async (err) => {
    await backend.close();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = o.host.includes(":") && !o.host.startsWith("[") ? `[${o.host}]` : o.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    modelName: backend.modelName,
    upstream: backend instanceof UpstreamBackend ? { url: options.upstream!, contextLength: backend.contextLength, contextKnown: backend.contextKnown, redact: backend.redact } : undefined,
    parallel: o.parallel,
    kvCacheBytesPerSlot: backend.kvCacheBytesPerSlot,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (!options.loadedModel) await backend.close();
    },
  };
}

async function openBackend(o: ServerOptions): Promise<Backend> {
  if (o.upstream) return UpstreamBackend.connect({ url: o.upstream, apiKey: o.upstreamKey, model: o.upstreamModel, contextLength: o.contextLength, redact: o.redactUpstream, timeoutMs: o.upstreamTimeoutMs });
  if (o.loadedModel) return new LocalBackend(o.loadedModel, o.model ?? o.loadedModel.info.name ?? "model", o.modelName);
  const { loadModel } = await import("../sdk/load.ts");
  const model = await loadModel(o.model!, { threads: o.threads, contextLength: o.contextLength });
  return new LocalBackend(model, o.model!, o.modelName);
}

interface Settings {
  host: string;
  port: number;
  maxBody: number;
  keyHash: Buffer | undefined;
  cors: string | undefined;
}

const ROUTES: Record<string, string[]> = {
  "/v1/chat/completions": ["POST"],
  "/v1/completions": ["POST"],
  "/v1/models": ["GET"],
  "/health": ["GET"],
  "/metrics": ["GET"],
};

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse, s: Settings): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const endpoint = ROUTES[path] ? path : path.startsWith("/v1/models/") ? "/v1/models/{id}" : "other";
  let status = 500;
  try {
    checkOrigin(req, s);
    if (req.method === "OPTIONS") {
      status = preflight(state, req, res, s);
      return;
    }
    if (endpoint === "other") {
      if ((req.method === "GET" || req.method === "HEAD") && (await serveStatic(path, res, req.method === "HEAD"))) {
        status = 200;
        return;
      }
      throw new HttpError(404, `no route for ${req.method} ${path}; the API is under /v1 (chat/completions, completions, models)`, { code: "not_found" });
    }
    const allowed = ROUTES[endpoint] ?? ["GET"];
    if (!allowed.includes(req.method ?? "")) {
      throw new HttpError(405, `${path} accepts ${allowed.join(", ")}, not ${req.method}`, { code: "method_not_allowed", headers: { allow: allowed.join(", ") } });
    }
    if (endpoint !== "/health") checkKey(req, s.keyHash);
    status = await route(state, endpoint, url, req, res, s);
  } catch (err) {
    status = sendError(res, err).status;
  } finally {
    state.metrics.request(endpoint, status);
  }
}

async function route(state: ServerState, endpoint: string, url: URL, req: IncomingMessage, res: ServerResponse, s: Settings): Promise<number> {
  const json = (body: unknown, type = "application/json; charset=utf-8") => {
    res.writeHead(200, { "content-type": type, ...state.corsHeaders(req) });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
    return 200;
  };
  switch (endpoint) {
    case "/health":
      return json({ status: "ok", model: state.backend.modelName, slots_idle: state.slots.size - state.slots.busy, slots_busy: state.slots.busy, queue: state.slots.queued });
    case "/metrics":
      return json(
        state.metrics.render({
          queue: state.slots.queued,
          slotsBusy: state.slots.busy,
          slots: state.slots.size,
          kvCacheBytesPerSlot: state.backend.kvCacheBytesPerSlot,
          engine: state.backend.engineStats?.(),
        }),
        "text/plain; version=0.0.4; charset=utf-8",
      );
    case "/v1/models":
      return json({ object: "list", data: [modelEntry(state)] });
    case "/v1/models/{id}": {
      const id = decodeURIComponent(url.pathname.slice("/v1/models/".length));
      if (id !== state.backend.modelName) throw new HttpError(404, `model "${id}" is not served here; GET /v1/models lists "${state.backend.modelName}"`, { code: "model_not_found", param: "model" });
      return json(modelEntry(state));
    }
    case "/v1/chat/completions":
    case "/v1/completions": {
      const body = await readJsonBody(req, s.maxBody);
      requireModelField(body);
      return endpoint === "/v1/chat/completions" ? handleChat(state, req, res, body) : handleCompletion(state, req, res, body);
    }
  }
  throw new HttpError(404, "not found", { code: "not_found" });
}

// An upstream that does not say its context length gets none listed (not a guess).
const modelEntry = (state: ServerState) => ({
  id: state.backend.modelName,
  object: "model",
  created: 0,
  owned_by: "medpsy",
  ...(state.backend instanceof UpstreamBackend && !state.backend.contextKnown ? {} : { context_length: state.backend.contextLength }),
});

function checkKey(req: IncomingMessage, keyHash: Buffer | undefined): void {
  if (!keyHash) return;
  const auth = req.headers.authorization ?? "";
  const given = auth.startsWith("Bearer ") ? auth.slice(7).trim() : "";
  // Compare hashes so the comparison is constant-time whatever the lengths.
  const ok = given.length > 0 && timingSafeEqual(createHash("sha256").update(given).digest(), keyHash);
  if (!ok) throw new HttpError(401, "missing or wrong API key; send it as 'Authorization: Bearer KEY'", { code: "invalid_api_key" });
}

/**
 * A web page on another site must not drive a model on this machine: requests from a foreign
 * origin are refused unless that origin was allowed with --cors, and on loopback the Host header
 * must be loopback too (DNS rebinding).
 */
function checkOrigin(req: IncomingMessage, s: Settings): void {
  const host = req.headers.host ?? "";
  if (isLoopback(s.host)) {
    const name = host.replace(/:\d+$/, "");
    if (host && !isLoopback(name)) throw new HttpError(403, `Host "${host}" is not this loopback server`, { code: "forbidden_host" });
  }
  const origin = req.headers.origin;
  if (!origin || origin === "null") return;
  let same = false;
  try {
    same = new URL(origin).host === host;
  } catch {}
  if (!same && s.cors !== "*" && origin !== s.cors) {
    throw new HttpError(403, `requests from the web origin ${origin} are not allowed; start the server with --cors ${origin} to allow it`, { code: "forbidden_origin" });
  }
}

function preflight(state: ServerState, req: IncomingMessage, res: ServerResponse, s: Settings): number {
  if (!s.cors) throw new HttpError(403, "CORS is not enabled on this server (start it with --cors ORIGIN)", { code: "cors_disabled" });
  res.writeHead(204, {
    ...state.corsHeaders(req),
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-max-age": "600",
  });
  res.end();
  return 204;
}
