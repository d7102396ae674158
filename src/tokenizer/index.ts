/**
 * Byte-level BPE tokenizer (Qwen2/Qwen3), built from GGUF metadata or tokenizer.json.
 *
 * Encoding: split out added tokens (control tokens only when `special` is set, as llama.cpp's
 * parse_special; user-defined ones like `<think>` always), NFC-normalize the rest when the
 * tokenizer.json says so (llama.cpp does not), pre-tokenize with the Qwen2 regex, then merge
 * byte-level symbols by rank. Decoding mirrors llama.cpp's token_to_piece.
 */
import { fromByteLevel, toByteLevel } from "./byte-level.ts";
import { TokenIdError } from "./errors.ts";
import { splitQwen2 } from "./pretokenize.ts";
import { endOfGenerationIds, TokenType, vocabFromGguf, vocabFromTokenizerJson, type Vocab } from "./vocab.ts";
import { StreamDecoder } from "./stream-decoder.ts";
import { TokenTable } from "./token-table.ts";
import { MergeRanks } from "./merge-ranks.ts";

export { StreamDecoder, TokenType };
export type { Vocab };

const encoder = new TextEncoder();
const CACHE_LIMIT = 100_000;

export class Tokenizer {
  readonly vocabSize: number;
  readonly eosId: number | undefined;
  readonly bosId: number | undefined;
  readonly eogIds: ReadonlySet<number>;
  private readonly table: TokenTable;
  private readonly types: Uint8Array;
  private readonly merges: MergeRanks;
  private readonly nfc: boolean;
  private readonly cache = new Map<string, number[]>();
  /** First character → added tokens starting with it, longest first. */
  private readonly added = new Map<string, Array<{ text: string; id: number; control: boolean }>>();
  private readonly pieces: Array<Uint8Array | undefined>;

  constructor(v: Vocab) {
    const size = v.tokens.length;
    this.vocabSize = size;
    this.eosId = v.eosId;
    this.bosId = v.bosId;
    this.types = v.types;
    this.nfc = v.nfc;
    this.table = new TokenTable(size, (i) => v.tokens[i]!);
    const eog = endOfGenerationIds(v, this.table);
    // llama.cpp turns end-of-generation tokens into control tokens whatever the file says.
    if (v.llamaRules) for (const id of eog) v.types[id] = TokenType.CONTROL;
    this.eogIds = eog;
    for (let i = 0; i < size; i++) {
      const type = v.types[i]!;
      if (type === TokenType.NORMAL || type === TokenType.USER_DEFINED || type === TokenType.CONTROL) {
        // The first normal token with a text wins; an added (control / user-defined) one overrides.
        this.table.index(i, type !== TokenType.NORMAL);
      }
      if ((type === TokenType.CONTROL || type === TokenType.USER_DEFINED) && v.tokens[i]!.length > 0) {
        const t = v.tokens[i]!;
        const list = this.added.get(t[0]!) ?? [];
        list.push({ text: t, id: i, control: type === TokenType.CONTROL });
        this.added.set(t[0]!, list);
      }
    }
    for (const list of this.added.values()) list.sort((a, b) => b.text.length - a.text.length);
    this.merges = new MergeRanks(v.mergeCount);
    v.forEachMerge((left, right, rank) => this.merges.add(this.table, left, right, rank));
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

  encode(text: string, options: { special?: boolean } = {}): number[] {
    const special = options.special ?? false;
    const out: number[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const candidates = this.added.get(text[i]!);
      if (!candidates) continue;
      const hit = candidates.find((c) => (special || !c.control) && text.startsWith(c.text, i));
      if (!hit) continue;
      if (i > start) this.encodePlain(text.slice(start, i), out);
      out.push(hit.id);
      i += hit.text.length - 1;
      start = i + 1;
    }
    if (start < text.length) this.encodePlain(text.slice(start), out);
    return out;
  }

  private encodePlain(text: string, out: number[]): void {
    const normalized = this.nfc ? text.normalize("NFC") : text;
    for (const word of splitQwen2(normalized)) {
      let ids = this.cache.get(word);
      if (!ids) {
        ids = this.bpe(toByteLevel(word));
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(word, ids);
      }
      for (const id of ids) out.push(id);
    }
  }

  /** Merges the byte-level symbols of one pre-token by rank, lowest first. */
  private bpe(word: string): number[] {
    const whole = this.table.find(word);
    if (whole >= 0 && this.types[whole] === TokenType.NORMAL) return [whole];
    let sym = Array.from(word);
    // Each symbol's id in the table (−1 when it is no indexed token), kept beside its text.
    let ids = sym.map((s) => this.table.find(s));
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < sym.length; i++) {
        const r = this.merges.rank(ids[i]!, ids[i + 1]!, sym[i]!, sym[i + 1]!);
        if (r >= 0 && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const left = sym[best]!;
      const right = sym[best + 1]!;
      const mergedId = this.table.find(left + right);
      const nextSym: string[] = [];
      const nextIds: number[] = [];
      for (let i = 0; i < sym.length; i++) {
        if (i + 1 < sym.length && sym[i] === left && sym[i + 1] === right) {
          nextSym.push(left + right);
          nextIds.push(mergedId);
          i++;
        } else {
          nextSym.push(sym[i]!);
          nextIds.push(ids[i]!);
        }
      }
      if (nextSym.length === sym.length) break;
      sym = nextSym;
      ids = nextIds;
    }
    const out: number[] = [];
    sym.forEach((s, i) => {
      if (ids[i]! >= 0) out.push(ids[i]!);
      else for (const ch of s) { const c = this.table.find(ch); if (c >= 0) out.push(c); }
    });
    return out;
  }

  /** Raw bytes of a token as llama.cpp's token_to_piece renders it. */
  tokenBytes(id: number, skipSpecial = false): Uint8Array {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new TokenIdError(id, this.vocabSize);
    const type = this.types[id];
    if (type === TokenType.CONTROL) return skipSpecial ? new Uint8Array(0) : encoder.encode(this.table.text(id));
    if (type !== TokenType.NORMAL && type !== TokenType.USER_DEFINED) return new Uint8Array(0);
    let p = this.pieces[id];
    if (!p) this.pieces[id] = p = fromByteLevel(this.table.text(id));
    return p;
  }

  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string {
    const d = new StreamDecoder(this, options.skipSpecial ?? false);
    let s = "";
    for (const id of ids) s += d.push(id);
    return s + d.flush();
  }
}
