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
  /** Per slot: the token ids of its last prompt, and how many of them came from the cache. */
  private readonly lastPrompt = new WeakMap<ChatSession, { ids: number[]; reused: number }>();

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

  reusedPromptTokens(session: ChatSession): number {
    return this.lastPrompt.get(session)?.reused ?? 0;
  }

  /**
   * The cache starts with the previous prompt of the session (the answer follows it), so the
   * part the new prompt shares with that one is reused: the engine keeps the common prefix.
   */
  private notePrompt(session: ChatSession, ids: number[]): void {
    const last = this.lastPrompt.get(session);
    let shared = 0;
    if (last) while (shared < last.ids.length && shared < ids.length && last.ids[shared] === ids[shared]) shared++;
    const reused = Math.max(0, Math.min(shared, session.cachedTokens, ids.length - 1));
    this.lastPrompt.set(session, { ids, reused });
  }

  async *chat(session: ChatSession, messages: ChatMessage[], options: ChatOptions): AsyncIterable<ChatEvent> {
    const prompt = this.model.renderChat(messages, { enableThinking: options.enableThinking });
    this.notePrompt(session, this.model.tokenize(prompt, { special: true }));
    for await (const ev of session.chat(messages, { ...options, safety: false })) {
      if (ev.type === "reasoning" || ev.type === "content" || ev.type === "done") yield ev;
    }
  }

  complete(session: ChatSession, prompt: string, options: ChatOptions): AsyncIterable<ChatEvent> {
    this.notePrompt(session, this.model.tokenize(prompt, { special: true }));
    return session.complete(prompt, options);
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}
