/** `startServer` options, checked before anything binds or loads. */
import type { DeviceOption } from "../engine/device.ts";
import { InvalidArgumentError, MedpsyError } from "../errors.ts";
import type { SafetyPolicy } from "../safety/policy.ts";
import type { LoadOptions, Model } from "../sdk/types.ts";

export interface ServerOptions {
  /** Model file or safetensors folder (local mode). */
  model?: string;
  /** An already loaded model (local mode, in-process use); `model` names its file for audits. */
  loadedModel?: Model;
  /** Base URL of an OpenAI-compatible server (upstream mode). */
  upstream?: string;
  upstreamKey?: string;
  upstreamModel?: string;
  /** Upstream mode: fail a request (502) when the upstream sends nothing for this long. Default 300 000 ms. */
  upstreamTimeoutMs?: number;
  /** Redact PHI sent upstream (restored locally). Default: on unless the upstream is loopback. */
  redactUpstream?: boolean;
  /** Default 127.0.0.1. Anything else needs an API key. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Generation slots (each with its own KV cache). Default 1. */
  parallel?: number;
  /** Requests that may wait for a slot before 429. Default 16. */
  queue?: number;
  apiKey?: string;
  /** Allowed browser origin (or "*"); no CORS headers without it. */
  cors?: string;
  /** Largest request body in bytes. Default 1 MiB. */
  maxBody?: number;
  /** A client must send its request headers within this time (ms). Default 10 000. */
  headersTimeoutMs?: number;
  /** A client must send its whole request (headers and body) within this time (ms). Default 60 000. */
  requestTimeoutMs?: number;
  /** Open connections at most; more are closed at once. Default 256. */
  maxConnections?: number;
  /**
   * Called with one line per request (time, method, route, status, duration — never the body,
   * the query or the key) and with warnings and internal errors. Default: nothing is logged.
   */
  log?: (line: string) => void;
  /** Safety policy, or false to turn the layer off. Default: the default policy. */
  safety?: SafetyPolicy | false;
  threads?: number;
  /** Where the local model runs: "cpu" (default), "webgpu" or "auto" (LoadOptions.device). */
  device?: DeviceOption;
  contextLength?: number;
  /** Loading progress of `model` (loadModel's onProgress): a large file takes a while. */
  onLoadProgress?: LoadOptions["onProgress"];
  /** Loading notes (loadModel's onWarning, e.g. a shortened contextLength). Default: console.warn. */
  onLoadWarning?: LoadOptions["onWarning"];
  /** Name listed by /v1/models. Default: the file name. */
  modelName?: string;
  /**
   * Other names a request's `model` may use. The listed name and (local engine) the file name are
   * always accepted; any other name gets a 404, as vLLM answers.
   */
  modelAliases?: string[];
}

export class InsecureBindError extends MedpsyError {
  constructor(host: string) {
    super("INSECURE_BIND", `refusing to listen on ${host} without an API key`, {
      expected: "a loopback host (127.0.0.1, ::1, localhost) or --api-key / --api-key-file",
      found: `--host ${host} and no key`,
      hint: "anyone on the network could read patients' questions: set --api-key-file FILE, or keep the default host",
    });
  }
}

export const isLoopback = (host: string) => host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);

export type CheckedOptions = Required<Pick<ServerOptions, "host" | "port" | "parallel" | "queue" | "maxBody" | "headersTimeoutMs" | "requestTimeoutMs" | "maxConnections">>;

/** Below this many characters an API key is accepted with a warning (a guessable key protects little). */
export const RECOMMENDED_KEY_LENGTH = 16;

export function checkServerOptions(o: ServerOptions): CheckedOptions {
  const local = o.model !== undefined || o.loadedModel !== undefined;
  if (local === (o.upstream !== undefined)) {
    throw new InvalidArgumentError("give either a model or an upstream URL", {
      expected: "-m FILE (run the model here) or --upstream URL (forward to another OpenAI-compatible server)",
      found: local ? "both" : "neither",
    });
  }
  if (o.upstream !== undefined) {
    let u: URL;
    try {
      u = new URL(o.upstream);
    } catch {
      throw new InvalidArgumentError("--upstream is not a URL", { expected: "e.g. http://127.0.0.1:8081", found: JSON.stringify(o.upstream) });
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new InvalidArgumentError("--upstream must be http or https", { found: u.protocol });
    const t = o.upstreamTimeoutMs;
    if (t !== undefined && (!Number.isFinite(t) || t < 100 || t > 86_400_000)) {
      throw new InvalidArgumentError("the upstream timeout is out of range", { expected: "between 0.1 s and 24 h", found: `${t} ms` });
    }
  }
  const host = o.host ?? "127.0.0.1";
  const int = (name: string, v: number | undefined, dflt: number, min: number, max: number) => {
    const x = v ?? dflt;
    if (!Number.isInteger(x) || x < min || x > max) throw new InvalidArgumentError(`${name} is out of range`, { expected: `an integer in [${min}, ${max}]`, found: String(v) });
    return x;
  };
  const out = {
    host,
    port: int("port", o.port, 8080, 0, 65535),
    parallel: int("parallel", o.parallel, 1, 1, 64),
    queue: int("queue", o.queue, 16, 0, 100_000),
    maxBody: int("max-body", o.maxBody, 1 << 20, 1024, 1 << 30),
    headersTimeoutMs: int("headers-timeout", o.headersTimeoutMs, 10_000, 1_000, 600_000),
    requestTimeoutMs: int("request-timeout", o.requestTimeoutMs, 60_000, 1_000, 3_600_000),
    maxConnections: int("max-connections", o.maxConnections, 256, 1, 100_000),
  };
  if (out.requestTimeoutMs < out.headersTimeoutMs) {
    throw new InvalidArgumentError("the request timeout is shorter than the headers timeout", {
      expected: "--request-timeout ≥ --headers-timeout (the headers are part of the request)",
      found: `${out.requestTimeoutMs / 1000} s < ${out.headersTimeoutMs / 1000} s`,
    });
  }
  if (o.apiKey !== undefined && (typeof o.apiKey !== "string" || o.apiKey.length < 8 || /\s/.test(o.apiKey))) {
    throw new InvalidArgumentError("the API key is too weak", { expected: "at least 8 characters, no whitespace", found: `${String(o.apiKey).length} characters` });
  }
  if (!isLoopback(host) && !o.apiKey) throw new InsecureBindError(host);
  if (o.apiKey !== undefined && o.apiKey.length < RECOMMENDED_KEY_LENGTH) {
    o.log?.(`warning: the API key has ${o.apiKey.length} characters; use at least ${RECOMMENDED_KEY_LENGTH} random ones (e.g. \`openssl rand -hex 16\`)`);
  }
  return out;
}
