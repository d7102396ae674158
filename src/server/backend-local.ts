/** The in-process engine as a server backend: one ChatSession (KV cache) per slot. */
import { basename } from "node:path";
import type { ChatEvent, ChatMessage, ChatOptions, ChatSession, Model } from "../sdk/types.ts";
import { modelSha256 } from "../sdk/model-hash.ts";
import { ContextOverflowError } from "../errors.ts";
import type { Backend } from "./backend.ts";

export class LocalBackend implements Backend<ChatSession> {
  readonly modelName: string;
  readonly contextLength: number;
  readonly modelHash: () => Promise<string>;
  private readonly model: Model;

  constructor(model: Model, path: string, name?: string) {
    this.model = model;
    this.modelName = name ?? basename(path).replace(/\.gguf$/i, "");
    this.contextLength = model.info.contextLength;
    this.modelHash = () => modelSha256(path);
  }

  preflight(messages: ChatMessage[] | undefined, options: ChatOptions, prompt?: string): void {
    const text = messages ? this.model.renderChat(messages, { enableThinking: options.enableThinking }) : (prompt ?? "");
    const n = this.model.tokenize(text, { special: true }).length;
    if (n >= this.contextLength) throw new ContextOverflowError(n, this.contextLength);
  }

  createSlotStates(parallel: number): ChatSession[] {
    return Array.from({ length: parallel }, () => this.model.createSession());
  }

  async *chat(session: ChatSession, messages: ChatMessage[], options: ChatOptions): AsyncIterable<ChatEvent> {
    for await (const ev of session.chat(messages, { ...options, safety: false })) {
      if (ev.type === "reasoning" || ev.type === "content" || ev.type === "done") yield ev;
    }
  }

  complete(session: ChatSession, prompt: string, options: ChatOptions): AsyncIterable<ChatEvent> {
    return session.complete(prompt, options);
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}
