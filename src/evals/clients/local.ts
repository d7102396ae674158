/**
 * The model under test in this process, through the SDK (exact token counts, safety off). Up to
 * `concurrency` items generate at once, each in a session of its own; the engine decodes them
 * together in shared steps, and each session's KV cache is reused by the next item.
 */
import { basename } from "node:path";
import { InvalidArgumentError } from "../../errors.ts";
import type { ChatMessage, LoadOptions, Model } from "../../sdk/types.ts";
import type { TokenCounts } from "../types.ts";
import type { Generation, ModelClient, Sampling } from "./types.ts";

export class LocalClient implements ModelClient {
  readonly label: string;
  readonly concurrency: number;
  private readonly model: Model;

  private constructor(model: Model, label: string, concurrency = 1) {
    this.model = model;
    this.label = label;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new InvalidArgumentError("concurrency is out of range", { expected: "an integer in 1..256", found: String(concurrency) });
    }
    this.concurrency = concurrency;
  }

  /** Loads the model on `device` (default cpu); `onNote` hears where it runs and why ("auto"). */
  static async open(path: string, o: { threads?: number; device?: LoadOptions["device"]; contextLength?: number; concurrency?: number; onProgress?: LoadOptions["onProgress"]; onNote?: (text: string) => void } = {}): Promise<LocalClient> {
    const { loadModel } = await import("../../sdk/load.ts");
    const model = await loadModel(path, { threads: o.threads, device: o.device, contextLength: o.contextLength, onProgress: o.onProgress, onWarning: o.onNote });
    o.onNote?.(`running on ${model.info.device}`);
    return new LocalClient(model, model.info.name ?? basename(path).replace(/\.gguf$/i, ""), o.concurrency);
  }

  static of(model: Model, label: string, concurrency?: number): LocalClient {
    return new LocalClient(model, label, concurrency);
  }

  async generate(messages: ChatMessage[], s: Sampling, signal?: AbortSignal): Promise<Generation> {
    let reasoning = "";
    let answer = "";
    let finish = "stop";
    let truncated = false;
    let tokens: TokenCounts = { reasoning: 0, answer: 0, source: "engine" };
    const session = this.model.createSession();
    try {
      // The evaluation measures the model itself: the safety layer's notices are not part of it.
      for await (const ev of session.chat(messages, { temperature: s.temperature, topK: s.topK, topP: s.topP, maxTokens: s.maxTokens, seed: s.seed, signal, safety: false })) {
        if (ev.type === "reasoning") reasoning += ev.text;
        else if (ev.type === "content") answer += ev.text;
        else if (ev.type === "done") {
          // An answer cut off by an interruption is no result: storing it would score it, and
          // --resume would never ask that item again.
          if (ev.stopReason === "abort") throw signal?.reason ?? new DOMException("the evaluation was interrupted", "AbortError");
          finish = ev.stopReason === "length" ? "length" : "stop";
          truncated = ev.reasoningTruncated;
          tokens = { reasoning: ev.usage.reasoningTokens, answer: ev.usage.contentTokens, source: "engine" };
        }
      }
    } finally {
      session.close();
    }
    return { reasoning, answer, finishReason: finish, truncated, tokens };
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}
