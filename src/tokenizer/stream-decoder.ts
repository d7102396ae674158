/**
 * Token ids in, text out, one token at a time: bytes that end in the middle of a UTF-8 sequence
 * are held back until the sequence completes, so an emoji split over two tokens arrives whole.
 * `flush` ends the stream; an incomplete tail becomes U+FFFD, as TextDecoder does.
 */
export interface ByteSource {
  tokenBytes(id: number, skipSpecial?: boolean): Uint8Array;
}

export class StreamDecoder {
  private readonly source: ByteSource;
  private readonly skipSpecial: boolean;
  private readonly decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  private pending = new Uint8Array(0);

  constructor(source: ByteSource, skipSpecial = false) {
    this.source = source;
    this.skipSpecial = skipSpecial;
  }

  push(id: number): string {
    const bytes = this.source.tokenBytes(id, this.skipSpecial);
    if (bytes.length === 0) return "";
    const all = new Uint8Array(this.pending.length + bytes.length);
    all.set(this.pending);
    all.set(bytes, this.pending.length);
    const cut = completePrefix(all);
    this.pending = all.slice(cut);
    return cut > 0 ? this.decoder.decode(all.subarray(0, cut)) : "";
  }

  flush(): string {
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    return rest.length ? this.decoder.decode(rest) : "";
  }
}

/** Length of the longest prefix that does not end inside a (possibly valid) UTF-8 sequence. */
function completePrefix(b: Uint8Array): number {
  const n = b.length;
  // Look back at most 3 bytes for the lead byte of an unfinished sequence.
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for its lead
    const need = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
