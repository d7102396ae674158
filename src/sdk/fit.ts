/**
 * `medpsy pull NAME --fit`: the largest quantization of a GGUF repository that fits this
 * machine at a given context. Each candidate's header is read from the hub in byte ranges (no
 * weights downloaded), its memory estimated as loadModel would (sdk/memory.ts), largest first.
 */
import { openGgufFrom } from "../formats/gguf/open.ts";
import { architectureFor } from "../model/registry.ts";
import { InvalidModelConfigError } from "../model/errors.ts";
import { listRepoFiles, ggufChoices, type HubFile } from "../hub/hub-api.ts";
import { hubOptions, type PullOptions } from "../hub/pull.ts";
import { parseModelSpec } from "../hub/spec.ts";
import { remoteSource } from "../hub/remote-source.ts";
import { defaultCacheDir } from "../hub/cache.ts";
import { HubNotFoundError } from "../hub/errors.ts";
import { InvalidArgumentError } from "../errors.ts";
import { estimateMemory, InsufficientMemoryError, type MemoryEstimate } from "./memory.ts";
import type { TensorEntry } from "../model/tensor-table.ts";

export interface FitChoice {
  repo: string;
  file: HubFile & { quant: string };
  estimate: MemoryEstimate;
  /** Larger files that were sized and did not fit, largest first. */
  tooLarge: Array<{ quant: string; total: number }>;
}

/** Sizes a hub GGUF from its header alone. */
async function estimateRemote(hub: ReturnType<typeof hubOptions>, repo: string, f: HubFile, contextLength: number, threads: number): Promise<MemoryEstimate> {
  const g = await openGgufFrom(remoteSource(hub, repo, f), `${repo}/${f.path}`);
  try {
    const get = (key: string) => g.metadata.get(key);
    const tokens = get("tokenizer.ggml.tokens");
    const arch = get("general.architecture");
    if (typeof arch !== "string") throw new InvalidModelConfigError('missing "general.architecture"', { expected: "a string", found: String(arch) });
    const config = architectureFor(arch).configFromGguf(get, { vocabSize: Array.isArray(tokens) ? tokens.length : 0, hasOutput: g.tensors.some((t) => t.name === "output.weight") });
    const tensors = new Map<string, Pick<TensorEntry, "type" | "dims">>(g.tensors.map((t) => [t.name, t]));
    return estimateMemory({ config, tensors: tensors as never }, Math.min(contextLength, config.trainedContext), threads);
  } finally {
    await g.close();
  }
}

export async function chooseQuantThatFits(spec: string, o: PullOptions & { contextLength: number; available: number; threads: number }): Promise<FitChoice> {
  const s = parseModelSpec(spec, o.cache ?? defaultCacheDir());
  if (s.kind !== "gguf" || s.file) {
    throw new InvalidArgumentError("--fit picks among a GGUF repository's quantizations", { expected: "a GGUF name or owner/repo", found: spec, hint: "drop :QUANT / :FILE, or the -hf suffix" });
  }
  const hub = hubOptions(o);
  const choices = ggufChoices(await listRepoFiles(hub, s.repo)).sort((a, b) => b.size - a.size);
  if (choices.length === 0) throw new HubNotFoundError(`a single-file GGUF in ${s.repo}`);
  const tooLarge: FitChoice["tooLarge"] = [];
  let last: MemoryEstimate | undefined;
  for (const f of choices) {
    // A file larger than the memory available cannot fit: no need to read its header.
    if (f.size > o.available) {
      tooLarge.push({ quant: f.quant, total: f.size });
      continue;
    }
    const estimate = await estimateRemote(hub, s.repo, f, o.contextLength, o.threads);
    if (estimate.total <= o.available) return { repo: s.repo, file: f, estimate, tooLarge };
    tooLarge.push({ quant: f.quant, total: estimate.total });
    last = estimate;
  }
  const smallest = choices[choices.length - 1]!;
  throw new InsufficientMemoryError(`${s.repo}'s smallest file (${smallest.quant})`, last ?? { contextLength: o.contextLength, weights: smallest.size, kvCache: 0, scratch: 0, total: smallest.size }, o.available, false);
}
