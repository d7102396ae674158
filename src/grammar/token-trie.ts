/**
 * The vocabulary as a byte trie, built once per tokenizer and cached: masking walks it with the
 * matcher's state, so tokens that share a prefix share the work. Nodes are numbered in preorder
 * (node i's subtree is [i, end[i])), from the token byte strings sorted.
 *
 * Also per token: how many characters it adds inside a JSON string when it is "plain" (every
 * byte a string byte that needs no escape, valid UTF-8 from a character boundary), or -1. Inside
 * a string, where nearly every token is allowed, those are accepted by a count check and only
 * the subtrees holding other tokens are walked.
 */
import type { Tokenizer } from "../tokenizer/index.ts";

export class TokenTrie {
  readonly vocabSize: number;
  /** Per node: the byte on the edge into it (root: -1), and the end of its subtree. */
  readonly byte: Int16Array;
  readonly end: Int32Array;
  /** Tokens whose bytes end at node i: ids[tokStart[i] .. tokStart[i + 1]). */
  readonly tokStart: Int32Array;
  readonly ids: Int32Array;
  /** Per node: its subtree holds a token that is not plain. */
  readonly nonPlainBelow: Uint8Array;
  /** Per token: characters added inside a string if plain, else -1. */
  readonly plainChars: Int32Array;
  /** Token byte strings as binary strings ("" for control tokens, which never match). */
  readonly texts: string[];

  constructor(tokenizer: Tokenizer) {
    const V = tokenizer.vocabSize;
    this.vocabSize = V;
    const texts: string[] = new Array(V);
    const plain = new Int32Array(V).fill(-1);
    for (let id = 0; id < V; id++) {
      const bytes = tokenizer.isControl(id) ? new Uint8Array(0) : tokenizer.tokenBytes(id, true);
      let s = "";
      for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
      texts[id] = s;
      plain[id] = plainCount(bytes);
    }
    this.texts = texts;
    this.plainChars = plain;
    const order = Array.from({ length: V }, (_, i) => i).filter((i) => texts[i]!.length > 0);
    order.sort((a, b) => (texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : a - b));

    // Preorder nodes from the sorted strings: a path stack, popped to the common prefix each time.
    const byte: number[] = [-1];
    const end: number[] = [0];
    const tokCount: number[] = [0];
    const parent: number[] = [-1];
    const path: number[] = [0];
    let prev = "";
    const ids: number[] = [];
    const nodeOfToken: number[] = [];
    for (const id of order) {
      const s = texts[id]!;
      let lcp = 0;
      while (lcp < s.length && lcp < prev.length && s.charCodeAt(lcp) === prev.charCodeAt(lcp)) lcp++;
      while (path.length > lcp + 1) end[path.pop()!] = byte.length;
      for (let i = lcp; i < s.length; i++) {
        const n = byte.length;
        byte.push(s.charCodeAt(i));
        parent.push(path[path.length - 1]!);
        end.push(0);
        tokCount.push(0);
        path.push(n);
      }
      const at = path[path.length - 1]!;
      tokCount[at]!++;
      ids.push(id);
      nodeOfToken.push(at);
      prev = s;
    }
    while (path.length) end[path.pop()!] = byte.length;
    const N = byte.length;
    this.byte = Int16Array.from(byte);
    this.end = Int32Array.from(end);
    const tokStart = new Int32Array(N + 1);
    for (let i = 0; i < N; i++) tokStart[i + 1] = tokStart[i]! + tokCount[i]!;
    // ids were pushed in node order already (sorted strings visit nodes in preorder).
    this.tokStart = tokStart;
    this.ids = Int32Array.from(ids);
    const nonPlain = new Uint8Array(N);
    for (let k = 0; k < ids.length; k++) if (plain[ids[k]!]! < 0) nonPlain[nodeOfToken[k]!] = 1;
    // Children come after their parent in preorder: propagate upwards from the end.
    for (let i = N - 1; i > 0; i--) if (nonPlain[i]) nonPlain[parent[i]!] = 1;
    this.nonPlainBelow = nonPlain;
  }
}

/** Characters a token adds inside a JSON string if all its bytes are plain string bytes, else -1. */
function plainCount(b: Uint8Array): number {
  if (b.length === 0) return -1;
  let chars = 0;
  let cont = 0;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < b.length; i++) {
    const x = b[i]!;
    if (cont > 0) {
      if (x < lo || x > hi) return -1;
      cont--;
      lo = 0x80;
      hi = 0xbf;
      continue;
    }
    chars++;
    if (x < 0x20 || x === 0x22 || x === 0x5c) return -1;
    if (x < 0x80) continue;
    if (x >= 0xc2 && x <= 0xdf) { cont = 1; lo = 0x80; hi = 0xbf; }
    else if (x === 0xe0) { cont = 2; lo = 0xa0; hi = 0xbf; }
    else if (x === 0xed) { cont = 2; lo = 0x80; hi = 0x9f; }
    else if (x >= 0xe1 && x <= 0xef) { cont = 2; lo = 0x80; hi = 0xbf; }
    else if (x === 0xf0) { cont = 3; lo = 0x90; hi = 0xbf; }
    else if (x >= 0xf1 && x <= 0xf3) { cont = 3; lo = 0x80; hi = 0xbf; }
    else if (x === 0xf4) { cont = 3; lo = 0x80; hi = 0x8f; }
    else return -1;
  }
  return chars;
}

const cache = new WeakMap<Tokenizer, TokenTrie>();

/** The trie of a tokenizer, built on first use (a few hundred ms for a 152K vocabulary). */
export function tokenTrie(tokenizer: Tokenizer): TokenTrie {
  let t = cache.get(tokenizer);
  if (!t) {
    t = new TokenTrie(tokenizer);
    cache.set(tokenizer, t);
  }
  return t;
}
