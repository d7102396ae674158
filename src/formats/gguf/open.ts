/**
 * Opens a GGUF file from any ByteSource: reads just enough of its start to parse the header
 * (growing the prefix as needed, never the whole file), then serves tensor bytes on demand into
 * caller buffers. No Node APIs: the same code runs in browsers.
 */
import type { ByteSource } from "../bytes.ts";
import { GgufMetadataError, GgufTruncatedError } from "./errors.ts";
import { GGUF_LIMITS, NeedMoreBytes, parseHeader, type GgufHeader } from "./header.ts";
import type { GgufTensorInfo, GgufValue } from "./types.ts";

const FIRST_READ = 8 * 1024 * 1024;
/** Tensor bytes are read in chunks of this size (bounded I/O buffers, progress granularity). */
const READ_CHUNK = 64 * 1024 * 1024;

export interface GgufFile extends GgufHeader {
  path: string;
  fileSize: number;
  /** Reads a tensor's stored bytes into `into` (exactly info.byteLength bytes). */
  readTensor(info: GgufTensorInfo, into: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** `name` is what errors and `info` show for the file (a path, or a file name in a browser). */
export async function openGgufFrom(src: ByteSource, name: string): Promise<GgufFile> {
  try {
    const fileSize = src.size;
    let want = Math.min(fileSize, FIRST_READ);
    let header: GgufHeader;
    for (;;) {
      const prefix = await readExactly(src, 0, want);
      try {
        header = parseHeader(prefix, fileSize);
        break;
      } catch (err) {
        if (!(err instanceof NeedMoreBytes)) throw err;
        want = Math.min(fileSize, GGUF_LIMITS.headerBytes, Math.max(err.needed, want * 2));
      }
    }
    return {
      ...header,
      path: name,
      fileSize,
      async readTensor(info, into) {
        if (into.length !== info.byteLength) throw new RangeError(`buffer of ${into.length} bytes for ${info.byteLength}`);
        const start = header.dataOffset + info.offset;
        for (let done = 0; done < info.byteLength; ) {
          const n = Math.min(READ_CHUNK, info.byteLength - done);
          const bytesRead = await src.read(into, done, n, start + done);
          if (bytesRead <= 0) throw new GgufTruncatedError(`tensor "${info.name}"`, info.byteLength - done, 0);
          done += bytesRead;
        }
      },
      close: () => src.close(),
    };
  } catch (err) {
    await src.close();
    throw err;
  }
}

async function readExactly(src: ByteSource, position: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = await src.read(buf, done, length - done, position + done);
    if (n <= 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

/** Typed metadata getters: a missing or mistyped key is a GgufMetadataError naming it. */
export function mdString(md: ReadonlyMap<string, GgufValue>, key: string): string | undefined {
  const v = md.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new GgufMetadataError(key, "a string", describe(v));
  return v;
}

export function mdNumber(md: ReadonlyMap<string, GgufValue>, key: string): number | undefined {
  const v = md.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== "number") throw new GgufMetadataError(key, "a number", describe(v));
  return v;
}

export function mdStringArray(md: ReadonlyMap<string, GgufValue>, key: string): string[] | undefined {
  const v = md.get(key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new GgufMetadataError(key, "an array of strings", describe(v));
  return v as string[];
}

export function mdNumberArray(md: ReadonlyMap<string, GgufValue>, key: string): number[] | undefined {
  const v = md.get(key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number")) throw new GgufMetadataError(key, "an array of numbers", describe(v));
  return v as number[];
}

function describe(v: GgufValue): string {
  return Array.isArray(v) ? `an array of ${v.length}` : `${typeof v} ${String(v).slice(0, 40)}`;
}
