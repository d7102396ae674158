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

export { StreamDecoder, TokenType };
export type { Vocab };

const encoder = new TextEncoder();
const CACHE_LIMIT = 100_000;

export class Tokenizer {
  readonly vocabSize: number;
  readonly eosId: number | undefined;
  readonly bosId: number | undefined;
  readonly eogIds: ReadonlySet<number>;
  private readonly v: Vocab;
  private readonly ids = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();
  /** First character → added tokens starting with it, longest first. */
  private readonly added = new Map<string, Array<{ text: string; id: number; control: boolean }>>();
  private readonly pieces: Array<Uint8Array | undefined>;

  constructor(v: Vocab) {
    this.v = v;
    this.vocabSize = v.tokens.length;
    this.eosId = v.eosId;
    this.bosId = v.bosId;
    const eog = endOfGenerationIds(v);
    // llama.cpp turns end-of-generation tokens into control tokens whatever the file says.
    if (v.llamaRules) for (const id of eog) v.types[id] = TokenType.CONTROL;
    this.eogIds = eog;
    v.tokens.forEach((t, i) => {
      const type = v.types[i]!;
      if (type === TokenType.NORMAL || type === TokenType.USER_DEFINED || type === TokenType.CONTROL) {
        if (!this.ids.has(t) || type !== TokenType.NORMAL) this.ids.set(t, i);
      }
      if ((type === TokenType.CONTROL || type === TokenType.USER_DEFINED) && t.length > 0) {
        const list = this.added.get(t[0]!) ?? [];
        list.push({ text: t, id: i, control: type === TokenType.CONTROL });
        this.added.set(t[0]!, list);
      }
    });
    for (const list of this.added.values()) list.sort((a, b) => b.text.length - a.text.length);
    this.pieces = new Array(v.tokens.length);
  }

  static fromGgufMetadata(get: (key: string) => unknown): Tokenizer {
    return new Tokenizer(vocabFromGguf(get));
  }

  static fromTokenizerJson(json: unknown, config?: Record<string, unknown>): Tokenizer {
    return new Tokenizer(vocabFromTokenizerJson(json, config));
  }

  /** The id of an exact token string (added tokens included), if any. */
  tokenId(text: string): number | undefined {
    return this.ids.get(text);
  }

  isControl(id: number): boolean {
    return this.v.types[id] === TokenType.CONTROL;
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
    const normalized = this.v.nfc ? text.normalize("NFC") : text;
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
    const whole = this.ids.get(word);
    if (whole !== undefined && this.v.types[whole] === TokenType.NORMAL) return [whole];
    const sym = Array.from(word);
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < sym.length; i++) {
        const r = this.v.merges.get(sym[i] + "\u0000" + sym[i + 1]);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const left = sym[best]!;
      const right = sym[best + 1]!;
      const merged: string[] = [];
      for (let i = 0; i < sym.length; i++) {
        if (i + 1 < sym.length && sym[i] === left && sym[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else merged.push(sym[i]!);
      }
      if (merged.length === sym.length) break;
      sym.length = 0;
      sym.push(...merged);
    }
    const ids: number[] = [];
    for (const s of sym) {
      const id = this.ids.get(s);
      if (id !== undefined) ids.push(id);
      else for (const ch of s) { const c = this.ids.get(ch); if (c !== undefined) ids.push(c); }
    }
    return ids;
  }

  /** Raw bytes of a token as llama.cpp's token_to_piece renders it. */
  tokenBytes(id: number, skipSpecial = false): Uint8Array {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new TokenIdError(id, this.vocabSize);
    const type = this.v.types[id];
    if (type === TokenType.CONTROL) return skipSpecial ? new Uint8Array(0) : encoder.encode(this.v.tokens[id]!);
    if (type !== TokenType.NORMAL && type !== TokenType.USER_DEFINED) return new Uint8Array(0);
    let p = this.pieces[id];
    if (!p) this.pieces[id] = p = fromByteLevel(this.v.tokens[id]!);
    return p;
  }

  decode(ids: readonly number[], options: { skipSpecial?: boolean } = {}): string {
    const d = new StreamDecoder(this, options.skipSpecial ?? false);
    let s = "";
    for (const id of ids) s += d.push(id);
    return s + d.flush();
  }
}
