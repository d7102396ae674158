/**
 * A tokenizer's vocabulary as one shape, whichever file it came from: token strings by id,
 * llama.cpp token types, merges in rank order, special ids and end-of-generation ids. The
 * Tokenizer copies it into compact tables (token-table.ts, merge-ranks.ts) and lets it go.
 */
import { InvalidTokenizerError, UnsupportedTokenizerError } from "./errors.ts";
import type { TokenTable } from "./token-table.ts";

export const TokenType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

export interface Vocab {
  tokens: readonly string[];
  types: Uint8Array;
  /** Calls `add` for each merge, rank 0 first; throws InvalidTokenizerError on a malformed one. */
  /** How many merges forEachMerge gives (sizes the rank table before one pass over them). */
  mergeCount: number;
  forEachMerge(add: (left: string, right: string, rank: number) => void): void;
  eosId?: number;
  bosId?: number;
  /** Apply Unicode NFC before pre-tokenization (tokenizer.json's normalizer; llama.cpp does not). */
  nfc: boolean;
  /**
   * llama.cpp's load-time rules (GGUF flavour): end-of-generation tokens are found by their text
   * among all tokens and become control tokens. The tokenizer.json flavour follows HF instead.
   */
  llamaRules: boolean;
}

const looksSpecial = (t: string) => (t.startsWith("<|") && t.endsWith("|>")) || ["<pad>", "<mask>"].includes(t);

/** From GGUF `tokenizer.ggml.*` metadata. */
export function vocabFromGguf(get: (key: string) => unknown): Vocab {
  const model = get("tokenizer.ggml.model");
  if (model !== "gpt2") throw new UnsupportedTokenizerError("model", JSON.stringify(model), '"gpt2" (byte-level BPE)');
  const pre = get("tokenizer.ggml.pre");
  if (pre !== undefined && pre !== "qwen2") throw new UnsupportedTokenizerError("pre-tokenizer", JSON.stringify(pre), '"qwen2"');
  const tokens = get("tokenizer.ggml.tokens");
  if (!Array.isArray(tokens) || tokens.length === 0 || tokens.some((t) => typeof t !== "string")) {
    throw new InvalidTokenizerError("tokenizer.ggml.tokens", "a non-empty array of strings", typeof tokens);
  }
  const rawTypes = get("tokenizer.ggml.token_type");
  const types = new Uint8Array(tokens.length).fill(TokenType.NORMAL);
  if (rawTypes !== undefined) {
    if (!Array.isArray(rawTypes) || rawTypes.length !== tokens.length) {
      throw new InvalidTokenizerError("tokenizer.ggml.token_type", `${tokens.length} entries`, Array.isArray(rawTypes) ? `${rawTypes.length}` : typeof rawTypes);
    }
    rawTypes.forEach((t, i) => (types[i] = Number(t)));
  }
  const mergesRaw = get("tokenizer.ggml.merges");
  if (!Array.isArray(mergesRaw)) throw new InvalidTokenizerError("tokenizer.ggml.merges", "an array of strings", typeof mergesRaw);
  const forEachMerge = (add: (left: string, right: string, rank: number) => void) =>
    mergesRaw.forEach((m, rank) => {
      const sp = typeof m === "string" ? m.indexOf(" ", 1) : -1;
      if (sp < 0) throw new InvalidTokenizerError(`merge #${rank}`, '"left right"', JSON.stringify(m));
      add(m.slice(0, sp), m.slice(sp + 1), rank);
    });
  const id = (key: string) => {
    const v = get(key);
    return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < tokens.length ? v : undefined;
  };
  return { tokens: tokens as string[], types, mergeCount: mergesRaw.length, forEachMerge, eosId: id("tokenizer.ggml.eos_token_id"), bosId: id("tokenizer.ggml.bos_token_id"), nfc: false, llamaRules: true };
}

interface TokenizerJson {
  normalizer?: { type?: string } | null;
  model?: { type?: string; vocab?: Record<string, number>; merges?: Array<string | [string, string]> };
  added_tokens?: Array<{ id: number; content: string; special?: boolean }>;
}

/** From a Hugging Face tokenizer.json (+ tokenizer_config.json for eos/bos). */
export function vocabFromTokenizerJson(json: unknown, config: Record<string, unknown> = {}): Vocab {
  const tj = json as TokenizerJson;
  if (tj?.model?.type !== "BPE" || typeof tj.model.vocab !== "object" || !Array.isArray(tj.model.merges)) {
    throw new UnsupportedTokenizerError("model", JSON.stringify(tj?.model?.type), '"BPE" with vocab and merges');
  }
  const normalizer = tj.normalizer?.type;
  if (normalizer !== undefined && normalizer !== "NFC") throw new UnsupportedTokenizerError("normalizer", JSON.stringify(normalizer), "none or NFC");
  let size = 0;
  for (const id of Object.values(tj.model.vocab)) size = Math.max(size, id + 1);
  for (const a of tj.added_tokens ?? []) size = Math.max(size, a.id + 1);
  if (size > 4_000_000) throw new InvalidTokenizerError("vocabulary", "at most 4,000,000 ids", String(size));
  const tokens: string[] = new Array(size).fill("");
  const types = new Uint8Array(size).fill(TokenType.UNUSED);
  for (const [t, id] of Object.entries(tj.model.vocab)) {
    if (!Number.isInteger(id) || id < 0) throw new InvalidTokenizerError(`vocab entry ${JSON.stringify(t)}`, "a non-negative integer id", String(id));
    tokens[id] = t;
    types[id] = TokenType.NORMAL;
  }
  for (const a of tj.added_tokens ?? []) {
    tokens[a.id] = a.content;
    types[a.id] = a.special || looksSpecial(a.content) ? TokenType.CONTROL : TokenType.USER_DEFINED;
  }
  const mergeList = tj.model.merges;
  const forEachMerge = (add: (left: string, right: string, rank: number) => void) =>
    mergeList.forEach((m, rank) => {
      const sp = typeof m === "string" ? m.indexOf(" ", 1) : -1;
      if (typeof m === "string" ? sp < 0 : !Array.isArray(m) || m.length !== 2 || typeof m[0] !== "string" || typeof m[1] !== "string") {
        throw new InvalidTokenizerError(`merge #${rank}`, '"left right" or ["left", "right"]', JSON.stringify(m));
      }
      if (typeof m === "string") add(m.slice(0, sp), m.slice(sp + 1), rank);
      else add(m[0], m[1], rank);
    });
  const byText = (v: unknown) => {
    const text = typeof v === "string" ? v : (v as { content?: string } | null)?.content;
    if (!text) return undefined;
    const i = tokens.indexOf(text);
    return i >= 0 ? i : undefined;
  };
  return { tokens, types, mergeCount: mergeList.length, forEachMerge, eosId: byText(config.eos_token), bosId: byText(config.bos_token), nfc: normalizer === "NFC", llamaRules: false };
}

/** llama.cpp's end-of-generation tokens: EOS, end-of-turn names, and the FIM pad/rep/sep tokens. */
const EOG_TEXTS = new Set([
  "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>", "_<EOT>",
  "<|end_of_text|>", "<end_of_utterance>", "</s>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>",
]);

export function endOfGenerationIds(v: Vocab, table: TokenTable): Set<number> {
  const ids = new Set<number>();
  if (v.eosId !== undefined) ids.add(v.eosId);
  for (const text of EOG_TEXTS) {
    for (const i of table.allWithText(text)) {
      if (v.llamaRules || v.types[i] === TokenType.CONTROL || v.types[i] === TokenType.USER_DEFINED) ids.add(i);
    }
  }
  return ids;
}
