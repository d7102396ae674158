/**
 * Any OpenAI-compatible server (llama-server, vLLM, another medpsy) as a backend: requests are
 * forwarded with the sampling fields mapped back, the SSE answer is read as reasoning and content
 * (`reasoning_content` when the upstream splits it, else `<think>` tags in the text), and the
 * safety layer runs here, in front, exactly as for the local engine. Nothing is sent anywhere
 * but the URL the operator named.
 */
import { MedpsyError } from "../errors.ts";
import { newRedactionMap, redactPhiAsync, type RedactionMap } from "../safety/phi/redact.ts";
import { StreamRestorer } from "../safety/phi/stream-restore.ts";
import { isLoopback } from "./options.ts";
import { responseFormatBody } from "./response-format.ts";
import type { ChatEvent, ChatMessage, ChatOptions } from "../sdk/types.ts";
import type { Backend } from "./backend.ts";
import { HttpError } from "./errors.ts";
import { readSse } from "./sse.ts";
import { UpstreamReply } from "./upstream-reply.ts";

/** Bounds max_tokens when the upstream does not say its context: the MedPsy models' own maximum. */
const UNKNOWN_CONTEXT = 262_144;
/** Largest single JSON reply read from an upstream that does not stream. */
const MAX_JSON_REPLY = 16 << 20;

export interface UpstreamOptions {
  url: string;
  apiKey?: string;
  /** Model name sent upstream; default: the first one its /v1/models lists. */
  model?: string;
  /** No bytes for this long → the request fails (ms). */
  timeoutMs?: number;
  contextLength?: number;
  /**
   * Replace PHI in what is sent upstream by placeholders and put the values back in the answer,
   * locally. Default: on when the upstream is not on this machine.
   */
  redact?: boolean;
}

type Abortable = { signal?: AbortSignal };

/** What prepare() builds: the body to send (redacted when on) and the map back. */
interface UpstreamRequest {
  path: string;
  body: Record<string, unknown>;
  map: RedactionMap;
  chat: boolean;
}

export class UpstreamBackend implements Backend<null> {
  modelName: string;
  contextLength: number;
  /** Whether the upstream said its context length (else `contextLength` is an assumption). */
  contextKnown = false;
  /** The upstream is another medpsy server (its /v1/models says so): its notices are left out. */
  private medpsyUpstream = false;
  private readonly base: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  readonly redact: boolean;

  private constructor(o: UpstreamOptions, model: string) {
    this.base = o.url.replace(/\/+$/, "").replace(/\/v1$/, "");
    this.apiKey = o.apiKey;
    this.modelName = model;
    this.timeoutMs = o.timeoutMs ?? 300_000;
    this.contextLength = o.contextLength ?? UNKNOWN_CONTEXT;
    this.contextKnown = o.contextLength !== undefined;
    this.redact = o.redact ?? !isLoopback(new URL(this.base).hostname.replace(/^\[|\]$/g, ""));
  }

  /** Connects once (GET /v1/models) so a wrong URL or key fails at start-up, not on the first user. */
  static async connect(o: UpstreamOptions): Promise<UpstreamBackend> {
    const probe = new UpstreamBackend(o, o.model ?? "");
    let res: Response;
    try {
      res = await probe.fetch("/v1/models", { method: "GET", signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new MedpsyError("UPSTREAM_UNREACHABLE", (err as Error).message, {
        hint: "check --upstream (e.g. http://127.0.0.1:8081 for llama-server) and --upstream-key; the upstream must answer GET /v1/models",
        cause: err,
      });
    }
    const list = (await res.json().catch(() => ({}))) as { data?: Array<Record<string, unknown>> };
    const models = (Array.isArray(list.data) ? list.data : []).filter((m) => m && typeof m.id === "string");
    probe.modelName = o.model ?? (models[0]?.id as string | undefined) ?? "upstream";
    const entry = models.find((m) => m.id === probe.modelName) ?? models[0];
    const reported = entry ? reportedContext(entry) : undefined;
    if (o.contextLength === undefined && reported !== undefined) [probe.contextLength, probe.contextKnown] = [reported, true];
    probe.medpsyUpstream = entry?.owned_by === "medpsy";
    return probe;
  }

  createSlotStates(parallel: number): null[] {
    return Array.from({ length: parallel }, () => null);
  }

  /**
   * The request body to send, once per request: with redaction on, PHI in every text (messages,
   * prompt, stop strings) replaced by placeholders — with yields to the event loop, so a 1 MiB
   * message does not stop the server answering — and the map to restore them in the answer.
   */
  async prepare(_s: null, input: ChatMessage[] | string, options: ChatOptions): Promise<UpstreamRequest> {
    const map = newRedactionMap();
    const send = async (t: string) => (this.redact ? (await redactPhiAsync(t, map)).text : t);
    const stop = options.stop ? await Promise.all(options.stop.map(send)) : undefined;
    const body: Record<string, unknown> = { ...this.sampling(options), ...(stop ? { stop } : {}) };
    // Its own referral and disclaimer would repeat the ones this server adds: ask for them as data only.
    if (this.medpsyUpstream) body.medpsy = { notices_in_content: false };
    if (typeof input === "string") {
      body.prompt = await send(input);
      return { path: "/v1/completions", body, map, chat: false };
    }
    const messages = [];
    for (const m of input) messages.push({ role: m.role, content: await send(m.content) });
    body.messages = messages;
    if (options.enableThinking !== undefined) body.chat_template_kwargs = { enable_thinking: options.enableThinking };
    return { path: "/v1/chat/completions", body, map, chat: true };
  }

  chat(_s: null, messages: ChatMessage[], options: ChatOptions, prepared?: unknown): AsyncIterable<ChatEvent> {
    return this.send(messages, options, prepared);
  }

  complete(_s: null, prompt: string, options: ChatOptions, prepared?: unknown): AsyncIterable<ChatEvent> {
    return this.send(prompt, options, prepared);
  }

  private async *send(input: ChatMessage[] | string, options: ChatOptions, prepared: unknown): AsyncGenerator<ChatEvent> {
    const req = (prepared as UpstreamRequest | undefined) ?? (await this.prepare(null, input, options));
    const events = this.stream(req.path, req.body, options, req.chat);
    yield* this.redact ? restoreEvents(events, req.map) : events;
  }

  async close(): Promise<void> {}

  /** The request's sampling fields (stop strings are added by prepare, redacted). */
  private sampling(o: ChatOptions): Record<string, unknown> {
    const b: Record<string, unknown> = { model: this.modelName, stream: true, stream_options: { include_usage: true } };
    const map: Array<[keyof ChatOptions, string]> = [
      ["temperature", "temperature"], ["topP", "top_p"], ["topK", "top_k"], ["minP", "min_p"], ["maxTokens", "max_tokens"],
      ["presencePenalty", "presence_penalty"], ["frequencyPenalty", "frequency_penalty"], ["repetitionPenalty", "repetition_penalty"],
      ["seed", "seed"], ["reasoningBudget", "reasoning_budget"],
    ];
    for (const [k, name] of map) if (o[k] !== undefined) b[name] = o[k];
    if (o.responseFormat) b.response_format = responseFormatBody(o.responseFormat);
    return b;
  }

  private async fetch(path: string, init: RequestInit & Abortable): Promise<Response> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let res: Response;
    try {
      res = await fetch(this.base + path, { ...init, headers, signal: init.signal ?? AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new HttpError(502, `cannot reach the upstream server at ${this.base}: ${(err as Error).message}`, { code: "upstream_unreachable" });
    }
    if (!res.ok) {
      const text = await readCapped(res, 64 << 10).catch(() => "");
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {}
      const status = res.status === 429 ? 429 : res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 403 ? res.status : 502;
      const headers: Record<string, string> = {};
      const retry = res.headers.get("retry-after");
      if (retry) headers["retry-after"] = retry;
      throw new HttpError(status, `upstream ${this.base} answered ${res.status}: ${message}`, { code: status === 502 ? "upstream_error" : "upstream_rejected", headers });
    }
    return res;
  }

  private async *stream(path: string, body: Record<string, unknown>, options: ChatOptions, chat: boolean): AsyncGenerator<ChatEvent> {
    // The client's disconnect aborts the upstream request; so does an upstream that goes silent.
    const idle = new IdleTimer(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
    try {
      yield* this.read(path, body, options, chat, signal, idle);
    } catch (err) {
      if (idle.signal.aborted && !options.signal?.aborted) {
        throw new HttpError(502, `the upstream server at ${this.base} sent nothing for ${this.timeoutMs / 1000} s`, { code: "upstream_timeout" });
      }
      throw err;
    } finally {
      idle.stop();
    }
  }

  private async *read(path: string, body: Record<string, unknown>, options: ChatOptions, chat: boolean, signal: AbortSignal, idle: IdleTimer): AsyncGenerator<ChatEvent> {
    const res = await this.fetch(path, { method: "POST", body: JSON.stringify(body), signal });
    if (!res.body) throw new HttpError(502, "the upstream answered without a body", { code: "upstream_error" });
    const type = res.headers.get("content-type") ?? "";
    const reply = new UpstreamReply(chat);
    if (/^application\/(.+\+)?json/i.test(type)) {
      // Asked for a stream, answered with one JSON object (some servers ignore `stream`).
      const text = await readCapped(res, MAX_JSON_REPLY + 1);
      if (text.length > MAX_JSON_REPLY) throw new HttpError(502, `the upstream's JSON reply is larger than ${MAX_JSON_REPLY} bytes`, { code: "upstream_error" });
      let json: Record<string, any>;
      try {
        json = JSON.parse(text);
      } catch {
        throw new HttpError(502, `the upstream answered JSON that does not parse: ${JSON.stringify(text.slice(0, 200))}`, { code: "upstream_error" });
      }
      yield* reply.chunk(json, "message");
    } else if (/^text\/event-stream/i.test(type) || type === "") {
      for await (const data of readSse(res.body as unknown as AsyncIterable<Uint8Array>)) {
        idle.touch();
        if (data === "[DONE]") break;
        let chunk: Record<string, any>;
        try {
          chunk = JSON.parse(data);
        } catch {
          throw new HttpError(502, "the upstream sent an event that is not JSON", { code: "upstream_error" });
        }
        yield* reply.chunk(chunk, "delta");
      }
    } else {
      const text = await readCapped(res, 300).catch(() => "");
      throw new HttpError(502, `the upstream answered ${type}, not an event stream or JSON: ${JSON.stringify(text.slice(0, 200))}`, { code: "upstream_error" });
    }
    if (!reply.answered && !options.signal?.aborted) throw new HttpError(502, "the upstream's reply held no answer (no choices)", { code: "upstream_error" });
    yield* reply.end(options.signal?.aborted ?? false);
  }
}

/** A reported context length: medpsy's `context_length`, vLLM's `max_model_len`, llama-server's `meta.n_ctx_train`. */
function reportedContext(entry: Record<string, unknown>): number | undefined {
  const meta = entry.meta as Record<string, unknown> | undefined;
  for (const v of [entry.context_length, entry.max_model_len, entry.context_window, meta?.n_ctx, meta?.n_ctx_train]) {
    if (typeof v === "number" && Number.isInteger(v) && v > 0) return v;
  }
  return undefined;
}

/** The first `limit` bytes of a response body as text (an upstream's error page may be huge). */
async function readCapped(res: Response, limit: number): Promise<string> {
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
}

/** Aborts its signal when `touch()` has not been called for `ms` milliseconds. */
class IdleTimer {
  private readonly ac = new AbortController();
  private readonly ms: number;
  private timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.ms = ms;
    this.timer = setTimeout(() => this.ac.abort(), ms);
  }
  get signal(): AbortSignal {
    return this.ac.signal;
  }
  touch(): void {
    this.timer.refresh();
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}

/** Puts the original values back into the upstream's answer, per channel, as it streams. */
async function* restoreEvents(events: AsyncIterable<ChatEvent>, map: RedactionMap): AsyncGenerator<ChatEvent> {
  const r = { reasoning: new StreamRestorer(map), content: new StreamRestorer(map) };
  for await (const ev of events) {
    if (ev.type === "reasoning" || ev.type === "content") {
      const text = r[ev.type].push(ev.text);
      if (text) yield { type: ev.type, text };
      continue;
    }
    for (const ch of ["reasoning", "content"] as const) {
      const rest = r[ch].end();
      if (rest) yield { type: ch, text: rest };
    }
    yield ev;
  }
}
