/**
 * The in-process engine as a server backend: one ChatSession (KV cache) per slot. The engine
 * evaluates every busy slot's sequence in the same forward steps (continuous batching), so
 * `--parallel N` is N sequences decoded together.
 */
import { freemem } from "node:os";
import { basename } from "node:path";
import type { ChatEvent, ChatMessage, ChatOptions, ChatSession, EngineStats, Model, PreparedPrompt } from "../sdk/types.ts";
import { modelSha256 } from "../sdk/model-hash.ts";
import { MedpsyError } from "../errors.ts";
import type { Backend } from "./backend.ts";
import { usesTools } from "../generate/tool-events.ts";
import { thinkingFor } from "../chat/reasoning-budget.ts";
import { modelClassifier, type EmergencyClassifier } from "../safety/second-opinion.ts";

export class LocalBackend implements Backend<ChatSession> {
  readonly modelName: string;
  readonly modelAliases: readonly string[];
  readonly contextLength: number;
  readonly modelHash: () => Promise<string>;
  readonly kvCacheBytesPerSlot: number;
  readonly device?: string;
  readonly emergencyClassifier: EmergencyClassifier;
  readonly supportsTools = true;
  private readonly model: Model;
  /** Per slot: the token ids of its last prompt, and how many of them came from the cache. */
  private readonly lastPrompt = new WeakMap<ChatSession, { ids: readonly number[]; reused: number }>();

  constructor(model: Model, path: string, name?: string) {
    this.model = model;
    this.modelName = name ?? basename(path).replace(/\.gguf$/i, "");
    this.modelAliases = [basename(path), basename(path).replace(/\.gguf$/i, "")];
    this.contextLength = model.info.contextLength;
    this.kvCacheBytesPerSlot = model.info.kvCacheBytes;
    this.device = model.info.device;
    this.modelHash = () => modelSha256(path);
    this.emergencyClassifier = modelClassifier(model);
  }

  /** Tokenizes the request once, on the slot's session (bounded by its context, in slices). */
  async prepare(session: ChatSession, input: ChatMessage[] | string, options: ChatOptions, signal?: AbortSignal): Promise<PreparedPrompt> {
    const prompt = await session.prepare(input, { enableThinking: thinkingFor(options), signal, tools: usesTools(options) ? options.tools : undefined });
    this.notePrompt(session, prompt.ids);
    return prompt;
  }

  /** One session per slot, after checking their KV caches fit in the memory the machine has free. */
  createSlotStates(parallel: number): ChatSession[] {
    const need = parallel * this.kvCacheBytesPerSlot;
    const free = freemem();
    if (need > free) throw new SlotsDoNotFitError(parallel, this.kvCacheBytesPerSlot, this.contextLength, free);
    return Array.from({ length: parallel }, () => this.model.createSession());
  }

  /**
   * n > 1: the prompt is evaluated once on the slot's session (one greedy token past it, dropped
   * again by the next generation, which keeps the common prefix), then copied into fresh
   * sessions; the choices are then decoded together in the engine's steps.
   */
  async fork(session: ChatSession, prepared: unknown, count: number): Promise<{ states: ChatSession[]; release(): void }> {
    const need = count * this.kvCacheBytesPerSlot;
    if (need > freemem()) throw new SlotsDoNotFitError(count, this.kvCacheBytesPerSlot, this.contextLength, freemem());
    for await (const _ of session.generate(prepared as PreparedPrompt, { maxTokens: 1, temperature: 0 })) void _;
    const states = Array.from({ length: count }, () => this.model.createSession());
    try {
      for (const s of states) await s.copyFrom(session);
    } catch (err) {
      for (const s of states) s.close();
      throw err;
    }
    return { states, release: () => states.forEach((s) => s.close()) };
  }

  engineStats(): EngineStats {
    return this.model.engineStats();
  }

  reusedPromptTokens(session: ChatSession): number {
    return this.lastPrompt.get(session)?.reused ?? 0;
  }

  /**
   * The cache starts with the previous prompt of the session (the answer follows it), so the
   * part the new prompt shares with that one is reused: the engine keeps the common prefix.
   */
  private notePrompt(session: ChatSession, ids: readonly number[]): void {
    const last = this.lastPrompt.get(session);
    let shared = 0;
    if (last) while (shared < last.ids.length && shared < ids.length && last.ids[shared] === ids[shared]) shared++;
    const reused = Math.max(0, Math.min(shared, session.cachedTokens, ids.length - 1));
    this.lastPrompt.set(session, { ids, reused });
  }

  chat(session: ChatSession, messages: ChatMessage[], options: ChatOptions, prepared?: unknown): AsyncIterable<ChatEvent> {
    return this.run(session, messages, options, prepared);
  }

  complete(session: ChatSession, prompt: string, options: ChatOptions, prepared?: unknown): AsyncIterable<ChatEvent> {
    return this.run(session, prompt, options, prepared);
  }

  private async *run(session: ChatSession, input: ChatMessage[] | string, options: ChatOptions, prepared: unknown): AsyncIterable<ChatEvent> {
    yield* session.generate((prepared as PreparedPrompt | undefined) ?? (await this.prepare(session, input, options, options.signal)), options);
  }

  async close(): Promise<void> {
    await this.model.close();
  }
}

const MB = (bytes: number) => `${Math.round(bytes / 1e6).toLocaleString("en-US")} MB`;

export class SlotsDoNotFitError extends MedpsyError {
  constructor(parallel: number, perSlot: number, context: number, free: number) {
    super("SLOTS_DO_NOT_FIT", `the KV caches of ${parallel} slots do not fit in free memory`, {
      expected: `${parallel} × ${MB(perSlot)} (one KV cache per slot at context ${context}) = ${MB(parallel * perSlot)} free`,
      found: `${MB(free)} free`,
      hint: "lower --parallel or --context",
    });
  }
}
