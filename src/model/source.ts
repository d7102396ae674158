/**
 * A model on disk, whatever its format: GGUF file or Hugging Face safetensors folder, seen as
 * one shape — config, tensors under GGUF names, tokenizer, chat template, sampling defaults.
 */
import { readdirSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { MedpsyError } from "../errors.ts";
import type { SamplingDefaults } from "../sampling/types.ts";
import type { Tokenizer } from "../tokenizer/index.ts";
import type { ModelConfig } from "./config.ts";
import type { TensorEntry } from "./tensor-table.ts";

/** The sampling defaults a file states (generation_config.json, general.sampling.*); unset ones fall back to the card's. */
export type SourceSampling = Partial<SamplingDefaults>;

export interface ModelSource {
  format: "gguf" | "safetensors";
  path: string;
  /** Bytes on disk (all shards). */
  fileSize: number;
  name?: string;
  /** The architecture's config (its registry entry, architectureFor(config.architecture), reads it back). */
  config: ModelConfig;
  /** Keyed by GGUF tensor name. */
  tensors: Map<string, TensorEntry>;
  tokenizer: Tokenizer;
  chatTemplate?: string;
  sampling: SourceSampling;
  /** Extra end-of-generation ids (generation_config.json eos_token_id). */
  extraEndTokens: number[];
  close(): Promise<void>;
}

export class ModelNotFoundError extends MedpsyError {
  constructor(path: string) {
    super("MODEL_NOT_FOUND", `no model at ${path}`, {
      expected: "a .gguf file or a folder with config.json and *.safetensors",
      found: "nothing at that path",
      hint: "check the path, or pull a model with `medpsy pull medpsy-1.7b`",
    });
  }
}

/** A Hugging Face folder that lacks one of the files a model needs (config, weights, tokenizer). */
export class IncompleteModelFolderError extends MedpsyError {
  constructor(dir: string, missing: string, what: string) {
    let present: string[] = [];
    try {
      present = readdirSync(dir).filter((f) => /\.(json|safetensors|jinja|gguf)$/i.test(f)).sort();
    } catch {}
    const gguf = present.find((f) => /\.gguf$/i.test(f));
    super("MODEL_FOLDER_INCOMPLETE", `the model folder ${dir} has no ${missing}`, {
      expected: `${missing} (${what}) — a Hugging Face model folder holds config.json, tokenizer.json and the .safetensors weights`,
      found: present.length ? present.slice(0, 8).join(", ") + (present.length > 8 ? `, … (${present.length} files)` : "") : "no model files",
      hint: gguf
        ? `for a GGUF model, pass the file itself: -m ${join(dir, gguf)}`
        : present.length
          ? `copy ${missing} from the model's Hugging Face repository into ${dir} (it is published next to the weights)`
          : "point -m at a .gguf file or at a folder holding a model (`medpsy pull medpsy-1.7b` fetches one)",
    });
  }
}

export class UnknownModelFormatError extends MedpsyError {
  constructor(path: string, head: string, hint = "medpsy loads GGUF files and Hugging Face safetensors folders") {
    super("UNKNOWN_MODEL_FORMAT", `${path} is neither a GGUF file nor a safetensors folder`, {
      expected: 'a file starting with "GGUF", or a folder with config.json and model.safetensors',
      found: head,
      hint,
    });
  }
}

/** Opens a model by path, deciding the format from what is there (not from the name). */
export async function openModelSource(path: string): Promise<ModelSource> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ModelNotFoundError(path);
  }
  if (st.isDirectory()) {
    const { openSafetensorsSource } = await import("./source-safetensors.ts");
    return openSafetensorsSource(path);
  }
  if (st.size < 8) {
    throw new UnknownModelFormatError(path, st.size === 0 ? "an empty file (0 bytes)" : `a file of only ${st.size} bytes`, "an interrupted download or copy leaves a short file: fetch the model again (`medpsy pull` resumes and verifies downloads)");
  }
  const fh = await open(path, "r");
  const head = Buffer.alloc(8);
  try {
    await fh.read(head, 0, 8, 0);
  } finally {
    await fh.close();
  }
  if (head.subarray(0, 4).toString("latin1") === "GGUF") {
    const { openGgufSource } = await import("./source-gguf.ts");
    return openGgufSource(path);
  }
  if (path.endsWith(".safetensors") || path.endsWith(".json")) {
    const { openSafetensorsSource } = await import("./source-safetensors.ts");
    return openSafetensorsSource(join(path, ".."));
  }
  const shown = [...head].map((b) => b.toString(16).padStart(2, "0")).join(" ");
  throw new UnknownModelFormatError(path, `first bytes ${shown}`);
}
