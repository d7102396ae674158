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
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { resolveSafetyPolicy } from "../safety/policy.ts";
import { version } from "../version.ts";
import type { Backend } from "./backend.ts";
import { LocalBackend } from "./backend-local.ts";
import { UpstreamBackend } from "./backend-upstream.ts";
import { readJsonBody } from "./body.ts";
import { refusalWithTriage } from "./refused-request.ts";
import { handleChat } from "./chat-handler.ts";
import { handleCompletion } from "./completions-handler.ts";
import { handleResponses } from "./responses-handler.ts";
import { HttpError, sendError } from "./errors.ts";
import { checkJsonContentType, checkKey, checkOrigin, preflight, type Guard } from "./guards.ts";
import { checkServerOptions, type ServerOptions } from "./options.ts";
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
  /** Longest prompt + answer a request may use, in tokens (per slot). */
  contextLength: number;
  /** Generation slots: with the local engine, sequences decoded together in one batch. */
  parallel: number;
  /** Bytes of one slot's KV cache (local engine only). */
  kvCacheBytesPerSlot?: number;
  /** What the local model runs on (model.info.device), e.g. "cpu (wasm, 4 threads)". */
  device?: string;
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
      modelAliases: options.modelAliases,
    });
  } catch (err) {
    if (!options.loadedModel) await backend.close();
    throw err;
  }
  const keyHash = options.apiKey ? createHash("sha256").update(options.apiKey).digest() : undefined;
  const settings: Settings = { ...o, keyHash, cors: options.cors, log: options.log };
  const server = createServer(
    {
      headersTimeout: o.headersTimeoutMs,
      requestTimeout: o.requestTimeoutMs,
      // How often the two timeouts above are checked (Node's default, 30 s, would stretch them).
      connectionsCheckingInterval: Math.min(5_000, Math.floor(o.headersTimeoutMs / 2)),
    },
    (req, res) => void handle(state, req, res, settings).catch(() => res.destroy()),
  );
  server.maxConnections = o.maxConnections;
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => answerClientError(err, socket, settings));
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
    device: backend.device,
    contextLength: backend.contextLength,
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
  const model = await loadModel(o.model!, { threads: o.threads, device: o.device, contextLength: o.contextLength, onProgress: o.onLoadProgress, onWarning: o.onLoadWarning });
  return new LocalBackend(model, o.model!, o.modelName);
}

interface Settings extends Guard {
  maxBody: number;
  log: ((line: string) => void) | undefined;
}

const ROUTES: Record<string, string[]> = {
  "/v1/chat/completions": ["POST"],
  "/v1/completions": ["POST"],
  "/v1/responses": ["POST"],
  "/v1/models": ["GET"],
  "/health": ["GET"],
  "/metrics": ["GET"],
};

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse, s: Settings): Promise<void> {
  const started = performance.now();
  let endpoint = "other";
  let status = 500;
  try {
    const url = requestTarget(req.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    endpoint = Object.hasOwn(ROUTES, path) ? path : path.startsWith("/v1/models/") ? "/v1/models/{id}" : "other";
    checkOrigin(req, s);
    if (req.method === "OPTIONS") {
      status = preflight(res, s.cors, state.corsHeaders(req));
      return;
    }
    if (endpoint === "other") {
      if ((req.method === "GET" || req.method === "HEAD") && (await serveStatic(path, res, req.method === "HEAD"))) {
        endpoint = "static";
        status = 200;
        return;
      }
      throw new HttpError(404, `no route for ${req.method} ${path.slice(0, 200)}; the API is under /v1 (chat/completions, completions, responses, models)`, { code: "not_found" });
    }
    const allowed = ROUTES[endpoint] ?? ["GET"];
    if (!allowed.includes(req.method ?? "")) {
      throw new HttpError(405, `${path} accepts ${allowed.join(", ")}, not ${req.method}`, { code: "method_not_allowed", headers: { allow: allowed.join(", ") } });
    }
    if (endpoint !== "/health") checkKey(req, s.keyHash);
    if (req.method === "POST") checkJsonContentType(req);
    status = await route(state, endpoint, url, req, res, s);
  } catch (err) {
    status = sendError(res, err, state.corsHeaders(req)).status;
    if (status >= 500) s.log?.(`${new Date().toISOString()} error in ${req.method} ${endpoint}: ${(err as Error)?.stack ?? String(err)}`);
  } finally {
    state.metrics.request(endpoint, status);
    // Never the body, the query string or the key: route templates only.
    s.log?.(`${new Date().toISOString()} ${req.method} ${endpoint} ${status} ${Math.round(performance.now() - started)}ms`);
  }
}

/** The request target as a URL; a malformed one ("//[", an invalid escape) is the client's error. */
function requestTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? "/", "http://localhost");
  } catch {
    throw new HttpError(400, "the request target is not a valid URL path", { code: "bad_request_target" });
  }
}

/** Malformed HTTP, or a client too slow to send its request: answered if nothing was sent yet. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, s: Settings): void {
  const [status, text, message] =
    err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? [408, "Request Timeout", "the request was not received in time"] :
    err.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large", "the request headers are too large"] :
    [400, "Bad Request", "malformed HTTP request"];
  s.log?.(`${new Date().toISOString()} client error ${status}: ${err.code ?? err.message}`);
  const pending = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (socket.writable && !pending?.headersSent) {
    const body = JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code: status === 408 ? "request_timeout" : "bad_http" } });
    socket.end(`HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  } else {
    socket.destroy();
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
      let id: string;
      try {
        id = decodeURIComponent(url.pathname.slice("/v1/models/".length));
      } catch {
        throw new HttpError(400, "the model id in the path is not validly percent-encoded", { code: "bad_request_target" });
      }
      requireServedModel(state, id);
      return json(modelEntry(state));
    }
    case "/v1/responses":
    case "/v1/chat/completions":
    case "/v1/completions": {
      const body = await readJsonBody(req, s.maxBody);
      try {
        requireModelField(body);
        if (typeof body.model === "string" && body.model !== "") requireServedModel(state, body.model);
        const handler = endpoint === "/v1/chat/completions" ? handleChat : endpoint === "/v1/responses" ? handleResponses : handleCompletion;
        return await handler(state, req, res, body);
      } catch (err) {
        // Refused before the model ran (a bad field, another model's name, a full queue): the rules still read the user's message.
        throw refusalWithTriage(err, body, state.policy);
      }
    }
  }
  throw new HttpError(404, "not found", { code: "not_found" });
}

/** An unknown model name is a 404 (as vLLM answers), not silently served by another model. */
function requireServedModel(state: ServerState, name: string): void {
  if (state.modelNames.includes(name)) return;
  const names = state.modelNames.map((n) => JSON.stringify(n)).join(", ");
  throw new HttpError(404, `The model \`${name.slice(0, 200)}\` does not exist: this server serves ${names} (GET /v1/models; \`serve --alias\` adds names)`, { code: "model_not_found", param: "model" });
}

// An upstream that does not say its context length gets none listed (not a guess).
const modelEntry = (state: ServerState) => ({
  id: state.backend.modelName,
  object: "model",
  created: 0,
  owned_by: "medpsy",
  ...(state.backend instanceof UpstreamBackend && !state.backend.contextKnown ? {} : { context_length: state.backend.contextLength }),
});
