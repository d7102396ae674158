/**
 * GPT-2's byte-level alphabet: every byte maps to a printable Unicode character so that BPE
 * works on text; printable Latin-1 bytes map to themselves, the rest to U+0100 onwards.
 */
export const BYTE_TO_CHAR: string[] = [];
export const CHAR_TO_BYTE = new Map<string, number>();

(() => {
  const keep = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    const ch = String.fromCharCode(keep(b) ? b : 256 + next++);
    BYTE_TO_CHAR[b] = ch;
    CHAR_TO_BYTE.set(ch, b);
  }
})();

const encoder = new TextEncoder();

/** Text → its UTF-8 bytes spelled in the byte-level alphabet. */
export function toByteLevel(text: string): string {
  const bytes = encoder.encode(text);
  let s = "";
  for (const b of bytes) s += BYTE_TO_CHAR[b];
  return s;
}

/** A byte-level token string → raw bytes (characters outside the alphabet are UTF-8 encoded). */
export function fromByteLevel(token: string): Uint8Array {
  const out: number[] = [];
  for (const ch of token) {
    const b = CHAR_TO_BYTE.get(ch);
    if (b !== undefined) out.push(b);
    else for (const x of encoder.encode(ch)) out.push(x);
  }
  return Uint8Array.from(out);
}
