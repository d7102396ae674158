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
  /**
   * "bpe": byte-level BPE with the Qwen2 pre-tokenizer (Qwen2, Qwen3). "spm": SentencePiece-style
   * (Gemma): spaces become ▁, no pre-tokenizer, merges over characters with unknown ones falling
   * back to <0xXX> byte tokens. Default "bpe".
   */
  kind?: "bpe" | "spm";
}

const looksSpecial = (t: string) => (t.startsWith("<|") && t.endsWith("|>")) || ["<pad>", "<mask>"].includes(t);

/** From GGUF `tokenizer.ggml.*` metadata. */
export function vocabFromGguf(get: (key: string) => unknown): Vocab {
  const model = get("tokenizer.ggml.model");
  if (model === "llama") return spmVocabFromGguf(get);
  if (model !== "gpt2") throw new UnsupportedTokenizerError("model", JSON.stringify(model), '"gpt2" (byte-level BPE) or "llama" (SentencePiece)');
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
  normalizer?: { type?: string; pattern?: { String?: string }; content?: string } | null;
  model?: { type?: string; vocab?: Record<string, number>; merges?: Array<string | [string, string]>; byte_fallback?: boolean };
  added_tokens?: Array<{ id: number; content: string; special?: boolean }>;
}

/** From a Hugging Face tokenizer.json (+ tokenizer_config.json for eos/bos). */
export function vocabFromTokenizerJson(json: unknown, config: Record<string, unknown> = {}): Vocab {
  const tj = json as TokenizerJson;
  if (tj?.model?.type !== "BPE" || typeof tj.model.vocab !== "object" || !Array.isArray(tj.model.merges)) {
    throw new UnsupportedTokenizerError("model", JSON.stringify(tj?.model?.type), '"BPE" with vocab and merges');
  }
  const normalizer = tj.normalizer?.type;
  // Gemma: BPE over characters with byte fallback, spaces replaced by ▁ (SentencePiece-style).
  const spm = tj.model.byte_fallback === true && normalizer === "Replace" && tj.normalizer?.pattern?.String === " " && tj.normalizer?.content === "\u2581";
  if (normalizer !== undefined && normalizer !== "NFC" && !spm) throw new UnsupportedTokenizerError("normalizer", JSON.stringify(normalizer), "none, NFC, or Replace(' ', '▁') with byte fallback");
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
  if (spm) for (let i = 0; i < size; i++) if (BYTE_TOKEN.test(tokens[i]!) && types[i] === TokenType.NORMAL) types[i] = TokenType.BYTE;
  return { tokens, types, mergeCount: mergeList.length, forEachMerge, eosId: byText(config.eos_token), bosId: byText(config.bos_token), nfc: normalizer === "NFC", llamaRules: false, kind: spm ? "spm" : "bpe" };
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

/** A SentencePiece byte-fallback piece, <0x00> … <0xFF>. */
export const BYTE_TOKEN = /^<0x[0-9A-F]{2}>$/;

/**
 * From GGUF metadata of a SentencePiece vocabulary (`tokenizer.ggml.model` "llama": tokens,
 * scores, token types; no merges). llama.cpp's SPM tokenizer starts from single characters and
 * merges the adjacent pair whose concatenation is a token of the highest score (leftmost on
 * ties), looking texts up in its token_to_id map: every type, the last id with a text. As
 * merges: every split of such a text into two symbols the session can hold (a token text or a
 * single character), ranked by the whole token's score — equal scores, equal rank, so the
 * leftmost pair goes first.
 */
function spmVocabFromGguf(get: (key: string) => unknown): Vocab {
  const tokens = get("tokenizer.ggml.tokens");
  if (!Array.isArray(tokens) || tokens.length === 0 || tokens.some((t) => typeof t !== "string")) {
    throw new InvalidTokenizerError("tokenizer.ggml.tokens", "a non-empty array of strings", typeof tokens);
  }
  const scores = get("tokenizer.ggml.scores");
  if (!Array.isArray(scores) || scores.length !== tokens.length) {
    throw new InvalidTokenizerError("tokenizer.ggml.scores", `${tokens.length} numbers`, Array.isArray(scores) ? `${scores.length}` : typeof scores);
  }
  if (get("tokenizer.ggml.add_space_prefix") === true) {
    throw new UnsupportedTokenizerError("add_space_prefix", "true", "false (Gemma 3); SentencePiece vocabularies that prefix a space are not supported");
  }
  const rawTypes = get("tokenizer.ggml.token_type");
  const types = new Uint8Array(tokens.length).fill(TokenType.NORMAL);
  if (Array.isArray(rawTypes) && rawTypes.length === tokens.length) rawTypes.forEach((t, i) => (types[i] = Number(t)));
  const text = tokens as string[];
  const lastId = new Map<string, number>();
  for (let i = 0; i < text.length; i++) lastId.set(text[i]!, i);
  // Distinct scores, highest first → rank.
  const order = [...new Set((scores as number[]).map(Number))].sort((a, b) => b - a);
  const rankOf = new Map(order.map((v, i) => [v, i]));
  const isSymbol = (piece: string) => lastId.has(piece) || piece.length === 1 || (piece.length === 2 && piece.codePointAt(0)! > 0xffff);
  const merges: Array<[string, string, number]> = [];
  for (const [t, id] of lastId) {
    if (t.length < 2) continue;
    const rank = rankOf.get(Number(scores[id]))!;
    // Splits at character (code point) boundaries.
    for (let cut = t.codePointAt(0)! > 0xffff ? 2 : 1; cut < t.length; cut += t.codePointAt(cut)! > 0xffff ? 2 : 1) {
      const left = t.slice(0, cut), right = t.slice(cut);
      if (isSymbol(left) && isSymbol(right)) merges.push([left, right, rank]);
    }
  }
  const id = (key: string) => {
    const v = get(key);
    return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < tokens.length ? v : undefined;
  };
  return {
    tokens: text, types, mergeCount: merges.length,
    forEachMerge: (add) => { for (const [l, r, rank] of merges) add(l, r, rank); },
    eosId: id("tokenizer.ggml.eos_token_id"), bosId: id("tokenizer.ggml.bos_token_id"), nfc: false, llamaRules: true, kind: "spm",
  };
}
