/**
 * `medpsy eval BENCH... (-m FILE | --endpoint URL --model-name NAME)` runs the model card's
 * benchmarks and writes summary.json, report.md and report.html into --out;
 * `medpsy eval report DIR... [--format md|html|json]` renders several results side by side.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { flagHelp, parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { checkSampling, loadFlags, loadingProgress, resolveModelFlag } from "../model-flags.ts";
import { onInterrupt } from "../interrupt.ts";

export const summary = "run medical benchmarks and write the model card's table";

const FLAGS = {
  model: { type: "string", short: "m", description: "model file or safetensors folder, evaluated in this process" },
  endpoint: { type: "string", description: "OpenAI-compatible base URL (llama-server, vLLM, medpsy serve)" },
  "model-name": { type: "string", description: "model name at the endpoint" },
  "api-key": { type: "string" },
  "judge-endpoint": { type: "string", description: "OpenAI-compatible URL of the HealthBench judge" },
  "judge-model": { type: "string" },
  "judge-api-key": { type: "string" },
  "judge-model-file": { type: "string", description: "a judge model file (GGUF or safetensors folder) run in this process instead of an endpoint, e.g. CompassJudger-2's; refused before loading when it and the model under test do not fit in memory together" },
  "judge-context": { type: "number", description: "with --judge-model-file: tokens of context per verdict (default 12288; each verdict in flight holds a KV cache of that size)" },
  "redact-judge": { type: "boolean", description: "replace PHI (names, dates, numbers…) in what is sent to the judge with placeholders (off by default)" },
  runs: { type: "number", description: "runs with seeds --seed, --seed+1, … (default 3, as the card)" },
  limit: { type: "number", description: "first N items per benchmark (per subject for mmlu_health)" },
  concurrency: { type: "number", description: "items at once: parallel requests to an endpoint (default 4), or sequences decoded together with -m (default 1; each holds a KV cache)" },
  data: { type: "string", description: "dataset folder (default ../shared/datasets or $MEDPSY_DATA)" },
  out: { type: "string", description: "results folder (default ./medpsy-eval/<model>; medpsy's own repository ignores medpsy-eval/)" },
  resume: { type: "boolean", description: "continue an interrupted evaluation in --out" },
  json: { type: "boolean", description: "print the summary object on stdout" },
  seed: { type: "number", description: "seed of the first run (default 1)" },
  "max-tokens": { type: "number", description: "new tokens per answer (default 16384, the card's; a local model's context may shorten it, and says so)" },
  temperature: { type: "number" },
  "top-k": { type: "number" },
  "top-p": { type: "number" },
  tokenizer: { type: "string", description: "with --endpoint: a model file/folder whose tokenizer counts reasoning and answer tokens when the server does not split them" },
  threads: { type: "number" },
  device: { type: "string", description: "with -m / --judge-model-file: where the models run: cpu (default), webgpu, or auto (the GPU when it can, else the CPU)" },
  context: { type: "number" },
  format: { type: "string", description: "report: md (default), html or json" },
  help: { type: "boolean", short: "h" },
} as const;

const USAGE = `usage: medpsy eval BENCH... (-m FILE | --endpoint URL --model-name NAME [--api-key K])
         [--judge-endpoint URL --judge-model NAME [--judge-api-key K] | --judge-model-file FILE [--judge-context N]]
         [--redact-judge]
         [--runs 3] [--limit N] [--concurrency N] [--data DIR] [--out DIR] [--resume] [--json]
         [--seed S] [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--tokenizer FILE]
         [--threads N] [--device cpu|webgpu|auto] [--context N]
       medpsy eval report DIR... [--format md|html|json] [--out FILE]
BENCH: mmlu_health afrimedqa mmlu_pro_health medmcqa medqa medxpertqa pubmedqa
       healthbench healthbench_hard healthbench_consensus, or closed / all
`;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS, "eval");
  if (flags.help) {
    io.stdout.write(`${USAGE}\noptions:\n${flagHelp(FLAGS)}`);
    return 0;
  }
  if (positionals[0] === "report") return report(positionals.slice(1), flags, io);
  const { runEvaluation } = await import("../../evals/index.ts");
  // Names first: an unknown benchmark should not wait for (or download) a model.
  (await import("../../evals/benchmarks.ts")).selectBenchmarks(positionals);
  if ((flags.model === undefined) === (flags.endpoint === undefined)) {
    throw new InvalidArgumentError("evaluate either a model file or an endpoint", { expected: "-m FILE, or --endpoint URL --model-name NAME", found: flags.model !== undefined ? "both" : "neither" });
  }
  if (flags.endpoint !== undefined && typeof flags["model-name"] !== "string") {
    throw new InvalidArgumentError("--endpoint needs --model-name", { expected: "the model's name at that server (GET /v1/models lists it)", found: "none" });
  }
  if ((flags["judge-endpoint"] === undefined) !== (flags["judge-model"] === undefined)) {
    throw new InvalidArgumentError("give --judge-endpoint and --judge-model together", { found: flags["judge-endpoint"] ? "no --judge-model" : "no --judge-endpoint" });
  }
  if (flags["judge-model-file"] !== undefined && flags["judge-endpoint"] !== undefined) {
    throw new InvalidArgumentError("give one judge", { expected: "--judge-endpoint URL --judge-model NAME, or --judge-model-file FILE", found: "both" });
  }
  if (flags["judge-context"] !== undefined && flags["judge-model-file"] === undefined) {
    throw new InvalidArgumentError("--judge-context sizes a local judge", { expected: "--judge-model-file FILE with it", found: "no --judge-model-file" });
  }
  if (flags["judge-context"] !== undefined) {
    const c = flags["judge-context"] as number;
    if (!Number.isInteger(c) || c < 2) throw new InvalidArgumentError("--judge-context is out of range", { expected: "an integer ≥ 2 (tokens)", found: String(c) });
  }
  const sampling: Record<string, number> = {};
  if (typeof flags["max-tokens"] === "number") sampling.maxTokens = flags["max-tokens"];
  if (typeof flags.temperature === "number") sampling.temperature = flags.temperature;
  if (typeof flags["top-k"] === "number") sampling.topK = flags["top-k"];
  if (typeof flags["top-p"] === "number") sampling.topP = flags["top-p"];
  checkSampling(sampling);
  const load = await loadFlags(flags);
  if (flags.concurrency !== undefined) {
    const c = flags.concurrency as number;
    if (!Number.isInteger(c) || c < 1 || c > 256) throw new InvalidArgumentError("--concurrency is out of range", { expected: "an integer in 1..256", found: String(c) });
  }
  const label = String(flags["model-name"] ?? flags.model ?? "model").replace(/^.*[\\/]/, "").replace(/\.gguf$/i, "");
  const out = typeof flags.out === "string" ? flags.out : join("medpsy-eval", label);
  if (typeof flags.out !== "string") io.stderr.write(`[results go to ${out} (default; --out DIR changes it)]\n`);
  const ac = new AbortController();
  // Ctrl-C stops after the items in flight; what is stored stays for --resume. A second one leaves at once.
  const interrupt = onInterrupt(() => ac.abort(new Error("interrupted")));
  try {
    const summary = await runEvaluation({
      benchmarks: positionals,
      model: typeof flags.model === "string" ? await resolveModelFlag(flags.model, io) : undefined,
      endpoint: flags.endpoint ? { url: flags.endpoint as string, model: flags["model-name"] as string, apiKey: flags["api-key"] as string | undefined } : undefined,
      judge: flags["judge-endpoint"] ? { url: flags["judge-endpoint"] as string, model: flags["judge-model"] as string, apiKey: flags["judge-api-key"] as string | undefined } : undefined,
      judgeModelFile: typeof flags["judge-model-file"] === "string" ? await resolveModelFlag(flags["judge-model-file"], io) : undefined,
      judgeContextLength: flags["judge-context"] as number | undefined,
      redactJudge: Boolean(flags["redact-judge"]),
      runs: flags.runs as number | undefined,
      limit: flags.limit as number | undefined,
      concurrency: flags.concurrency as number | undefined,
      dataDir: flags.data as string | undefined,
      out,
      resume: Boolean(flags.resume),
      seed: flags.seed as number | undefined,
      sampling,
      tokenizer: flags.tokenizer as string | undefined,
      threads: load.threads,
      device: load.device,
      contextLength: load.contextLength,
      progress: io.stderr,
      signal: ac.signal,
      onNote: (text) => io.stderr.write(`[${text}]\n`),
      onLoadProgress: loadingProgress(io),
      onSkipped: (b, rows) => io.stderr.write(`${b}: ${rows.length} malformed item(s) skipped:\n${rows.map((r) => `  ${r}`).join("\n")}\n`),
    });
    if (ac.signal.aborted) {
      const again = ["medpsy", "eval", ...argv.filter((a) => a !== "--resume"), ...(typeof flags.out === "string" ? [] : ["--out", out]), "--resume"];
      io.stderr.write(`\ninterrupted; the results so far are in ${out}; continue with:\n  ${again.map(shellWord).join(" ")}\n`);
      return 130;
    }
    await writeReports(out, [summary]);
    if (flags.json) io.stdout.write(JSON.stringify(summary) + "\n");
    else {
      const { markdownReport } = await import("../../evals/report/markdown.ts");
      io.stdout.write(markdownReport([summary]));
      io.stdout.write(`\nresults, report.md and report.html in ${out}\n`);
    }
    return 0;
  } finally {
    interrupt.dispose();
  }
}

/** A command-line word as a POSIX shell reads it back. */
const shellWord = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

async function writeReports(out: string, summaries: import("../../evals/summary.ts").EvalSummary[]): Promise<void> {
  const { markdownReport } = await import("../../evals/report/markdown.ts");
  const { htmlReport } = await import("../../evals/report/html.ts");
  writeFileSync(join(out, "summary.json"), JSON.stringify(summaries[0], null, 2) + "\n");
  writeFileSync(join(out, "report.md"), markdownReport(summaries));
  writeFileSync(join(out, "report.html"), htmlReport(summaries));
}

async function report(dirs: string[], flags: Record<string, unknown>, io: CliIO): Promise<number> {
  if (dirs.length === 0) throw new InvalidArgumentError("eval report needs result folders", { expected: "medpsy eval report DIR... (folders written by `medpsy eval --out DIR`)", found: "none" });
  const { summarize } = await import("../../evals/summary.ts");
  const { readMeta } = await import("../../evals/store.ts");
  for (const d of dirs) if (!readMeta(d)) throw new InvalidArgumentError(`${d} is not an evaluation folder`, { expected: "a folder with meta.json, written by `medpsy eval --out`", found: "no meta.json" });
  const summaries = dirs.map((d) => summarize(d));
  const format = (flags.format as string | undefined) ?? "md";
  let text: string;
  if (format === "json") text = JSON.stringify(summaries.length === 1 ? summaries[0] : { models: summaries }, null, 2) + "\n";
  else if (format === "html") text = (await import("../../evals/report/html.ts")).htmlReport(summaries);
  else if (format === "md") text = (await import("../../evals/report/markdown.ts")).markdownReport(summaries);
  else throw new InvalidArgumentError("--format is invalid", { expected: "md, html or json", found: format });
  if (typeof flags.out === "string") writeFileSync(flags.out, text);
  else io.stdout.write(text);
  return 0;
}
