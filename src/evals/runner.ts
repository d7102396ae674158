/**
 * Runs benchmarks × runs over a model client, storing each item's result as it finishes. Items
 * already stored (same prompt) are skipped, so a killed run resumes without redoing work.
 */
import type { ChatMessage } from "../sdk/types.ts";
import { redactPhi, newRedactionMap } from "../safety/phi/redact.ts";
import type { Benchmark } from "./benchmarks.ts";
import type { ModelClient, Sampling } from "./clients/types.ts";
import { extractAnswer } from "./extract.ts";
import { exampleScore } from "./healthbench-score.ts";
import { judgeItem, type Judge } from "./judge.ts";
import { closedPrompt, promptHash } from "./prompts.ts";
import type { Progress } from "./progress.ts";
import { JudgeCache, openRun, readRun } from "./store.ts";
import type { ClosedItem, EvalItem, HealthBenchItem, ItemResult } from "./types.ts";

export interface RunPlan {
  benchmarks: Array<{ benchmark: Benchmark; items: EvalItem[] }>;
  seeds: number[];
  sampling: Omit<Sampling, "seed">;
  out: string;
  client: ModelClient;
  judge?: Judge;
  /** Redact PHI from what is sent to the judge. */
  redactJudge?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

interface Task {
  benchmark: string;
  run: number;
  item: EvalItem;
  /** Position in the benchmark's item list (results are summarised in this order). */
  index: number;
  messages: ChatMessage[];
  hash: string;
}

/** Tasks not yet stored, in a stable order. */
export function pendingTasks(plan: RunPlan): Task[] {
  const tasks: Task[] = [];
  for (const { benchmark, items } of plan.benchmarks) {
    plan.seeds.forEach((_, run) => {
      const done = new Set(readRun(plan.out, benchmark.name, run).map((r) => `${r.id}\u0000${r.promptHash}`));
      for (const [index, item] of items.entries()) {
        const messages = item.kind === "closed" ? closedPrompt(item) : item.prompt;
        const hash = promptHash(messages);
        if (!done.has(`${item.id}\u0000${hash}`)) tasks.push({ benchmark: benchmark.name, run, item, index, messages, hash });
      }
    });
  }
  return tasks;
}

export async function runPlan(plan: RunPlan): Promise<void> {
  const tasks = pendingTasks(plan);
  const files = new Map<string, ReturnType<typeof openRun>>();
  const fileFor = (b: string, r: number) => {
    const k = `${b}/${r}`;
    let f = files.get(k);
    if (!f) files.set(k, (f = openRun(plan.out, b, r)));
    return f;
  };
  const cache = plan.judge ? new JudgeCache(plan.out) : undefined;
  // The first failure stops the other workers, and files close only after all have stopped.
  const stop = new AbortController();
  const signal = plan.signal ? AbortSignal.any([plan.signal, stop.signal]) : stop.signal;
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !signal.aborted) {
      const t = tasks[next++]!;
      try {
        const result = await runTask({ ...plan, signal }, t, cache);
        fileFor(t.benchmark, t.run).append(result);
        plan.progress?.tick();
      } catch (error) {
        // An interruption the caller asked for is not a failure: what is stored stays for --resume.
        if (!failure && !plan.signal?.aborted) failure = { error };
        stop.abort(error);
      }
    }
  };
  // Clients bound their own requests; with a judge, twice as many workers let one item be judged
  // while the next is generated.
  const workers = Math.max(1, Math.min(plan.client.concurrency * (plan.judge ? 2 : 1), tasks.length));
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    for (const f of files.values()) f.close();
    cache?.close();
  }
  if (failure) throw failure.error;
}

async function runTask(plan: RunPlan, t: Task, cache: JudgeCache | undefined): Promise<ItemResult> {
  const gen = await plan.client.generate(t.messages, { ...plan.sampling, seed: plan.seeds[t.run]! }, plan.signal);
  const base = { id: t.item.id, index: t.index, promptHash: t.hash, reasoning: gen.reasoning, answerText: gen.answer, ...(gen.raw !== undefined ? { raw: gen.raw } : {}), finishReason: gen.finishReason, truncated: gen.truncated, tokens: gen.tokens };
  if (t.item.kind === "closed") return closedResult(t.item, base);
  return healthBenchResult(plan, t.item, t.messages, base, cache!);
}

function closedResult(item: ClosedItem, base: Omit<ItemResult, "extracted">): ItemResult {
  const ex = extractAnswer(base.answerText, { labels: item.labels, options: item.options }, base.truncated);
  return { ...base, subset: item.subset, extracted: ex.answer, rule: ex.rule, gold: item.gold, correct: ex.answer !== null && ex.answer === item.gold };
}

async function healthBenchResult(plan: RunPlan, item: HealthBenchItem, messages: ChatMessage[], base: Omit<ItemResult, "extracted">, cache: JudgeCache): Promise<ItemResult> {
  let conversation = messages;
  let response = base.answerText;
  if (plan.redactJudge) {
    const map = newRedactionMap();
    conversation = messages.map((m) => ({ ...m, content: redactPhi(m.content, map).text }));
    response = redactPhi(response, map).text;
  }
  // All rubric items at once: the judge client bounds how many requests are in flight.
  const judging = plan.progress?.judge(item.rubrics.length);
  let verdicts;
  try {
    verdicts = await Promise.all(
      item.rubrics.map(async (r) => {
        const v = await judgeItem(plan.judge!, cache, conversation, response, r, plan.signal);
        judging?.answered();
        return { ...v, tags: r.tags };
      }),
    );
  } finally {
    judging?.end();
  }
  return { ...base, verdicts, score: exampleScore(verdicts), tags: item.tags };
}
