/**
 * BPE merge ranks keyed by the ids of the two parts, in typed arrays (open addressing): a
 * Map<string, number> of 151,387 "left right" keys was ~10 MB of JS heap; this is ~3 MB.
 * Each slot also keeps the id of the merged token (−1 when left+right is no indexed token), so
 * a merge costs no string work. A merge whose part is not an indexed token (none in Qwen's
 * vocabulary, but files vary) keeps a string key in a small side map, so every merge applies.
 */
import type { TokenTable } from "./token-table.ts";

export class MergeRanks {
  /** left, right per slot (left −1 = empty). */
  private readonly keys: Int32Array;
  private readonly ranks: Int32Array;
  private readonly results: Int32Array;
  private readonly byText = new Map<string, { rank: number; result: number }>();

  constructor(count: number) {
    let cap = 16;
    while (cap < count * 1.5) cap *= 2; // ≤ 2/3 full: short probes
    this.keys = new Int32Array(cap * 2).fill(-1);
    this.ranks = new Int32Array(cap);
    this.results = new Int32Array(cap);
  }

  /** Adds a merge; a later duplicate of the same pair overrides the earlier rank (as a Map would). */
  add(table: TokenTable, left: string, right: string, rank: number): void {
    const l = table.find(left), r = table.find(right);
    const result = table.find(left + right);
    if (l < 0 || r < 0) {
      this.byText.set(left + "\u0000" + right, { rank, result });
      return;
    }
    const mask = this.ranks.length - 1;
    for (let slot = hashPair(l, r) & mask; ; slot = (slot + 1) & mask) {
      const k = this.keys[2 * slot]!;
      if (k === -1 || (k === l && this.keys[2 * slot + 1] === r)) {
        this.keys[2 * slot] = l;
        this.keys[2 * slot + 1] = r;
        this.ranks[slot] = rank;
        this.results[slot] = result;
        return;
      }
    }
  }

  /**
   * Rank of merging symbols (leftId, rightId) — their ids in the table, or −1 when a symbol is
   * not an indexed token, then found by text — or -1 when there is no such merge. The texts are
   * only read in that case.
   */
  rank(leftId: number, rightId: number, left: string, right: string): number {
    if (leftId < 0 || rightId < 0) return this.textEntry(left, right)?.rank ?? -1;
    const slot = this.slotOf(leftId, rightId);
    return slot < 0 ? -1 : this.ranks[slot]!;
  }

  /** The id of the token a merge produces (−1 when its text is no indexed token). */
  merged(leftId: number, rightId: number, left: string, right: string): number {
    if (leftId < 0 || rightId < 0) return this.textEntry(left, right)?.result ?? -1;
    const slot = this.slotOf(leftId, rightId);
    return slot < 0 ? -1 : this.results[slot]!;
  }

  private slotOf(leftId: number, rightId: number): number {
    const mask = this.ranks.length - 1;
    for (let slot = hashPair(leftId, rightId) & mask; ; slot = (slot + 1) & mask) {
      const k = this.keys[2 * slot]!;
      if (k === -1) return -1;
      if (k === leftId && this.keys[2 * slot + 1] === rightId) return slot;
    }
  }

  private textEntry(left: string, right: string) {
    return this.byText.size === 0 ? undefined : this.byText.get(left + "\u0000" + right);
  }
}

function hashPair(l: number, r: number): number {
  return (Math.imul(l, 0x9e3779b1) ^ Math.imul(r + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
}
