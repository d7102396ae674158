/**
 * The evaluation harness: `runEvaluation` runs benchmarks over a local model or an
 * OpenAI-compatible endpoint, stores per-item results, and returns the card-shaped summary.
 *
 * @example
 * ```ts
 * import { runEvaluation } from "medpsy";
 * const summary = await runEvaluation({ benchmarks: ["closed"], model: "MedPsy-1.7B-Q4_K_M.gguf", runs: 3, out: "results/medpsy-1.7b" });
 * console.log(summary.closed_average);
 * ```
 */
import { basename } from "node:path";
import { InvalidArgumentError } from "../errors.ts";
import type { DeviceOption } from "../engine/device.ts";
import { version } from "../version.ts";
import { CARD_DEFAULTS, CARD_MAX_NEW_TOKENS } from "../sdk/model-core.ts";
import { defaultDataDir, selectBenchmarks } from "./benchmarks.ts";
import { EndpointClient } from "./clients/endpoint.ts";
import { LocalClient } from "./clients/local.ts";
import { DEFAULT_JUDGE_CONTEXT, LocalJudge } from "./clients/local-judge.ts";
import { endpointJudge, type Judge } from "./judge.ts";
import type { ModelClient } from "./clients/types.ts";
import { EvalOutputError } from "./errors.ts";
import { MMLU_HEALTH_SUBJECTS } from "./loaders/mcq.ts";
import { Progress } from "./progress.ts";
import { pendingTasks, runPlan } from "./runner.ts";
import { listRuns, readMeta, writeMeta, type EvalMeta } from "./store.ts";
import { summarize, type EvalSummary } from "./summary.ts";
import type { EvalItem } from "./types.ts";

export { summarize, type EvalSummary } from "./summary.ts";
export { extractAnswer, extractFromRaw, splitThinking } from "./extract.ts";
export { scoreHealthBench, exampleScore, THEMES } from "./healthbench-score.ts";
export { markdownReport } from "./report/markdown.ts";
export { htmlReport } from "./report/html.ts";
export { BENCHMARKS } from "./benchmarks.ts";
export { DatasetError, DatasetNotFoundError } from "./errors.ts";

/** The card's sampling (the SDK's card defaults) and answer length. */
export const CARD_SAMPLING = { temperature: CARD_DEFAULTS.temperature, topK: CARD_DEFAULTS.topK, topP: CARD_DEFAULTS.topP, maxTokens: CARD_MAX_NEW_TOKENS };

export interface EvaluationOptions {
  benchmarks: string[];
  /** A model file (evaluated in this process)… */
  model?: string;
  /** …or an OpenAI-compatible endpoint. */
  endpoint?: { url: string; model: string; apiKey?: string };
  /** The HealthBench judge: an OpenAI-compatible endpoint… */
  judge?: { url: string; model: string; apiKey?: string };
  /** …or a model file run in this process (e.g. CompassJudger-2's GGUF), after a memory fit check. */
  judgeModelFile?: string;
  /** The local judge's context per verdict (default 12,288, at most its trained one). */
  judgeContextLength?: number;
  /** New tokens per judge reply (default 2,048). */
  judgeMaxTokens?: number;
  /** Runs with seeds seed, seed+1, … (default 3, as the card). */
  runs?: number;
  /** First N items of each benchmark (of each subject for mmlu_health). */
  limit?: number;
  concurrency?: number;
  dataDir?: string;
  out: string;
  resume?: boolean;
  seed?: number;
  sampling?: Partial<typeof CARD_SAMPLING>;
  /** Replace PHI in what is sent to the judge (off unless asked: `--redact-judge`). */
  redactJudge?: boolean;
  /**
   * A model file or folder whose tokenizer counts reasoning and answer tokens when an endpoint's
   * usage does not split them (otherwise they are estimated, and marked so).
   */
  tokenizer?: string;
  threads?: number;
  /** Where a local model and judge run (loadModel's `device`; default cpu). */
  device?: DeviceOption;
  contextLength?: number;
  progress?: NodeJS.WritableStream & { isTTY?: boolean };
  signal?: AbortSignal;
  /** Skipped dataset rows (bad items) are reported here. */
  onSkipped?: (benchmark: string, rows: string[]) => void;
  /** What was chosen for the caller (e.g. answers shortened to fit the model's context), in words. */
  onNote?: (text: string) => void;
  /** Progress lines at least this often while items run, ms (default 5,000). */
  heartbeatMs?: number;
  /** Loading a local model: bytes of its files read so far (see LoadOptions.onProgress). */
  onLoadProgress?: (loadedBytes: number, totalBytes: number) => void;
  /** Backoff base for endpoint retries, ms (tests). */
  retryBackoffMs?: number;
}

/** Results are keyed by item id: a file repeating an id gets "#2", "#3"… on the repeats. */
function uniqueIds(items: EvalItem[]): EvalItem[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const n = (seen.get(item.id) ?? 0) + 1;
    seen.set(item.id, n);
    return n === 1 ? item : { ...item, id: `${item.id}#${n}` };
  });
}

function limitItems(name: string, items: EvalItem[], limit: number | undefined): EvalItem[] {
  if (limit === undefined) return items;
  if (name !== "mmlu_health") return items.slice(0, limit);
  return MMLU_HEALTH_SUBJECTS.flatMap((s) => items.filter((i) => i.kind === "closed" && i.subset === s).slice(0, limit));
}

export async function runEvaluation(o: EvaluationOptions): Promise<EvalSummary> {
  if (!o.model === !o.endpoint) {
    throw new InvalidArgumentError("evaluate either a model file or an endpoint", { expected: "-m FILE, or --endpoint URL --model-name NAME", found: o.model ? "both" : "neither" });
  }
  const runs = o.runs ?? 3; // the card averages three runs
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new InvalidArgumentError("--runs is out of range", { expected: "an integer in [1, 100]", found: String(o.runs) });
  if (o.limit !== undefined && (!Number.isInteger(o.limit) || o.limit < 1)) throw new InvalidArgumentError("--limit must be a positive integer", { found: String(o.limit) });
  const selected = selectBenchmarks(o.benchmarks);
  if (o.judge && o.judgeModelFile) {
    throw new InvalidArgumentError("give one judge", { expected: "--judge-endpoint URL --judge-model NAME, or --judge-model-file FILE", found: "both" });
  }
  const judged = Boolean(o.judge || o.judgeModelFile);
  if (selected.some((b) => b.metric === "healthbench_score") && !judged) {
    throw new InvalidArgumentError("HealthBench needs a judge model", { expected: "--judge-endpoint URL --judge-model NAME, or --judge-model-file FILE.gguf", found: "no judge", hint: "any OpenAI-compatible server works, e.g. `medpsy serve` or vLLM with a large instruct model; or a judge model file run here (CompassJudger-2's GGUF, as the card)" });
  }
  const dataDir = o.dataDir ?? defaultDataDir();
  const benchmarks = selected.map((benchmark) => {
    const skipped: string[] = [];
    const items = limitItems(benchmark.name, uniqueIds(benchmark.load(dataDir, skipped)), o.limit);
    if (skipped.length) o.onSkipped?.(benchmark.name, skipped);
    return { benchmark, items };
  });
  const sampling = { ...CARD_SAMPLING, ...o.sampling };
  const contextLength = o.model ? await fitContext(o.model, sampling, o.contextLength, o.onNote) : undefined;
  const judgeContext = o.judgeModelFile ? await judgeContextFor(o.judgeModelFile, o.judgeContextLength) : undefined;
  if (o.judgeModelFile) {
    // Both models in this process: refuse before loading either when they cannot fit together.
    await checkEvalMemory([
      ...(o.model ? [{ what: "the model under test", path: o.model, contextLength: contextLength!, sessions: o.concurrency ?? 1 }] : []),
      { what: "the judge", path: o.judgeModelFile, contextLength: judgeContext!, sessions: o.concurrency ?? 1 },
    ], o.threads);
  }
  const seeds = Array.from({ length: runs }, (_, i) => (o.seed ?? 1) + i);

  let progress: Progress | undefined;
  const onRetry = (message: string) => progress?.note(message);
  const tokenize = o.tokenizer ? await openTokenCounter(o.tokenizer) : undefined;
  const client: ModelClient = o.model
    ? await LocalClient.open(o.model, { threads: o.threads, device: o.device, onNote: o.onNote, contextLength, concurrency: o.concurrency, onProgress: o.onLoadProgress })
    : new EndpointClient({ url: o.endpoint!.url, model: o.endpoint!.model, apiKey: o.endpoint!.apiKey, concurrency: o.concurrency, backoffMs: o.retryBackoffMs, tokenize, onRetry });
  let judge: Judge | undefined;
  try {
    judge = o.judge
      ? endpointJudge(new EndpointClient({ url: o.judge.url, model: o.judge.model, apiKey: o.judge.apiKey, concurrency: o.concurrency, backoffMs: o.retryBackoffMs, onRetry: (m) => onRetry(`judge: ${m}`) }))
      : o.judgeModelFile
        ? await LocalJudge.open(o.judgeModelFile, { threads: o.threads, device: o.device, onNote: (t) => o.onNote?.(`judge: ${t}`), contextLength: judgeContext, concurrency: o.concurrency, maxTokens: o.judgeMaxTokens, onProgress: o.onLoadProgress })
        : undefined;
    const meta: EvalMeta = {
      label: client.label,
      source: o.model ? { kind: "model", path: o.model } : { kind: "endpoint", url: o.endpoint!.url, model: o.endpoint!.model },
      judge: o.judge
        ? { url: o.judge.url, model: o.judge.model, redacted: Boolean(o.redactJudge) }
        : judge ? { file: o.judgeModelFile, model: judge.label, redacted: Boolean(o.redactJudge) } : undefined,
      sampling,
      seeds,
      limit: o.limit,
      items: Object.fromEntries(benchmarks.map((b) => [b.benchmark.name, b.items.length])),
      dataDir,
      medpsyVersion: version,
      started: new Date().toISOString(),
    };
    checkOutput(o.out, meta, o.resume ?? false);
    const before = readMeta(o.out);
    if (!before || listRuns(o.out).size === 0) writeMeta(o.out, meta);
    // Resuming (perhaps with more benchmarks): what is expected of each grows with the request.
    else writeMeta(o.out, { ...before, items: { ...before.items, ...meta.items } });
    // Opt-in: benchmark data is public, and placeholders change what the judge reads, so scores
    // are comparable with the card's only without redaction.
    const redactJudge = Boolean(o.redactJudge && judge);
    const plan = { benchmarks, seeds, sampling, out: o.out, client, judge, redactJudge, signal: o.signal };
    const todo = pendingTasks(plan).length;
    progress = o.progress ? new Progress(todo, o.progress, `eval ${client.label}`, { heartbeatMs: o.heartbeatMs }) : undefined;
    await runPlan({ ...plan, progress });
  } finally {
    progress?.stop();
    await judge?.close();
    await client.close();
  }
  return summarize(o.out);
}

/** Room for the prompt when the context is chosen for the card's answer length. */
const PROMPT_ROOM = 4096;

/**
 * The context a local model is loaded with, and new tokens per answer that fit in it: the card's
 * 16,384 do not fit a model (or a --context) of 8,192, so answers are limited to the context and
 * the caller is told (each answer also stops where its prompt leaves no more room).
 */
async function fitContext(path: string, sampling: { maxTokens: number }, asked: number | undefined, note?: (text: string) => void): Promise<number> {
  const { inspectModel } = await import("../sdk/load.ts");
  const trained = (await inspectModel(path)).trainedContextLength;
  const n = (x: number) => x.toLocaleString("en-US");
  if (asked !== undefined && asked > trained) note?.(`--context ${n(asked)} is longer than the ${n(trained)} tokens this model was trained for; using ${n(trained)}`);
  const context = Math.min(asked ?? sampling.maxTokens + PROMPT_ROOM, trained);
  if (sampling.maxTokens >= context) {
    note?.(`${n(sampling.maxTokens)} new tokens per answer do not fit the ${n(context)}-token context${asked === undefined ? " (the model's trained maximum)" : ""}: answers are limited to ${n(context)} tokens minus their prompt`);
    sampling.maxTokens = context;
  }
  return context;
}

/** The local judge's context: asked for (or the default), at most what the judge was trained for. */
async function judgeContextFor(path: string, asked: number | undefined): Promise<number> {
  if (asked !== undefined && !(Number.isInteger(asked) && asked >= 2)) {
    throw new InvalidArgumentError("--judge-context is out of range", { expected: "an integer ≥ 2 (tokens)", found: String(asked) });
  }
  const { inspectModel } = await import("../sdk/load.ts");
  return Math.min(asked ?? DEFAULT_JUDGE_CONTEXT, (await inspectModel(path)).trainedContextLength);
}

/**
 * Models this evaluation loads into this process, each with a KV cache per session, against the
 * memory available now: InsufficientMemoryError (naming each part) before anything is loaded.
 */
export async function checkEvalMemory(parts: Array<{ what: string; path: string; contextLength: number; sessions: number }>, threads?: number, available?: number): Promise<void> {
  const { inspectModel } = await import("../sdk/load.ts");
  const { availableMemory } = await import("../sdk/available-memory.ts");
  const { InsufficientMemoryError } = await import("../sdk/memory.ts");
  const sized = await Promise.all(parts.map(async (p) => ({ ...p, m: (await inspectModel(p.path, { contextLength: p.contextLength, threads })).memory! })));
  const sum = (f: (s: (typeof sized)[number]) => number) => sized.reduce((a, s) => a + f(s), 0);
  const estimate = {
    contextLength: Math.max(...sized.map((s) => s.contextLength)),
    weights: sum((s) => s.m.weights),
    kvCache: sum((s) => s.m.kvCache * s.sessions),
    scratch: sum((s) => s.m.scratch),
    total: sum((s) => s.m.weights + s.m.scratch + s.m.kvCache * s.sessions),
  };
  const have = available ?? availableMemory();
  if (estimate.total > have) {
    const what = sized.map((s) => `${s.what} (${basename(s.path)}, ${(s.m.weights / 1e9).toFixed(2)} GB of weights, ${s.sessions} × ${(s.m.kvCache / 1e9).toFixed(2)} GB KV at ${s.contextLength.toLocaleString("en-US")} tokens)`).join(" and ");
    throw new InsufficientMemoryError(what, estimate, have, available !== undefined);
  }
}

/** Token counting with a model's tokenizer, read from its metadata only (no weights loaded). */
async function openTokenCounter(path: string): Promise<(text: string) => number> {
  const { openModelSource } = await import("../model/source.ts");
  const source = await openModelSource(path);
  const tokenizer = source.tokenizer;
  await source.close();
  return (text) => (text ? tokenizer.encode(text).length : 0);
}

/** A fresh run needs an empty folder; --resume needs the same model and sampling as before. */
function checkOutput(out: string, meta: EvalMeta, resume: boolean): void {
  const before = readMeta(out);
  const hasResults = listRuns(out).size > 0;
  // A folder with only meta.json (a run that failed before its first result) may be reused.
  if (!resume && hasResults) {
    throw new EvalOutputError(`${out} already holds evaluation results`, "pass --resume to continue that evaluation, or choose another --out");
  }
  if (resume && before && hasResults) {
    const same = before.label === meta.label && JSON.stringify(before.sampling) === JSON.stringify(meta.sampling) && JSON.stringify(before.seeds) === JSON.stringify(meta.seeds);
    if (!same) throw new EvalOutputError(`${out} holds results of a different model or sampling (${before.label}, seeds ${before.seeds.join(",")})`, "resume with the same model, --runs, --seed and sampling flags, or choose another --out");
    // HealthBench scores from two judges (or redacted and not) would be mixed in one table.
    if (before.judge && meta.judge && (before.judge.model !== meta.judge.model || Boolean(before.judge.redacted) !== meta.judge.redacted)) {
      throw new EvalOutputError(`${out} was judged by ${before.judge.model}${before.judge.redacted ? " with --redact-judge" : ""}`, "resume with the same --judge-model and --redact-judge setting, or choose another --out");
    }
  }
}
