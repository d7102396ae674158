/**
 * Random access to a model's bytes wherever they live: a file (Node), a Blob/File (browser), or
 * bytes already in memory. Formats read through this, so the same parsers run everywhere.
 */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `into` at `offset`; returns how many were read. */
  read(into: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/** Bytes in memory (an ArrayBuffer or a view of one). */
export function bytesSource(data: ArrayBuffer | Uint8Array): ByteSource {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  return {
    size: bytes.length,
    async read(into, offset, length, position) {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      into.set(bytes.subarray(position, position + n), offset);
      return n;
    },
    close: async () => {},
  };
}

/** A Blob or File (browser, or Node ≥ 20): read in slices, never whole. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async read(into, offset, length, position) {
      const n = Math.max(0, Math.min(length, blob.size - position));
      if (n === 0) return 0;
      into.set(new Uint8Array(await blob.slice(position, position + n).arrayBuffer()), offset);
      return n;
    },
    close: async () => {},
  };
}
