/** The model under test in this process, through the SDK (exact token counts, safety off). */
import { basename } from "node:path";
import type { ChatMessage, Model } from "../../sdk/types.ts";
import type { TokenCounts } from "../types.ts";
import type { Generation, ModelClient, Sampling } from "./types.ts";

export class LocalClient implements ModelClient {
  readonly label: string;
  readonly concurrency = 1;
  private readonly model: Model;

  private constructor(model: Model, label: string) {
    this.model = model;
    this.label = label;
  }

  static async open(path: string, o: { threads?: number; contextLength?: number } = {}): Promise<LocalClient> {
    const { loadModel } = await import("../../sdk/load.ts");
    const model = await loadModel(path, o);
    return new LocalClient(model, model.info.name ?? basename(path).replace(/\.gguf$/i, ""));
  }

  static of(model: Model, label: string): LocalClient {
    return new LocalClient(model, label);
  }

  async generate(messages: ChatMessage[], s: Sampling, signal?: AbortSignal): Promise<Generation> {
    let reasoning = "";
    let answer = "";
    let finish = "stop";
    let truncated = false;
    let tokens: TokenCounts = { reasoning: 0, answer: 0, source: "engine" };
    // The evaluation measures the model itself: the safety layer's notices are not part of it.
    for await (const ev of this.model.chat(messages, { temperature: s.temperature, topK: s.topK, topP: s.topP, maxTokens: s.maxTokens, seed: s.seed, signal, safety: false })) {
      if (ev.type === "reasoning") reasoning += ev.text;
      else if (ev.type === "content") answer += ev.text;
      else if (ev.type === "done") {
        finish = ev.stopReason === "length" ? "length" : "stop";
        truncated = ev.reasoningTruncated;
        tokens = { reasoning: ev.usage.reasoningTokens, answer: ev.usage.contentTokens, source: "engine" };
      }
    }
    return { reasoning, answer, finishReason: finish, truncated, tokens };
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}
