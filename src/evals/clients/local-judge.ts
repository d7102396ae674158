/**
 * A model file as the HealthBench judge, run in this process through the SDK (the same engine as
 * the model under test: any architecture the registry knows, e.g. CompassJudger-2's qwen2). The
 * grader's messages go through the judge's own chat template; its reasoning, if it thinks, is
 * not part of the reply. Up to `concurrency` verdicts are generated at once, each in a session
 * of its own (decoded together in shared steps); each session holds a KV cache of the judge's
 * context, so the fit check (checkEvalMemory) counts that many.
 */
import { basename } from "node:path";
import { ContextOverflowError, InvalidArgumentError } from "../../errors.ts";
import type { ChatMessage, LoadOptions, Model } from "../../sdk/types.ts";
import { JUDGE_MAX_TOKENS, type Judge } from "../judge.ts";

/** The judge's context when none is given: a long HealthBench conversation plus the reply. */
export const DEFAULT_JUDGE_CONTEXT = 12_288;

export interface LocalJudgeOptions {
  threads?: number;
  /** Where the judge runs (loadModel's `device`; default cpu). */
  device?: LoadOptions["device"];
  /** Hears where the judge runs and why ("auto"). */
  onNote?: (text: string) => void;
  /** Tokens of context per verdict (prompt + reply); default DEFAULT_JUDGE_CONTEXT, at most the trained one. */
  contextLength?: number;
  /** Verdicts generated at once (default 1). */
  concurrency?: number;
  /** New tokens per reply (default JUDGE_MAX_TOKENS). */
  maxTokens?: number;
  onProgress?: LoadOptions["onProgress"];
}

export class LocalJudge implements Judge {
  readonly label: string;
  private readonly model: Model;
  private readonly maxTokens: number;
  private readonly concurrency: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  private constructor(model: Model, label: string, o: LocalJudgeOptions) {
    this.model = model;
    this.label = label;
    this.maxTokens = o.maxTokens ?? JUDGE_MAX_TOKENS;
    this.concurrency = o.concurrency ?? 1;
  }

  static checkOptions(o: LocalJudgeOptions): void {
    const c = o.concurrency ?? 1;
    if (!Number.isInteger(c) || c < 1 || c > 256) throw new InvalidArgumentError("judge concurrency is out of range", { expected: "an integer in 1..256", found: String(c) });
    const m = o.maxTokens ?? JUDGE_MAX_TOKENS;
    if (!Number.isInteger(m) || m < 1) throw new InvalidArgumentError("judge max tokens is out of range", { expected: "a positive integer", found: String(m) });
  }

  static async open(path: string, o: LocalJudgeOptions = {}): Promise<LocalJudge> {
    LocalJudge.checkOptions(o);
    const { loadModel } = await import("../../sdk/load.ts");
    const model = await loadModel(path, { threads: o.threads, device: o.device, contextLength: o.contextLength ?? DEFAULT_JUDGE_CONTEXT, onProgress: o.onProgress, onWarning: (m) => { if (o.device === "auto") o.onNote?.(m); } });
    o.onNote?.(`running on ${model.info.device}`);
    return new LocalJudge(model, model.info.name ?? basename(path).replace(/\.gguf$/i, ""), o);
  }

  /** As `open`, over a model already loaded (tests, SDK users); `close` closes it. */
  static of(model: Model, label: string, o: LocalJudgeOptions = {}): LocalJudge {
    LocalJudge.checkOptions(o);
    return new LocalJudge(model, label, o);
  }

  async reply(messages: ChatMessage[], signal?: AbortSignal): Promise<string> {
    await this.slot();
    const session = this.model.createSession();
    try {
      let text = "";
      for await (const ev of session.chat(messages, { temperature: 0, maxTokens: this.maxTokens, signal, safety: false })) {
        if (ev.type === "content") text += ev.text;
        else if (ev.type === "done" && ev.stopReason === "abort") throw signal?.reason ?? new DOMException("the evaluation was interrupted", "AbortError");
      }
      return text;
    } catch (err) {
      // Asking again (the grader's prompt, a bad reply, a reminder) may not fit where the prompt
      // alone did: that attempt gives no verdict, as an unparseable reply would.
      if (err instanceof ContextOverflowError && messages.length > 1) return "";
      if (err instanceof ContextOverflowError) {
        throw new InvalidArgumentError(`a grading prompt of ${err.promptTokens} tokens does not fit the judge's context of ${err.contextLength}`, {
          expected: `a judge context longer than the prompt plus its reply (${this.maxTokens} tokens)`,
          found: `${err.contextLength} tokens`,
          hint: "give the judge a longer context with --judge-context N (each verdict in flight holds a KV cache of that size)",
        });
      }
      throw err;
    } finally {
      session.close();
      this.release();
    }
  }

  async close(): Promise<void> {
    await this.model.close();
  }

  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
