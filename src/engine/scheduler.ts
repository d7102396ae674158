/**
 * Continuous batching over one forward pass: every sequence of a model submits the rows it wants
 * evaluated (a prompt, one sampled token, a forced `</think>`), and one loop runs the steps.
 * Each step takes one row from every sequence that is decoding and fills what is left with
 * prompt rows, at most `prefillChunk` of them, oldest request first; requests join between steps
 * and leave as soon as their rows are done.
 *
 * Between two steps the loop yields to the event loop once. Sequences whose rows a step finished
 * sample and submit their next token in the microtasks that follow it, so they all make the next
 * step; timers, I/O and aborts run in that gap too.
 *
 * The prompt chunk trades time to first token against inter-token latency: a long prompt
 * arriving while others decode delays their next token by one chunk's evaluation per step
 * (about what a `prefillChunk`-token prompt costs alone), and takes ⌈length / chunk⌉ steps.
 */
import { InvalidArgumentError, ContextOverflowError } from "../errors.ts";
import type { ForwardPass, StepSlice, TopLogits } from "./forward.ts";
import type { KvCache } from "./kv-cache.ts";
import { yieldToEventLoop } from "../event-loop.ts";

export interface SchedulerOptions {
  /** Most prompt rows per step (default: the forward pass's maxRows). */
  prefillChunk?: number;
}

interface Job<H> {
  cache: KvCache<H>;
  tokens: readonly number[];
  /** Rows already evaluated. */
  done: number;
  logits: Float32Array | undefined;
  top: TopLogits | undefined;
  signal: AbortSignal | undefined;
  resolve(completed: boolean): void;
  reject(err: unknown): void;
}

export class BatchScheduler<H = unknown> {
  readonly forward: ForwardPass<H>;
  readonly prefillChunk: number;
  private readonly jobs: Job<H>[] = [];
  private running = false;
  /** Steps run so far, and the most sequences seen in one (for metrics and tests). */
  steps = 0;
  widestStep = 0;

  constructor(forward: ForwardPass<H>, options: SchedulerOptions = {}) {
    this.forward = forward;
    const chunk = options.prefillChunk ?? forward.maxRows;
    if (!Number.isInteger(chunk) || chunk < 1 || chunk > forward.maxRows) {
      throw new InvalidArgumentError("prefillChunk is out of range", { expected: `an integer in 1..${forward.maxRows}`, found: String(chunk) });
    }
    this.prefillChunk = chunk;
  }

  /** Sequences with rows waiting or in the running step. */
  get active(): number {
    return this.jobs.length;
  }

  /**
   * Appends `tokens` to `cache`; when `want` is given it receives the logits after the last one
   * (a Float32Array: all of them; a TopLogits: the top k, k ≤ forward.maxTopK).
   * Resolves true once done, false if `signal` aborted it first (the cache then holds a prefix
   * of `tokens`, whole steps only).
   */
  run(cache: KvCache<H>, tokens: readonly number[], want?: Float32Array | TopLogits, signal?: AbortSignal): Promise<boolean> {
    const vocab = this.forward.shape.vocabSize;
    if (tokens.length === 0) return Promise.reject(new InvalidArgumentError("nothing to evaluate", { expected: "at least one token", found: "none" }));
    for (const t of tokens) {
      if (!Number.isInteger(t) || t < 0 || t >= vocab) {
        return Promise.reject(new InvalidArgumentError("a token id is out of range", { expected: `integers in [0, ${vocab})`, found: String(t) }));
      }
    }
    if (tokens.length > cache.free) return Promise.reject(new ContextOverflowError(cache.length + tokens.length, cache.contextLength));
    if (this.jobs.some((j) => j.cache === cache)) {
      return Promise.reject(new InvalidArgumentError("a KV cache is already being evaluated", {
        expected: "one request at a time per sequence",
        found: "a second request on the same cache",
        hint: "wait for the previous call on this sequence to finish",
      }));
    }
    const logits = want instanceof Float32Array ? want : undefined;
    const top = want instanceof Float32Array ? undefined : want;
    if (top && !(Number.isInteger(top.k) && top.k >= 1 && top.k <= this.forward.maxTopK)) {
      return Promise.reject(new InvalidArgumentError("top k is out of range", { expected: `an integer in 1..${this.forward.maxTopK} (0: this backend reads full logits)`, found: String(top.k) }));
    }
    return new Promise<boolean>((resolve, reject) => {
      this.jobs.push({ cache, tokens, done: 0, logits, top, signal, resolve, reject });
      if (!this.running) void this.drive();
    });
  }

  private async drive(): Promise<void> {
    this.running = true;
    try {
      while (this.jobs.length > 0) {
        await yieldToEventLoop();
        this.dropAborted();
        const plan = this.plan();
        if (plan.length === 0) continue;
        try {
          await this.forward.step(plan.map((p) => p.slice));
        } catch (err) {
          // A failed step leaves its caches in an unknown state: fail every request in it.
          for (const p of plan) this.finish(p.job, () => p.job.reject(err));
          continue;
        }
        this.steps++;
        this.widestStep = Math.max(this.widestStep, plan.length);
        for (const p of plan) {
          p.job.done += p.slice.tokens.length;
          if (p.job.done === p.job.tokens.length) this.finish(p.job, () => p.job.resolve(true));
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** This step's slices: one row of every decoding sequence, then prompt rows oldest first. */
  private plan(): { job: Job<H>; slice: StepSlice<H> }[] {
    let rows = this.forward.maxRows;
    let logitRows = this.forward.maxLogitRows;
    let promptRows = this.prefillChunk;
    const plan: { job: Job<H>; slice: StepSlice<H> }[] = [];
    const take = (job: Job<H>, count: number) => {
      const end = job.done + count;
      const last = end === job.tokens.length;
      plan.push({ job, slice: { cache: job.cache, tokens: job.tokens.slice(job.done, end), logits: last ? job.logits : undefined, top: last ? job.top : undefined } });
      rows -= count;
      if (last && asks(job)) logitRows--;
    };
    const decoding = (j: Job<H>) => j.tokens.length - j.done === 1;
    const asks = (j: Job<H>) => j.logits !== undefined || j.top !== undefined;
    for (const job of this.jobs) {
      if (rows === 0) break;
      if (decoding(job) && (!asks(job) || logitRows > 0)) take(job, 1);
    }
    for (const job of this.jobs) {
      const left = job.tokens.length - job.done;
      if (left === 1 || rows === 0 || promptRows === 0) continue;
      let count = Math.min(left, rows, promptRows);
      // The last row asks for logits: without a logits slot left, stop one short of it.
      if (count === left && asks(job) && logitRows === 0) count--;
      if (count === 0) continue;
      take(job, count);
      promptRows -= count;
    }
    return plan;
  }

  private dropAborted(): void {
    for (const job of [...this.jobs]) if (job.signal?.aborted) this.finish(job, () => job.resolve(false));
  }

  private finish(job: Job<H>, settle: () => void): void {
    const i = this.jobs.indexOf(job);
    if (i >= 0) this.jobs.splice(i, 1);
    settle();
  }
}
