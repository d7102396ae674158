/**
 * A chat session: one KV cache, one generation at a time. A call whose prompt extends the
 * tokens already in the cache (the next turn of a conversation) evaluates only the new part.
 */
import type { Sequence } from "../engine/sequence.ts";
import { ContextOverflowError, InvalidArgumentError, ModelClosedError } from "../errors.ts";
import { runLoop } from "../generate/loop.ts";
import { buildPipeline } from "../generate/pipeline.ts";
import { Mutex } from "./mutex.ts";
import type { ModelCore } from "./model-core.ts";
import type { ChatEvent, ChatMessage, ChatOptions, ChatSession, ChatStreamEvent, SafetyChatOptions } from "./types.ts";
import { validateChatOptions, validateMessages } from "./validate.ts";

export class LocalSession implements ChatSession {
  private readonly core: ModelCore;
  private readonly sequence: Sequence;
  private readonly mutex = new Mutex();
  private closed = false;

  constructor(core: ModelCore, sequence: Sequence) {
    this.core = core;
    this.sequence = sequence;
  }

  get cachedTokens(): number {
    return this.sequence.tokens.length;
  }

  chat(messages: ChatMessage[], options: ChatOptions & SafetyChatOptions = {}): AsyncIterable<ChatStreamEvent> {
    const checked = validateMessages(messages);
    validateChatOptions(options);
    const inner = this.generateChat(checked, options);
    const { signal: _signal, safety, ...settings } = options;
    return this.core.withSafety(checked, inner, safety, settings as Record<string, unknown>);
  }

  complete(prompt: string, options: ChatOptions = {}): AsyncIterable<ChatEvent> {
    if (typeof prompt !== "string" || prompt.length === 0) {
      throw new InvalidArgumentError("prompt must be a non-empty string", { found: typeof prompt === "string" ? "an empty string" : typeof prompt });
    }
    validateChatOptions(options);
    return this.generate(this.core.tokenizer.encode(prompt, { special: true }), options, false, false);
  }

  private async *generateChat(messages: ChatMessage[], options: ChatOptions): AsyncGenerator<ChatEvent> {
    const prompt = this.core.renderChat(messages, { addGenerationPrompt: true, enableThinking: options.enableThinking });
    const ids = this.core.tokenizer.encode(prompt, { special: true });
    yield* this.generate(ids, options, true, this.core.promptOpensThink(prompt));
  }

  private async *generate(
    prompt: number[],
    options: ChatOptions,
    parseReasoning: boolean,
    startsInReasoning: boolean,
  ): AsyncGenerator<ChatEvent> {
    if (this.closed) throw new ModelClosedError();
    const ctx = this.sequence.contextLength;
    if (prompt.length >= ctx) throw new ContextOverflowError(prompt.length, ctx);
    const release = await this.mutex.acquire();
    try {
      if (this.closed) throw new ModelClosedError();
      const maxTokens = Math.min(options.maxTokens ?? this.core.defaultMaxTokens, ctx - prompt.length);
      const pipeline = buildPipeline(this.core, options, { parseReasoning, startsInReasoning });
      yield* runLoop({
        sequence: this.sequence,
        prompt,
        maxTokens,
        signal: options.signal,
        reasoningBudget: parseReasoning ? options.reasoningBudget : undefined,
        ...pipeline,
      });
    } finally {
      release();
    }
  }

  reset(): void {
    this.sequence.reset();
  }

  close(): void {
    this.closed = true;
    this.sequence.reset();
  }
}
