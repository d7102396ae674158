/**
 * Byte-level BPE merging of one pre-token in O(n log n): the symbols (runs of the pre-token's
 * UTF-8 bytes) form a linked list, and every adjacent pair that has a merge waits in a binary
 * heap keyed by (rank, left position). The lowest rank merges first, the leftmost among equal
 * ranks — the order llama.cpp (llm_tokenizer_bpe_session) and Hugging Face tokenizers
 * (Word::merge_all) use. A popped pair is applied only if both symbols are still the ones it
 * was made of (the left one alive, followed by the right one, their lengths summing to the
 * pair's), as llama.cpp checks; otherwise it is stale and skipped.
 *
 * Scratch arrays are kept between calls and grow to the longest piece seen (bounded by the
 * pre-token cap in encode-job.ts).
 */
import { BYTE_TO_CHAR } from "./byte-level.ts";
import type { MergeRanks } from "./merge-ranks.ts";

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** rank · 2^32 + left position: exact in a double for ranks below 2^21 and positions below 2^32. */
const POS = 2 ** 32;

export class BpeMerger {
  private readonly merges: MergeRanks;
  /** Id of the one-byte token for each byte value (−1 when the vocabulary lacks it). */
  private readonly byteIds: Int32Array;
  private bytes: Uint8Array = new Uint8Array(0);
  /** Per symbol, indexed by its first byte: length in bytes (0 = merged away), neighbours, token id. */
  private len = new Int32Array(0);
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private ids = new Int32Array(0);
  private heapKey = new Float64Array(0);
  private heapSize = new Int32Array(0);
  private heapLength = 0;

  /**
   * SentencePiece-style (Gemma): the initial symbols are whole UTF-8 characters with this id
   * (−1: no such token, its bytes then fall back to byteIds), not single bytes.
   */
  private readonly charId: ((codePoint: number) => number) | undefined;

  constructor(merges: MergeRanks, byteIds: Int32Array, charId?: (codePoint: number) => number) {
    this.merges = merges;
    this.byteIds = byteIds;
    this.charId = charId;
  }

  /** Appends the token ids of one pre-token's UTF-8 bytes to `out`. */
  merge(bytes: Uint8Array, out: number[]): void {
    const n = bytes.length;
    if (n === 0) return;
    this.reserve(n);
    this.bytes = bytes;
    const { len, prev, next, ids } = this;
    if (this.charId) this.charSymbols(bytes);
    else {
      for (let i = 0; i < n; i++) {
        len[i] = 1;
        prev[i] = i - 1;
        next[i] = i + 1 < n ? i + 1 : -1;
        ids[i] = this.byteIds[bytes[i]!]!;
      }
    }
    this.heapLength = 0;
    for (let i = 0; i >= 0 && next[i]! >= 0; i = next[i]!) this.pushPair(i);
    while (this.heapLength > 0) {
      const key = this.heapKey[0]!;
      const size = this.heapSize[0]!;
      this.pop();
      const rank = Math.floor(key / POS);
      const left = key - rank * POS;
      const right = next[left]!;
      if (len[left] === 0 || right < 0 || len[left]! + len[right]! !== size) continue; // stale
      const l = ids[left]!, r = ids[right]!;
      ids[left] = l >= 0 && r >= 0 ? this.merges.merged(l, r, "", "") : this.merges.merged(l, r, this.text(left), this.text(right));
      len[left] = size;
      len[right] = 0;
      const after = next[right]!;
      next[left] = after;
      if (after >= 0) prev[after] = left;
      if (prev[left]! >= 0) this.pushPair(prev[left]!);
      this.pushPair(left);
    }
    for (let i = 0; i >= 0; i = next[i]!) {
      if (ids[i]! >= 0) out.push(ids[i]!);
      else {
        // No token for the merged text: its bytes one by one, as llama.cpp does.
        for (let j = i; j < i + len[i]!; j++) {
          const id = this.byteIds[bytes[j]!]!;
          if (id >= 0) out.push(id);
        }
      }
    }
  }

  /** One symbol per UTF-8 character (SentencePiece), linked at the characters' first bytes. */
  private charSymbols(bytes: Uint8Array): void {
    const { len, prev, next, ids } = this;
    const n = bytes.length;
    let last = -1;
    for (let i = 0; i < n; ) {
      const b = bytes[i]!;
      const size = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
      let cp = size === 1 ? b : b & (0xff >> (size + 1));
      for (let j = 1; j < size; j++) cp = (cp << 6) | (bytes[i + j]! & 0x3f);
      len[i] = size;
      prev[i] = last;
      if (last >= 0) next[last] = i;
      ids[i] = this.charId!(cp);
      last = i;
      i += size;
    }
    next[last] = -1;
  }

  /** Queues the pair (left, its next symbol) if the two have a merge. */
  private pushPair(left: number): void {
    const right = this.next[left]!;
    if (right < 0) return;
    const l = this.ids[left]!, r = this.ids[right]!;
    // Texts are built only for symbols that are no token (merges kept by text).
    const rank = l >= 0 && r >= 0 ? this.merges.rank(l, r, "", "") : this.merges.rank(l, r, this.text(left), this.text(right));
    if (rank < 0) return;
    // Sift up.
    let i = this.heapLength++;
    const key = rank * POS + left;
    const size = this.len[left]! + this.len[right]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.heapKey[parent]! <= key) break;
      this.heapKey[i] = this.heapKey[parent]!;
      this.heapSize[i] = this.heapSize[parent]!;
      i = parent;
    }
    this.heapKey[i] = key;
    this.heapSize[i] = size;
  }

  /** Removes the heap's minimum. */
  private pop(): void {
    const n = --this.heapLength;
    if (n === 0) return;
    const key = this.heapKey[n]!;
    const size = this.heapSize[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.heapKey[child + 1]! < this.heapKey[child]!) child++;
      if (this.heapKey[child]! >= key) break;
      this.heapKey[i] = this.heapKey[child]!;
      this.heapSize[i] = this.heapSize[child]!;
      i = child;
    }
    this.heapKey[i] = key;
    this.heapSize[i] = size;
  }

  /**
   * The text of the symbol starting at `i` (only needed for merges kept by text): byte-level,
   * or for SentencePiece its characters (one that is no token is looked up by text).
   */
  private text(i: number): string {
    if (this.charId) return utf8.decode(this.bytes.subarray(i, i + this.len[i]!));
    let s = "";
    for (let j = i; j < i + this.len[i]!; j++) s += BYTE_TO_CHAR[this.bytes[j]!];
    return s;
  }

  private reserve(n: number): void {
    if (this.len.length >= n) return;
    let cap = Math.max(64, this.len.length);
    while (cap < n) cap *= 2;
    this.len = new Int32Array(cap);
    this.prev = new Int32Array(cap);
    this.next = new Int32Array(cap);
    this.ids = new Int32Array(cap);
    // Each merge queues at most two pairs: n − 1 initial pairs + 2 per merge < 3n.
    this.heapKey = new Float64Array(3 * cap);
    this.heapSize = new Int32Array(3 * cap);
  }
}
