/** The loaded model: implements the public `Model` interface over a ModelCore. */
import { ContextOverflowError, ModelClosedError, InvalidArgumentError } from "../errors.ts";
import type { ModelCore } from "./model-core.ts";
import { modelClassifier } from "../safety/second-opinion.ts";
import { LocalSession } from "./session.ts";
import type {
  ChatEvent,
  ChatMessage,
  ChatOptions,
  ChatSession,
  ChatStreamEvent,
  EngineStats,
  Model,
  ModelInfo,
  RenderOptions,
  SafetyChatOptions,
  TokenizeOptions,
} from "./types.ts";

export class LocalModel implements Model {
  readonly info: ModelInfo;
  private readonly core: ModelCore;
  private readonly sessions = new Set<LocalSession>();
  private defaultSession: LocalSession | undefined;
  private closed = false;

  constructor(core: ModelCore, info: ModelInfo) {
    this.core = core;
    this.info = info;
    core.emergencyClassifier ??= modelClassifier(this); // the safety layer's second opinion, through the public API
  }

  get defaults(): ModelCore["defaults"] {
    return { ...this.core.defaults };
  }

  tokenize(text: string, options: TokenizeOptions = {}): number[] {
    this.check();
    if (typeof text !== "string") throw new InvalidArgumentError("text must be a string", { found: typeof text });
    return this.core.tokenizer.encode(text, { special: options.special ?? false });
  }

  detokenize(ids: readonly number[]): string {
    this.check();
    return this.core.tokenizer.decode(ids, { skipSpecial: false });
  }

  async logits(ids: readonly number[]): Promise<Float32Array> {
    this.check();
    const vocab = this.info.vocabSize;
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((t) => !Number.isInteger(t) || t < 0 || t >= vocab)) {
      throw new InvalidArgumentError("logits() needs a non-empty list of token ids", {
        expected: `integers in [0, ${vocab})`,
        found: Array.isArray(ids) ? `${ids.length} items` : typeof ids,
      });
    }
    if (ids.length > this.core.contextLength) throw new ContextOverflowError(ids.length, this.core.contextLength);
    // A sequence of its own, so this never disturbs a chat session; it is evaluated in the same
    // steps as every other sequence of the model.
    const { engine } = this.core;
    const seq = engine.newSequence(this.core.contextLength);
    try {
      const out = new Float32Array(vocab);
      await engine.scheduler.run(seq.cache, ids, out);
      return out;
    } finally {
      engine.release(seq);
    }
  }

  engineStats(): EngineStats {
    const s = this.core.engine.scheduler;
    return { steps: s.steps, widestStep: s.widestStep, activeSequences: s.active };
  }

  renderChat(messages: ChatMessage[], options?: RenderOptions): string {
    this.check();
    return this.core.renderChat(messages, options);
  }

  chat(messages: ChatMessage[], options?: ChatOptions & SafetyChatOptions): AsyncIterable<ChatStreamEvent> {
    this.check();
    return this.session().chat(messages, options);
  }

  complete(prompt: string, options?: ChatOptions): AsyncIterable<ChatEvent> {
    this.check();
    return this.session().complete(prompt, options);
  }

  createSession(): ChatSession {
    this.check();
    const s: LocalSession = new LocalSession(this.core, this.core.engine.newSequence(this.core.contextLength), () => this.sessions.delete(s));
    this.sessions.add(s);
    return s;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sessions) s.close();
    this.sessions.clear();
    await this.core.engine.dispose();
  }

  /** The session `chat()` uses: it keeps the previous turn's cache for the next one. */
  private session(): LocalSession {
    this.defaultSession ??= this.createSession() as LocalSession;
    return this.defaultSession;
  }

  private check(): void {
    if (this.closed) throw new ModelClosedError();
  }
}
