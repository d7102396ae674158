/**
 * Any OpenAI-compatible endpoint (llama-server, vLLM, medpsy serve, a hosted API) as the model
 * under test or as the judge: bounded concurrency, retries with backoff on 429/5xx/network
 * errors (honouring Retry-After), a timeout per request. Requests go only to the URL given.
 */
import { MedpsyError } from "../../errors.ts";
import type { ChatMessage } from "../../sdk/types.ts";
import { splitThinking } from "../extract.ts";
import type { TokenCounts } from "../types.ts";
import type { Generation, ModelClient, Sampling } from "./types.ts";

export interface EndpointOptions {
  url: string;
  model: string;
  apiKey?: string;
  concurrency?: number;
  /** Per request, ms. Default 20 minutes (long reasoning on slow hardware). */
  timeoutMs?: number;
  retries?: number;
  /** Base of the exponential backoff, ms (tests use a small value). */
  backoffMs?: number;
  /** Counts tokens of a text with a local tokenizer, when the server does not split them. */
  tokenize?: (text: string) => number;
  /** Largest reply accepted, bytes (default 64 MiB). */
  maxBodyBytes?: number;
  /** Told before each retry (shown on stderr, so a long wait is not silent). */
  onRetry?: (message: string) => void;
}

export class EndpointError extends MedpsyError {
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined, hint: string) {
    super("EVAL_ENDPOINT", message, { hint });
    this.status = status;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

/** A reply larger than this is refused: 16,384 tokens of text are well under 1 MB. */
const MAX_BODY = 64 * 1024 * 1024;

/** The body as text, refusing (not buffering) more than `limit` bytes. */
async function readBounded(res: Response, limit: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new EndpointError(`${res.url} sent more than ${limit} bytes in one reply`, res.status, "is --endpoint an OpenAI-compatible chat server?");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Retry-After as seconds or an HTTP date, in ms. */
function retryAfterMs(v: string | null): number | undefined {
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

const describe = (err: unknown) => {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message;
};

/** At most `limit` requests in flight; the rest wait in order. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(limit: number) {
    this.free = limit;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

export class EndpointClient implements ModelClient {
  readonly label: string;
  readonly concurrency: number;
  private readonly o: EndpointOptions;
  private readonly base: string;
  /** Set once the server has refused `top_k`. */
  private dropTopK = false;
  private readonly slots: Slots;

  constructor(o: EndpointOptions) {
    this.o = o;
    this.label = o.model;
    this.concurrency = o.concurrency ?? 4;
    this.slots = new Slots(this.concurrency);
    this.base = o.url.replace(/\/+$/, "").replace(/\/v1$/, "");
  }

  /** POST /v1/chat/completions with retries, at most `concurrency` at once; returns the parsed JSON. */
  request(body: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, any>> {
    return this.slots.run(() => this.attempt(body, signal));
  }

  private async attempt(body: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, any>> {
    const retries = this.o.retries ?? 5;
    const backoff = this.o.backoffMs ?? 1000;
    let last: EndpointError | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      let wait = backoff * 2 ** attempt;
      const sent = this.dropTopK ? { ...body, top_k: undefined } : body;
      let res: Response;
      try {
        res = await fetch(`${this.base}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}) },
          body: JSON.stringify({ model: this.o.model, ...sent }),
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.o.timeoutMs ?? 1_200_000)]) : AbortSignal.timeout(this.o.timeoutMs ?? 1_200_000),
        });
      } catch (err) {
        if (signal?.aborted) throw err;
        last = new EndpointError(`cannot reach ${this.base}: ${describe(err)}`, undefined, "is the server running? check --endpoint");
        if (attempt < retries) await this.pause(wait, last, attempt, retries, signal);
        continue;
      }
      let text: string;
      try {
        text = await readBounded(res, this.o.maxBodyBytes ?? MAX_BODY);
      } catch (err) {
        if (err instanceof EndpointError || signal?.aborted) throw err;
        last = new EndpointError(`${this.base}: the reply broke off (${describe(err)})`, undefined, "is the server running? check --endpoint");
        if (attempt < retries) await this.pause(wait, last, attempt, retries, signal);
        continue;
      }
      if (res.ok) {
        try {
          return JSON.parse(text) as Record<string, any>;
        } catch {
          throw new EndpointError(`${this.base} answered ${res.status} with something that is not JSON: ${JSON.stringify(text.slice(0, 120))}`, res.status, "is --endpoint the base URL of an OpenAI-compatible server (…/v1/chat/completions)?");
        }
      }
      last = new EndpointError(`${this.base} answered ${res.status}: ${text.slice(0, 300)}`, res.status, "check --endpoint, --model-name and --api-key");
      // Hosted APIs (OpenAI's) refuse top_k: send the rest of the card's sampling without it.
      if (res.status === 400 && !this.dropTopK && "top_k" in body && /top_k/.test(text)) {
        this.dropTopK = true;
        this.o.onRetry?.(`${this.base} does not accept top_k; continuing without it (temperature and top_p are still sent)`);
        attempt--;
        continue;
      }
      if (res.status !== 429 && res.status < 500) throw last; // the request itself is wrong: retrying will not help
      const ra = retryAfterMs(res.headers.get("retry-after"));
      if (ra !== undefined) wait = Math.min(ra, 120_000);
      if (attempt < retries) await this.pause(wait, last, attempt, retries, signal);
    }
    throw last!;
  }

  private async pause(ms: number, why: EndpointError, attempt: number, retries: number, signal?: AbortSignal): Promise<void> {
    const wait = Math.min(ms, 120_000);
    this.o.onRetry?.(`${why.message.split("\n")[0]!.slice(0, 160)}; retry ${attempt + 1}/${retries} in ${(wait / 1000).toFixed(wait < 10_000 ? 1 : 0)} s`);
    await sleep(wait, signal);
  }

  async generate(messages: ChatMessage[], s: Sampling, signal?: AbortSignal): Promise<Generation> {
    const json = await this.request(
      { messages, temperature: s.temperature, top_p: s.topP, top_k: s.topK, max_tokens: s.maxTokens, seed: s.seed, stream: false },
      signal,
    );
    const choice = json.choices?.[0];
    if (!choice?.message) throw new EndpointError(`${this.base} answered without choices[0].message`, 200, "is this an OpenAI-compatible chat endpoint?");
    const received: string = typeof choice.message.content === "string" ? choice.message.content : "";
    let content = received;
    // A medpsy server adds the safety layer's notices to the text; they are not the model's answer.
    for (const n of json.medpsy?.notices ?? []) if (typeof n?.text === "string") content = content.replace(n.text, "");
    content = content.trim();
    const finishReason = String(choice.finish_reason ?? "stop");
    const separate = choice.message.reasoning_content ?? choice.message.reasoning;
    let reasoning: string;
    let answer: string;
    let truncated: boolean;
    if (typeof separate === "string") {
      reasoning = separate;
      answer = content;
      truncated = answer === "" && finishReason === "length";
    } else {
      const split = splitThinking(content);
      reasoning = split.reasoning;
      answer = split.answer;
      // A thinking model cut off by the token limit before `</think>` never answered.
      truncated = split.truncated || (!content.includes("</think>") && finishReason === "length");
      if (truncated && !split.truncated) {
        reasoning = content;
        answer = "";
      }
    }
    answer = answer.trim();
    // The text as received, kept when it is more than the answer (it held <think> or notices).
    const raw = received.trim() !== answer ? received : undefined;
    return { reasoning, answer, raw, finishReason, truncated, tokens: this.countTokens(json.usage, reasoning, answer) };
  }

  /**
   * Reasoning and answer tokens: the server's split when it gives one
   * (usage.completion_tokens_details.reasoning_tokens), else the local tokenizer's count when
   * one was given, else an estimate (marked as such).
   */
  private countTokens(usage: Record<string, any> | undefined, reasoning: string, answer: string): TokenCounts {
    const completion = typeof usage?.completion_tokens === "number" ? usage.completion_tokens : undefined;
    const rTokens = usage?.completion_tokens_details?.reasoning_tokens;
    if (completion !== undefined && typeof rTokens === "number") return { reasoning: rTokens, answer: Math.max(0, completion - rTokens), source: "server" };
    if (this.o.tokenize) return { reasoning: this.o.tokenize(reasoning), answer: this.o.tokenize(answer), source: "tokenizer" };
    if (completion !== undefined) {
      // The server counted the tokens but not the split: divide in proportion to the text.
      const r = Math.round((completion * reasoning.length) / Math.max(1, reasoning.length + answer.length));
      return { reasoning: r, answer: completion - r, estimated: true, source: "estimate" };
    }
    return { reasoning: Math.ceil(reasoning.length / 4), answer: Math.ceil(answer.length / 4), estimated: true, source: "estimate" };
  }

  async close(): Promise<void> {}
}
