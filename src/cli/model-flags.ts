/** Flags shared by the commands that load a model (ask, chat, bench, serve, eval). */
import type { FlagSpecs, ParsedArgs } from "./args.ts";
import type { CliIO } from "./io.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { ChatOptions, DeviceOption, Model } from "../sdk/types.ts";
import { validateChatOptions } from "../sdk/validate.ts";
import { validateSampling } from "../sampling/sampler.ts";
import { resolveSafetyPolicy, type SafetyPolicy } from "../safety/policy.ts";
import { loadSafetyPolicy } from "../safety/policy-file.ts";

export const MODEL_FLAGS = {
  model: { type: "string", short: "m", description: "model file, safetensors folder or known name (medpsy-4b)" },
  threads: { type: "number", description: "worker threads (default: physical cores)" },
  device: { type: "string", description: "where to run: cpu (default), webgpu, or auto (the GPU when it can, else the CPU)" },
  context: { type: "number", description: "context length in tokens" },
  "no-safety": { type: "boolean", description: "turn off triage, referral and disclaimer" },
  "safety-policy": { type: "string", description: "safety policy JSON file (src/safety/README.md)" },
  audit: { type: "string", description: "append every exchange to this hash-chained audit log" },
  "audit-text": { type: "string", description: "what the audit log keeps of the texts: hash (default), redacted or full" },
} as const satisfies FlagSpecs;

export const SAMPLING_FLAGS = {
  "max-tokens": { type: "number" },
  temperature: { type: "number" },
  "top-k": { type: "number" },
  "top-p": { type: "number" },
  "min-p": { type: "number" },
  "repeat-penalty": { type: "number" },
  "presence-penalty": { type: "number" },
  "frequency-penalty": { type: "number" },
  seed: { type: "number" },
  "reasoning-budget": { type: "number" },
  stop: { type: "string", multiple: true },
} as const satisfies FlagSpecs;

type Flags = ParsedArgs["flags"];

/** The SDK's option names as the CLI spells them, so a range error names the flag the user typed. */
const FLAG_OF: Record<string, string> = {
  maxTokens: "--max-tokens",
  temperature: "--temperature",
  topK: "--top-k",
  topP: "--top-p",
  minP: "--min-p",
  repetitionPenalty: "--repeat-penalty",
  presencePenalty: "--presence-penalty",
  frequencyPenalty: "--frequency-penalty",
  seed: "--seed",
  reasoningBudget: "--reasoning-budget",
  stop: "--stop",
  threads: "--threads",
  device: "--device",
  contextLength: "--context",
  concurrency: "--concurrency",
};

/** Runs an SDK check on flag values before any model is loaded; its error names the flag. */
export function checkFlags(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof InvalidArgumentError)) throw err;
    const [, name, rest] = /^(\w+)( .*)$/s.exec(err.message.split("; ")[0]!) ?? [];
    if (!name || !FLAG_OF[name]) throw err;
    throw new InvalidArgumentError(`${FLAG_OF[name]}${rest}`, { expected: err.expected, found: err.found, hint: err.hint });
  }
}

const num = (flags: Flags, name: string): number | undefined =>
  typeof flags[name] === "number" ? (flags[name] as number) : undefined;

/** The safety option of a chat call from --no-safety, --safety-policy, --audit and --audit-text. */
export function safetyFromFlags(flags: Flags): false | SafetyPolicy | undefined {
  if (flags["no-safety"]) {
    if (flags.audit !== undefined || flags["safety-policy"] !== undefined) {
      throw new InvalidArgumentError("--no-safety cannot be combined with --audit or --safety-policy", {
        found: "--no-safety together with a safety setting",
        hint: "drop --no-safety, or turn triage and disclaimers off in the policy file and keep the audit",
      });
    }
    return false;
  }
  if (flags.audit === undefined && flags["safety-policy"] === undefined && flags["audit-text"] === undefined) return undefined;
  const base = typeof flags["safety-policy"] === "string" ? loadSafetyPolicy(flags["safety-policy"]) : resolveSafetyPolicy(undefined);
  if (flags["audit-text"] !== undefined && typeof flags.audit !== "string" && !base.audit) {
    throw new InvalidArgumentError("--audit-text needs an audit log", { expected: "--audit FILE", found: "no audit file" });
  }
  const path = typeof flags.audit === "string" ? flags.audit : base.audit?.path;
  if (!path) return base;
  return resolveSafetyPolicy({ ...base, audit: { path, text: flags["audit-text"] ?? base.audit?.text ?? "hash" } });
}

export function samplingFromFlags(flags: Flags): ChatOptions & { safety?: false | SafetyPolicy } {
  const o: ChatOptions & { safety?: false | SafetyPolicy } = {
    maxTokens: num(flags, "max-tokens"),
    temperature: num(flags, "temperature"),
    topK: num(flags, "top-k"),
    topP: num(flags, "top-p"),
    minP: num(flags, "min-p"),
    repetitionPenalty: num(flags, "repeat-penalty"),
    presencePenalty: num(flags, "presence-penalty"),
    frequencyPenalty: num(flags, "frequency-penalty"),
    seed: num(flags, "seed"),
    reasoningBudget: num(flags, "reasoning-budget"),
    stop: Array.isArray(flags.stop) ? (flags.stop as string[]) : undefined,
  };
  o.safety = safetyFromFlags(flags);
  for (const k of Object.keys(o) as Array<keyof typeof o>) if (o[k] === undefined) delete o[k];
  checkSampling(o);
  return o;
}

/** Sampling values from flags, checked as the SDK will check them, before anything is loaded. */
export function checkSampling(o: ChatOptions): void {
  checkFlags(() => (validateSampling(o), validateChatOptions(o)));
}

/** --threads and --context, checked as loadModel will check them, before anything is resolved or pulled. */
export async function loadFlags(flags: Flags): Promise<{ threads?: number; contextLength?: number; device?: DeviceOption }> {
  const load = { threads: num(flags, "threads"), contextLength: num(flags, "context"), device: typeof flags.device === "string" ? (flags.device as DeviceOption) : undefined };
  const { checkLoadOptions } = await import("../sdk/build-model.ts");
  checkFlags(() => checkLoadOptions(load));
  return load;
}

/** Resolves -m (a path, or a known name that is pulled on first use) and loads the model. */
export async function openModelForCli(flags: Flags, io: CliIO): Promise<Model> {
  const target = flags.model;
  if (typeof target !== "string" || !target) {
    throw new InvalidArgumentError("no model given", {
      expected: "-m FILE (a .gguf file, a safetensors folder, or a name such as medpsy-1.7b)",
      found: "nothing",
      hint: "create a test model with `medpsy make-test-model --shape tiny --dtype q8_0 --format gguf --out tiny.gguf`",
    });
  }
  const load = await loadFlags(flags);
  const { loadModel } = await import("../sdk/load.ts");
  const path = await resolveModelFlag(target, io);
  return loadModel(path, {
    ...load,
    onProgress: loadingProgress(io),
    onWarning: loadingNote(io),
  });
}

/**
 * Loading progress on stderr: a percentage on a terminal; otherwise a line at most every few
 * seconds, so a slow load of a large file is never silent.
 */
export function loadingProgress(io: CliIO, everyMs = 3000): (done: number, total: number) => void {
  const started = Date.now();
  let last = started;
  let said = false;
  return (done, total) => {
    const pct = ((100 * done) / Math.max(1, total)).toFixed(0);
    if (io.stderr.isTTY) {
      io.stderr.write(`\rloading ${pct.padStart(3)}%`);
      if (done >= total) io.stderr.write("\r\x1b[K");
      return;
    }
    const now = Date.now();
    if (done >= total) {
      if (said) io.stderr.write(`loaded the model in ${((now - started) / 1000).toFixed(0)} s\n`);
      return;
    }
    if (now - last < everyMs) return;
    last = now;
    said = true;
    io.stderr.write(`loading the model: ${pct}% of ${(total / 1e9).toFixed(2)} GB\n`);
  };
}

/** loadModel's warnings as CLI notes, naming the flag rather than the SDK option. */
export function loadingNote(io: CliIO): (message: string) => void {
  return (message) => io.stderr.write(`medpsy: note: ${message.replace(/\bcontextLength\b/, "--context")}\n`);
}

/** A path as given; a known name or REPO[:FILE] from the cache, pulled (with progress) on first use. */
export async function resolveModelFlag(target: string, io: CliIO): Promise<string> {
  const { existsSync } = await import("node:fs");
  // Anything that looks like a file path is one: loadModel then says clearly if it is missing.
  if (existsSync(target) || /^(\.{0,2}\/|~)|\.(gguf|safetensors)$/i.test(target)) return target;
  const { resolveModel } = await import("../hub/index.ts");
  const { downloadProgress } = await import("./download-progress.ts");
  return resolveModel(target, { onProgress: downloadProgress(io) });
}
