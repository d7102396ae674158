/**
 * A chat session: one KV cache, one generation at a time. A call whose prompt extends the
 * tokens already in the cache (the next turn of a conversation) evaluates only the new part.
 */
import { thinkingFor } from "../chat/reasoning-budget.ts";
import type { Sequence } from "../engine/sequence.ts";
import { ContextOverflowError, InvalidArgumentError, ModelClosedError } from "../errors.ts";
import { runLoop } from "../generate/loop.ts";
import { buildPipeline, callsConstrained } from "../generate/pipeline.ts";
import { usesTools, withToolCalls } from "../generate/tool-events.ts";
import { Mutex } from "./mutex.ts";
import type { ModelCore } from "./model-core.ts";
import { isPrepared, preparePrompt } from "./prompt.ts";
import type { ChatEvent, ChatMessage, ChatOptions, ChatSession, ChatStreamEvent, PreparedPrompt, PrepareOptions, SafetyChatOptions } from "./types.ts";
import { validateChatOptions, validateMessages } from "./validate.ts";

export class LocalSession implements ChatSession {
  private readonly core: ModelCore;
  private readonly sequence: Sequence;
  private readonly mutex = new Mutex();
  private readonly closing = new AbortController();
  private readonly onClose: () => void;
  private closed = false;

  constructor(core: ModelCore, sequence: Sequence, onClose: () => void = () => {}) {
    this.core = core;
    this.sequence = sequence;
    this.onClose = onClose;
  }

  get cachedTokens(): number {
    return this.sequence.tokens.length;
  }

  chat(messages: ChatMessage[], options: ChatOptions & SafetyChatOptions = {}): AsyncIterable<ChatStreamEvent> {
    const checked = validateMessages(messages);
    validateChatOptions(options);
    const inner = this.prepareAndRun(checked, options);
    const { signal: _signal, safety, ...settings } = options;
    return this.core.withSafety(checked, inner, safety, settings as Record<string, unknown>);
  }

  complete(prompt: string, options: ChatOptions = {}): AsyncIterable<ChatEvent> {
    checkPrompt(prompt);
    validateChatOptions(options);
    return this.prepareAndRun(prompt, options);
  }

  prepare(input: ChatMessage[] | string, options: PrepareOptions = {}): Promise<PreparedPrompt> {
    if (this.closed) return Promise.reject(new ModelClosedError());
    if (typeof input === "string") checkPrompt(input);
    else input = validateMessages(input);
    return preparePrompt(this.core, input, this.sequence.contextLength, options);
  }

  generate(prompt: PreparedPrompt, options: ChatOptions = {}): AsyncIterable<ChatEvent> {
    if (!isPrepared(prompt)) {
      throw new InvalidArgumentError("generate() takes a prompt made by session.prepare()", { found: typeof prompt });
    }
    validateChatOptions(options);
    return this.generateFrom(prompt.ids, options, prompt.kind === "chat", prompt.startsInReasoning);
  }

  /** Tokenizes (in slices, bounded by the context), then generates; an abort while tokenizing ends the call as an abort. */
  private async *prepareAndRun(input: ChatMessage[] | string, options: ChatOptions): AsyncGenerator<ChatEvent> {
    let prompt: PreparedPrompt;
    try {
      prompt = await this.prepare(input, { enableThinking: thinkingFor(options), signal: options.signal, tools: usesTools(options) ? options.tools : undefined });
    } catch (err) {
      if (!options.signal?.aborted) throw err;
      yield { type: "done", stopReason: "abort", usage: { promptTokens: 0, reasoningTokens: 0, contentTokens: 0 }, reasoningTruncated: false };
      return;
    }
    yield* this.generateFrom(prompt.ids, options, prompt.kind === "chat", prompt.startsInReasoning);
  }

  private async *generateFrom(
    prompt: readonly number[],
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
      const events = runLoop({
        sequence: this.sequence,
        prompt,
        maxTokens,
        // Closing the session stops its generation at the next token, as the caller's signal does.
        signal: options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal,
        reasoningBudget: parseReasoning ? options.reasoningBudget : undefined,
        ...pipeline,
      });
      yield* parseReasoning && usesTools(options) ? withToolCalls(events, undefined, callsConstrained(this.core, options)) : events;
    } finally {
      release();
    }
  }

  async copyFrom(other: ChatSession): Promise<void> {
    if (!(other instanceof LocalSession) || other.core !== this.core) {
      throw new InvalidArgumentError("copyFrom needs a session of the same model", { found: "a session of another model or kind" });
    }
    if (other === this) return;
    const mine = await this.mutex.acquire();
    try {
      const theirs = await other.mutex.acquire();
      try {
        if (this.closed || other.closed) throw new ModelClosedError();
        this.sequence.copyFrom(other.sequence);
      } finally {
        theirs();
      }
    } finally {
      mine();
    }
  }

  reset(): void {
    this.sequence.reset();
  }

  /**
   * Ends the session: a generation in progress stops at its next token, then the KV cache goes
   * back to the engine for the next session to reuse.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    this.onClose();
    void this.mutex.acquire().then((release) => {
      this.core.engine.release(this.sequence);
      release();
    });
  }
}

function checkPrompt(prompt: unknown): void {
  if (typeof prompt !== "string" || prompt.length === 0) {
    throw new InvalidArgumentError("prompt must be a non-empty string", { found: typeof prompt === "string" ? "an empty string" : typeof prompt });
  }
}
