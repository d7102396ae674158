/**
 * A Hugging Face folder as a ModelSource: config.json → config, tokenizer.json (+ config) →
 * tokenizer and chat template, generation_config.json → sampling defaults and end tokens,
 * safetensors (single or sharded) → tensors renamed to GGUF names, shapes in GGUF order.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { readSafetensorsHeader, readRange, type SafetensorsTensor } from "../formats/safetensors/file.ts";
import { SafetensorsIndexError } from "../formats/safetensors/errors.ts";
import { InvalidArgumentError } from "../errors.ts";
import { Tokenizer } from "../tokenizer/index.ts";
import { architectureForHf } from "./registry.ts";
import type { TensorDef, TensorEntry } from "./tensor-table.ts";
import { IncompleteModelFolderError, type ModelSource } from "./source.ts";

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new InvalidArgumentError(`cannot read ${path}`, { expected: "a JSON file", found: (err as Error).message });
  }
}

export async function openSafetensorsSource(dir: string): Promise<ModelSource> {
  const configPath = join(dir, "config.json");
  if (!existsSync(configPath)) throw new IncompleteModelFolderError(dir, "config.json", "the model's architecture");
  const json = readJson(configPath);
  const arch = architectureForHf(json.model_type, json.architectures);
  const config = arch.configFromHf(json);
  // The architecture's table names each tensor in both conventions: HF names → GGUF names.
  const byHf = new Map<string, TensorDef>(arch.tensors(config).map((d) => [d.hf, d]));
  const files = weightFiles(dir);
  const tensors = new Map<string, TensorEntry>();
  let fileSize = 0;
  for (const file of files) {
    const st = await readSafetensorsHeader(file);
    fileSize += st.size;
    for (const t of st.tensors) {
      const hf = arch.hfName ? arch.hfName(t.name) : t.name;
      if (hf === null) continue; // outside the text model (e.g. a vision tower)
      const def = byHf.get(hf);
      // A name the table lacks keeps its HF spelling; the loader rejects it by name.
      const name = def?.name ?? t.name;
      tensors.set(name, { ...entry(name, t), shift: def?.hfShift });
    }
  }
  const tokJsonPath = join(dir, "tokenizer.json");
  if (!existsSync(tokJsonPath)) throw new IncompleteModelFolderError(dir, "tokenizer.json", "the model's vocabulary");
  const tokConfig = existsSync(join(dir, "tokenizer_config.json")) ? readJson(join(dir, "tokenizer_config.json")) : {};
  const tokenizer = Tokenizer.fromTokenizerJson(readJson(tokJsonPath), tokConfig);
  const gen = existsSync(join(dir, "generation_config.json")) ? readJson(join(dir, "generation_config.json")) : {};
  const eos = gen.eos_token_id;
  const extraEndTokens = (Array.isArray(eos) ? eos : eos === undefined ? [] : [eos]).filter((x): x is number => Number.isInteger(x));
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const doSample = gen.do_sample !== false;
  return {
    format: "safetensors",
    path: dir,
    fileSize,
    name: typeof json._name_or_path === "string" ? json._name_or_path : undefined,
    config,
    tensors,
    tokenizer,
    chatTemplate: chatTemplateOf(dir, tokConfig),
    sampling: doSample
      ? { temperature: num(gen.temperature), topK: num(gen.top_k), topP: num(gen.top_p), minP: num(gen.min_p) }
      : { temperature: 0 },
    extraEndTokens,
    close: async () => {},
  };
}

function entry(name: string, t: SafetensorsTensor): TensorEntry {
  return {
    name,
    type: t.type,
    dims: [...t.shape].reverse(),
    byteLength: t.end - t.begin,
    read: (into) => readRange(t.file, t.begin, into),
  };
}

/** model.safetensors, or the shards an index names. */
function weightFiles(dir: string): string[] {
  const single = join(dir, "model.safetensors");
  if (existsSync(single)) return [single];
  const indexPath = join(dir, "model.safetensors.index.json");
  if (!existsSync(indexPath)) throw new IncompleteModelFolderError(dir, "model.safetensors", "the weights, or model.safetensors.index.json naming their shards");
  const index = readJson(indexPath);
  const map = index.weight_map;
  if (typeof map !== "object" || map === null) throw new SafetensorsIndexError(indexPath, "no weight_map", typeof map);
  const files = [...new Set(Object.values(map as Record<string, unknown>))];
  for (const f of files) {
    if (typeof f !== "string" || f.includes("/") || f.includes("\\") || !f.endsWith(".safetensors")) {
      throw new SafetensorsIndexError(indexPath, "a shard name is not a plain .safetensors file name", JSON.stringify(f));
    }
    if (!existsSync(join(dir, f)) || !statSync(join(dir, f)).isFile()) throw new IncompleteModelFolderError(dir, f, "a shard model.safetensors.index.json names");
  }
  return (files as string[]).sort().map((f) => join(dir, f));
}

/** chat_template.jinja (newer repos), else tokenizer_config.json's chat_template (string or named list). */
function chatTemplateOf(dir: string, tokConfig: Record<string, unknown>): string | undefined {
  const file = join(dir, "chat_template.jinja");
  if (existsSync(file)) return readFileSync(file, "utf8");
  const t = tokConfig.chat_template;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) {
    const named = t as Array<{ name?: string; template?: string }>;
    return (named.find((x) => x.name === "default") ?? named[0])?.template;
  }
  return undefined;
}
