/**
 * One text being encoded, in steps: `step(units)` does about that many UTF-16 code units of
 * work and returns, so a caller can encode a large text in slices that let the event loop run
 * (Tokenizer.encodeAsync) and stop as soon as a token budget is exceeded. Encoding a text in one
 * step or in many gives the same ids.
 *
 * The stages: split out added tokens (control tokens only where allowed, user-defined ones like
 * `<think>` always, as llama.cpp's parse_special), NFC-normalize the rest when the tokenizer.json
 * says so, pre-tokenize with the Qwen2 regex, then BPE-merge each pre-token (bpe.ts).
 *
 * Cost is linear in the text: no stage rescans what it has done, and one pre-token — a run of
 * letters, symbols or spaces can be the whole text — is merged in pieces of at most
 * MAX_PIECE_UNITS code units (never cutting a surrogate pair). llama.cpp and HF merge a longer
 * run whole, so only inside a run longer than that can the tokens next to a cut differ from
 * theirs; shorter runs, i.e. all natural text, are exact (test/tokenizer/adversarial.test.ts).
 * SentencePiece segments (a whole text between added tokens) are cut before a ▁ no token can
 * reach across (see joinsSpace), which is exact; only a 16K-unit stretch without one is cut
 * where the length says.
 */
import { BpeMerger } from "./bpe.ts";
import { qwen2Pretokenizer } from "./pretokenize.ts";

/** Longest piece of one pre-token merged as a whole (UTF-16 code units); see the file comment. */
export const MAX_PIECE_UNITS = 16_384;
/** Pre-tokens up to this length are cached (most words repeat); longer ones are not kept. */
const CACHE_MAX_WORD = 64;
const CACHE_LIMIT = 100_000;

export interface AddedToken {
  text: string;
  id: number;
  control: boolean;
}

/** What a job reads from its tokenizer (shared by every job of that tokenizer). */
export interface EncoderParts {
  /** First UTF-16 code unit → added tokens starting with it, longest first. */
  added: Map<number, AddedToken[]>;
  /** 1 where an added token starts with that code unit (a fast first test while scanning). */
  addedFirst: Uint8Array;
  nfc: boolean;
  merger: BpeMerger;
  cache: Map<string, number[]>;
  /** The id of a pre-token that is itself a normal token (looked up before merging), or −1. */
  wholeWord(word: string): number;
  /** SentencePiece-style: spaces become ▁ and a segment is one pre-token (no regex split). */
  spm?: boolean;
  /**
   * SentencePiece: the characters some token holds right before a ▁ (Gemma 3: only ">"). A long
   * segment is cut before a ▁ that follows any other character, where no token can span the
   * cut, so merging the pieces apart gives the ids of merging the segment whole.
   */
  joinsSpace?: ReadonlySet<number>;
}

/** The SentencePiece "pre-tokenizer": the whole segment is one piece. */
function wholeSegment(): { next(text: string): string | undefined; reset(): void } {
  let given = false;
  return {
    next(text) {
      if (given || text.length === 0) return undefined;
      given = true;
      return text;
    },
    reset() {
      given = false;
    },
  };
}

export interface EncodeJobOptions {
  /** Parse control tokens written in the text (llama.cpp's parse_special). */
  special: boolean;
  /** When set, control tokens are parsed only where they start at one of these offsets. */
  controlAt?: ReadonlySet<number>;
}

const encoder = new TextEncoder();

export class EncodeJob {
  readonly ids: number[] = [];
  private readonly parts: EncoderParts;
  private readonly text: string;
  private readonly options: EncodeJobOptions;
  /** Where the search for the next added token resumes. */
  private scan = 0;
  /** The plain text being pre-tokenized, its splitter (which keeps its position) and the added token after it. */
  private segment: string | undefined;
  private readonly splitter: { next(text: string): string | undefined; reset(): void };
  private addedAfter = -1;
  /** A pre-token longer than a piece, and where its next piece starts. */
  private long: string | undefined;
  private longAt = 0;

  constructor(parts: EncoderParts, text: string, options: EncodeJobOptions) {
    this.parts = parts;
    this.text = text;
    this.options = options;
    this.splitter = parts.spm ? wholeSegment() : qwen2Pretokenizer();
  }

  get done(): boolean {
    return this.segment === undefined && this.long === undefined && this.scan >= this.text.length;
  }

  /** Does at least `units` code units of work (or finishes); returns true when done. */
  step(units: number): boolean {
    let budget = units;
    while (budget > 0 && !this.done) {
      if (this.long !== undefined) {
        budget -= this.nextPiece();
        continue;
      }
      if (this.segment === undefined) {
        budget -= this.nextSegment();
        continue;
      }
      const word = this.splitter.next(this.segment);
      if (word === undefined) {
        this.segment = undefined;
        if (this.addedAfter >= 0) this.ids.push(this.addedAfter);
        this.addedAfter = -1;
        continue;
      }
      this.word(word);
      if (this.long === undefined) budget -= word.length;
    }
    return this.done;
  }

  /** Finds the next added token; the plain text before it becomes the segment. Returns units scanned. */
  private nextSegment(): number {
    const { text, options } = this;
    const from = this.scan;
    const first = this.parts.addedFirst;
    for (let i = from; i < text.length; i++) {
      if (first[text.charCodeAt(i)] === 0) continue;
      const candidates = this.parts.added.get(text.charCodeAt(i));
      if (!candidates) continue;
      const hit = candidates.find((c) => (!c.control || options.special || options.controlAt?.has(i) === true) && text.startsWith(c.text, i));
      if (!hit) continue;
      this.begin(text.slice(from, i), hit.id);
      this.scan = i + hit.text.length;
      return this.scan - from;
    }
    this.begin(text.slice(from), -1);
    this.scan = text.length;
    return text.length - from;
  }

  private begin(plain: string, addedAfter: number): void {
    this.segment = this.parts.nfc ? plain.normalize("NFC") : this.parts.spm ? plain.replaceAll(" ", "\u2581") : plain;
    this.splitter.reset();
    this.addedAfter = addedAfter;
  }

  private word(word: string): void {
    const { cache } = this.parts;
    if (word.length <= CACHE_MAX_WORD) {
      let ids = cache.get(word);
      if (!ids) {
        ids = [];
        this.piece(word, ids);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(word, ids);
      }
      for (const id of ids) this.ids.push(id);
      return;
    }
    if (word.length <= MAX_PIECE_UNITS) {
      this.piece(word, this.ids);
      return;
    }
    this.long = word;
    this.longAt = 0;
  }

  /** Merges the next piece of a long pre-token; returns its length. */
  private nextPiece(): number {
    const word = this.long!;
    const at = this.longAt;
    let end = Math.min(word.length, at + MAX_PIECE_UNITS);
    // Never cut between the two halves of a surrogate pair.
    const c = word.charCodeAt(end - 1);
    if (end < word.length && c >= 0xd800 && c <= 0xdbff) end--;
    const joins = this.parts.joinsSpace;
    if (joins && end < word.length) {
      // The last cut no token spans; none in the piece (a 16K run without such a ▁) cuts where the length says.
      for (let j = end; j > at + 1; j--) {
        if (word.charCodeAt(j) !== 0x2581) continue;
        const before = word.codePointAt(word.charCodeAt(j - 1) >= 0xdc00 && word.charCodeAt(j - 1) <= 0xdfff && j - 2 >= at ? j - 2 : j - 1)!;
        if (!joins.has(before)) {
          end = j;
          break;
        }
      }
    }
    this.piece(word.slice(at, end), this.ids);
    this.longAt = end;
    if (end >= word.length) this.long = undefined;
    return end - at;
  }

  private piece(piece: string, out: number[]): void {
    const whole = this.parts.wholeWord(piece);
    if (whole >= 0) out.push(whole);
    else this.parts.merger.merge(encoder.encode(piece), out);
  }
}
