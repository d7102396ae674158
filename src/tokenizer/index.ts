/**
 * BPE tokenizers built from GGUF metadata or tokenizer.json: byte-level with the Qwen2
 * pre-tokenizer (Qwen2/Qwen3), or SentencePiece-style (Gemma: spaces as ▁, one piece per
 * added-token-free segment, characters merged, unknown ones as <0xXX> byte tokens).
 *
 * Encoding (encode-job.ts): split out added tokens (control tokens only when `special` is set,
 * as llama.cpp's parse_special; user-defined ones like `<think>` always), NFC-normalize the rest
 * when the tokenizer.json says so (llama.cpp does not), pre-tokenize with the Qwen2 regex, then
 * merge byte-level symbols by rank (bpe.ts). Linear in the text; `encodeAsync` does the same
 * work in slices that yield to the event loop and can stop at a token budget. Decoding mirrors
 * llama.cpp's token_to_piece.
 */
import { BYTE_TO_CHAR, fromByteLevel, toByteLevel } from "./byte-level.ts";
import { InvalidTokenizerError, TokenIdError } from "./errors.ts";
import { endOfGenerationIds, TokenType, vocabFromGguf, vocabFromTokenizerJson, type Vocab } from "./vocab.ts";
import { StreamDecoder } from "./stream-decoder.ts";
import { TokenTable } from "./token-table.ts";
import { MergeRanks } from "./merge-ranks.ts";
import { BpeMerger } from "./bpe.ts";
import { yieldToEventLoop } from "../event-loop.ts";
import { EncodeJob, MAX_PIECE_UNITS, type AddedToken, type EncoderParts } from "./encode-job.ts";

export { StreamDecoder, TokenType, MAX_PIECE_UNITS };
export type { Vocab };

const encoder = new TextEncoder();
const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

export interface EncodeOptions {
  /** Parse control tokens written in the text (llama.cpp's parse_special). Default false. */
  special?: boolean;
  /**
   * Parse control tokens only where they start at one of these offsets (e.g. where a chat
   * template put them, not where a user typed them); overrides `special`.
   */
  controlAt?: ReadonlySet<number>;
}

export interface EncodeAsyncOptions extends EncodeOptions {
  /** Stop as soon as more than this many ids are produced; the result then has `complete: false`. */
  maxTokens?: number;
  /** Code units encoded between two yields to the event loop. Default 8,192 (a few ms). */
  sliceUnits?: number;
  signal?: AbortSignal;
}

const DEFAULT_SLICE_UNITS = 8_192;

/** The characters some token holds right before a ▁ (where a long SentencePiece segment must not be cut). */
function charsBeforeSpace(tokens: readonly string[]): Set<number> {
  const set = new Set<number>();
  for (const t of tokens) {
    for (let i = t.indexOf("\u2581", 1); i > 0; i = t.indexOf("\u2581", i + 1)) {
      const low = t.charCodeAt(i - 1);
      set.add(t.codePointAt(low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1)!);
    }
  }
  return set;
}

export class Tokenizer {
  readonly vocabSize: number;
  readonly eosId: number | undefined;
  readonly bosId: number | undefined;
  readonly eogIds: ReadonlySet<number>;
  private readonly table: TokenTable;
  private readonly types: Uint8Array;
  private readonly parts: EncoderParts;
  /** Length of the longest token text (code units): longer pre-tokens cannot be one token. */
  private readonly longest: number;
  private readonly pieces: Array<Uint8Array | undefined>;
  private controls: readonly string[] | undefined;
  /** SentencePiece-style (Gemma) rather than byte-level. */
  readonly spm: boolean;

  constructor(v: Vocab) {
    this.spm = v.kind === "spm";
    const size = v.tokens.length;
    this.vocabSize = size;
    this.eosId = v.eosId;
    this.bosId = v.bosId;
    this.types = v.types;
    this.table = new TokenTable(size, (i) => v.tokens[i]!);
    const eog = endOfGenerationIds(v, this.table);
    // llama.cpp turns end-of-generation tokens into control tokens whatever the file says.
    if (v.llamaRules) for (const id of eog) v.types[id] = TokenType.CONTROL;
    this.eogIds = eog;
    const added = new Map<number, AddedToken[]>();
    let longest = 0;
    for (let i = 0; i < size; i++) {
      longest = Math.max(longest, v.tokens[i]!.length);
      const type = v.types[i]!;
      if (v.llamaRules) {
        // llama.cpp's token_to_id: every token, whatever its type. llama.cpp refuses a vocabulary
        // in which two tokens share a text (an assertion at load), so do we (empty texts aside:
        // it renames those).
        const other = v.tokens[i]!.length > 0 ? this.table.index(i, true) : -1;
        if (other >= 0) throw new InvalidTokenizerError("two tokens share one text", "a distinct text per token, as llama.cpp requires", `ids ${other} and ${i}: ${JSON.stringify(v.tokens[i])}`);
      } else if (type === TokenType.NORMAL || type === TokenType.USER_DEFINED || type === TokenType.CONTROL || (this.spm && type === TokenType.BYTE)) {
        // tokenizer.json: the first normal token with a text wins; an added (control / user-defined) one overrides.
        this.table.index(i, type !== TokenType.NORMAL);
      }
      // Added tokens split out of the text; UNKNOWN ones only with special parsing, as control ones.
      if ((type === TokenType.CONTROL || type === TokenType.USER_DEFINED || type === TokenType.UNKNOWN) && v.tokens[i]!.length > 0) {
        const t = v.tokens[i]!;
        const list = added.get(t.charCodeAt(0)) ?? [];
        list.push({ text: t, id: i, control: type !== TokenType.USER_DEFINED });
        added.set(t.charCodeAt(0), list);
      }
    }
    for (const list of added.values()) list.sort((a, b) => b.text.length - a.text.length);
    this.longest = longest;
    const merges = new MergeRanks(v.mergeCount);
    v.forEachMerge((left, right, rank) => merges.add(this.table, left, right, rank));
    const byteIds = new Int32Array(256);
    const hex = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`;
    // SentencePiece: <0xXX>, else (llama.cpp's byte_to_token) an ASCII byte's own character.
    const spmByte = (b: number) => { const id = this.table.find(hex(b)); return id >= 0 || b >= 0x80 ? id : this.table.find(String.fromCharCode(b)); };
    for (let b = 0; b < 256; b++) byteIds[b] = this.spm ? spmByte(b) : this.table.find(BYTE_TO_CHAR[b]!);
    const addedFirst = new Uint8Array(65536);
    for (const unit of added.keys()) addedFirst[unit] = 1;
    const chars = new Map<number, number>();
    const charId = (cp: number) => {
      let id = chars.get(cp);
      if (id === undefined) chars.set(cp, (id = this.table.find(String.fromCodePoint(cp))));
      return id;
    };
    this.parts = {
      added,
      addedFirst,
      nfc: v.nfc,
      merger: new BpeMerger(merges, byteIds, this.spm ? charId : undefined),
      cache: new Map(),
      wholeWord: (word) => this.wholeWord(word),
      spm: this.spm,
      joinsSpace: this.spm ? charsBeforeSpace(v.tokens) : undefined,
    };
    this.pieces = new Array(size);
  }

  static fromGgufMetadata(get: (key: string) => unknown): Tokenizer {
    return new Tokenizer(vocabFromGguf(get));
  }

  static fromTokenizerJson(json: unknown, config?: Record<string, unknown>): Tokenizer {
    return new Tokenizer(vocabFromTokenizerJson(json, config));
  }

  /** The id of an exact token string (added tokens included), if any. */
  tokenId(text: string): number | undefined {
    const id = this.table.find(text);
    return id < 0 ? undefined : id;
  }

  isControl(id: number): boolean {
    return this.types[id] === TokenType.CONTROL;
  }

  /** Texts of the control tokens (what `special` parsing recognizes), longest first. */
  controlTexts(): readonly string[] {
    if (!this.controls) {
      const out: string[] = [];
      for (const list of this.parts.added.values()) for (const t of list) if (t.control) out.push(t.text);
      this.controls = Object.freeze(out.sort((a, b) => b.length - a.length));
    }
    return this.controls;
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    const job = this.job(text, options);
    job.step(Infinity);
    return job.ids;
  }

  /**
   * The same ids as `encode`, computed in slices with a yield to the event loop between them, so
   * a large text never blocks a server; stops early once `maxTokens` is exceeded.
   */
  async encodeAsync(text: string, options: EncodeAsyncOptions = {}): Promise<{ ids: number[]; complete: boolean }> {
    const job = this.job(text, options);
    const slice = options.sliceUnits ?? DEFAULT_SLICE_UNITS;
    const max = options.maxTokens ?? Infinity;
    for (;;) {
      options.signal?.throwIfAborted();
      const done = job.step(slice);
      if (job.ids.length > max) return { ids: job.ids, complete: false };
      if (done) return { ids: job.ids, complete: true };
      await yieldToEventLoop();
    }
  }

  private job(text: string, options: EncodeOptions): EncodeJob {
    return new EncodeJob(this.parts, text, { special: options.controlAt ? false : (options.special ?? false), controlAt: options.controlAt });
  }

  /** ignore_merges: a pre-token that is itself a normal token is that token (byte-level only). */
  private wholeWord(word: string): number {
    if (this.spm || word.length > this.longest) return -1;
    const id = this.table.find(toByteLevel(word));
    return id >= 0 && this.types[id] === TokenType.NORMAL ? id : -1;
  }

  /** Raw bytes of a token as llama.cpp's token_to_piece renders it. */
  tokenBytes(id: number, skipSpecial = false): Uint8Array {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new TokenIdError(id, this.vocabSize);
    const type = this.types[id];
    // llama.cpp's token_to_piece: control and unknown tokens are special (their text, or nothing).
    if (type === TokenType.CONTROL || type === TokenType.UNKNOWN) return skipSpecial ? new Uint8Array(0) : encoder.encode(this.table.text(id));
    let p = this.pieces[id];
    if (p) return p;
    if (this.spm) {
      // llama.cpp's SPM token_to_piece: ▁ → space in normal pieces, <0xXX> → the byte, user-defined as written.
      const text = this.table.text(id);
      if (type === TokenType.BYTE) p = Uint8Array.of(parseInt(text.slice(3, 5), 16));
      else if (type === TokenType.NORMAL) p = encoder.encode(text.replaceAll("\u2581", " "));
      else if (type === TokenType.USER_DEFINED) p = encoder.encode(text);
      else p = new Uint8Array(0);
    } else {
      if (type !== TokenType.NORMAL && type !== TokenType.USER_DEFINED) return new Uint8Array(0);
      p = fromByteLevel(this.table.text(id));
    }
    this.pieces[id] = p;
    return p;
  }

  /**
   * Ids → text: their bytes decoded once (what StreamDecoder gives piece by piece: it only cuts
   * before the lead byte of an unfinished sequence, where the UTF-8 decoder starts afresh anyway).
   */
  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string {
    const skip = options.skipSpecial ?? false;
    let size = 0;
    for (const id of ids) size += this.tokenBytes(id, skip).length;
    const all = new Uint8Array(size);
    let at = 0;
    for (const id of ids) {
      const b = this.tokenBytes(id, skip);
      all.set(b, at);
      at += b.length;
    }
    return utf8.decode(all);
  }
}

