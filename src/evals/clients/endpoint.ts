/**
 * Any OpenAI-compatible endpoint (llama-server, vLLM, medpsy serve, a hosted API) as the model
 * under test or as the judge: bounded concurrency, retries with backoff on 429/5xx/network
 * errors (honouring Retry-After), a timeout per request. Requests go only to the URL given.
 */
import { MedpsyError } from "../../errors.ts";
import type { ChatMessage } from "../../sdk/types.ts";
import { splitThinking } from "../extract.ts";
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

export class EndpointClient implements ModelClient {
  readonly label: string;
  readonly concurrency: number;
  private readonly o: EndpointOptions;
  private readonly base: string;

  constructor(o: EndpointOptions) {
    this.o = o;
    this.label = o.model;
    this.concurrency = o.concurrency ?? 4;
    this.base = o.url.replace(/\/+$/, "").replace(/\/v1$/, "");
  }

  /** POST /v1/chat/completions with retries; returns the parsed JSON. */
  async request(body: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, any>> {
    const retries = this.o.retries ?? 5;
    const backoff = this.o.backoffMs ?? 1000;
    let last: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      let wait = backoff * 2 ** attempt;
      try {
        const res = await fetch(`${this.base}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}) },
          body: JSON.stringify({ model: this.o.model, ...body }),
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.o.timeoutMs ?? 1_200_000)]) : AbortSignal.timeout(this.o.timeoutMs ?? 1_200_000),
        });
        if (res.ok) return (await res.json()) as Record<string, any>;
        const text = await res.text().catch(() => "");
        last = new EndpointError(`${this.base} answered ${res.status}: ${text.slice(0, 300)}`, res.status, "check --endpoint, --model-name and --api-key");
        if (res.status !== 429 && res.status < 500) throw last; // the request itself is wrong: retrying will not help
        const ra = Number(res.headers.get("retry-after"));
        if (Number.isFinite(ra) && ra > 0) wait = Math.min(ra * 1000, 120_000);
      } catch (err) {
        if (err instanceof EndpointError && err.status !== undefined && err.status !== 429 && err.status < 500) throw err;
        if (signal?.aborted) throw err;
        last = err instanceof EndpointError ? err : new EndpointError(`cannot reach ${this.base}: ${(err as Error).message}`, undefined, "is the server running? check --endpoint");
      }
      if (attempt < retries) await sleep(Math.min(wait, 60_000), signal);
    }
    throw last;
  }

  async generate(messages: ChatMessage[], s: Sampling, signal?: AbortSignal): Promise<Generation> {
    const json = await this.request(
      { messages, temperature: s.temperature, top_p: s.topP, top_k: s.topK, max_tokens: s.maxTokens, seed: s.seed, stream: false },
      signal,
    );
    const choice = json.choices?.[0];
    if (!choice?.message) throw new EndpointError(`${this.base} answered without choices[0].message`, 200, "is this an OpenAI-compatible chat endpoint?");
    let content: string = typeof choice.message.content === "string" ? choice.message.content : "";
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
    const usage = json.usage ?? {};
    const completion = typeof usage.completion_tokens === "number" ? usage.completion_tokens : undefined;
    const rTokens = usage.completion_tokens_details?.reasoning_tokens;
    let tokens: Generation["tokens"];
    if (completion !== undefined && typeof rTokens === "number") tokens = { reasoning: rTokens, answer: Math.max(0, completion - rTokens) };
    else if (completion !== undefined) {
      // The server counted the tokens but not the split: divide in proportion to the text.
      const r = Math.round((completion * reasoning.length) / Math.max(1, reasoning.length + answer.length));
      tokens = { reasoning: r, answer: completion - r, estimated: true };
    } else tokens = { reasoning: Math.ceil(reasoning.length / 4), answer: Math.ceil(answer.length / 4), estimated: true };
    return { reasoning, answer: answer.trim(), finishReason, truncated, tokens };
  }

  async close(): Promise<void> {}
}
