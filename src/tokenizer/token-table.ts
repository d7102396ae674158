/**
 * Token strings by id in one UTF-16 buffer, and an open-addressing index from text to id.
 *
 * Why not string[] + Map<string, number>: a 151,936-token vocabulary held that way is ~10 MB of
 * string and map objects on the JS heap (and more in garbage while building); here it is one
 * Uint16Array of code units (~2 MB), offsets, and an Int32Array of slots.
 */
const EMPTY = 0;

/** FNV-1a over UTF-16 code units. */
function hashUnits(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class TokenTable {
  readonly size: number;
  private readonly units: Uint16Array;
  /** Token i is units[starts[i] .. starts[i + 1]). */
  private readonly starts: Uint32Array;
  /** id + 1 per slot (0 = empty); a power of two, at most 2/3 full. */
  private readonly slots: Int32Array;

  /** `tokens(i)` gives token i's text, for i in [0, size). */
  constructor(size: number, tokens: (id: number) => string) {
    this.size = size;
    this.starts = new Uint32Array(size + 1);
    let total = 0;
    for (let i = 0; i < size; i++) {
      total += tokens(i).length;
      this.starts[i + 1] = total;
    }
    this.units = new Uint16Array(total);
    for (let i = 0; i < size; i++) {
      const t = tokens(i);
      const at = this.starts[i]!;
      for (let j = 0; j < t.length; j++) this.units[at + j] = t.charCodeAt(j);
    }
    let cap = 16;
    while (cap < size * 1.5) cap *= 2; // ≤ 2/3 full: short probes
    this.slots = new Int32Array(cap);
  }

  text(id: number): string {
    const a = this.starts[id]!, b = this.starts[id + 1]!;
    // The code units as stored: a UTF-16 decoder would drop a leading U+FEFF (Gemma has such
    // tokens) and replace lone surrogates.
    let s = "";
    for (let i = a; i < b; i += 4096) s += String.fromCharCode.apply(null, this.units.subarray(i, Math.min(b, i + 4096)) as unknown as number[]);
    return s;
  }

  /** Whether token `id`'s text is exactly `s` (no string is built). */
  equals(id: number, s: string): boolean {
    const a = this.starts[id]!;
    if (this.starts[id + 1]! - a !== s.length) return false;
    for (let j = 0; j < s.length; j++) if (this.units[a + j] !== s.charCodeAt(j)) return false;
    return true;
  }

  /**
   * Indexes token `id` under its text. When another id already holds that text, `replace` says
   * whether this one takes its place. Returns that other id, or −1.
   */
  index(id: number, replace: boolean): number {
    const mask = this.slots.length - 1;
    let slot = this.hashOf(id) & mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === EMPTY) {
        this.slots[slot] = id + 1;
        return -1;
      }
      if (this.sameText(held - 1, id)) {
        if (replace) this.slots[slot] = id + 1;
        return held - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The indexed id whose text is `s`, or -1. */
  find(s: string): number {
    const mask = this.slots.length - 1;
    let slot = hashUnits(s) & mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === EMPTY) return -1;
      if (this.equals(held - 1, s)) return held - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** Every id (indexed or not) whose text is `s`, in id order. */
  allWithText(s: string): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.equals(i, s)) out.push(i);
    return out;
  }

  private hashOf(id: number): number {
    let h = 0x811c9dc5;
    for (let j = this.starts[id]!, end = this.starts[id + 1]!; j < end; j++) h = Math.imul(h ^ this.units[j]!, 0x01000193);
    return h >>> 0;
  }

  private sameText(a: number, b: number): boolean {
    const sa = this.starts[a]!, sb = this.starts[b]!, n = this.starts[a + 1]! - sa;
    if (this.starts[b + 1]! - sb !== n) return false;
    for (let j = 0; j < n; j++) if (this.units[sa + j] !== this.units[sb + j]) return false;
    return true;
  }
}
