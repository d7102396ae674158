/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header, then data.
 * The header is validated as untrusted input (size limit, dtypes, shapes × dtype = byte span,
 * spans inside the file, ordered and non-overlapping); tensor bytes are read on demand.
 */
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { SafetensorsDtypeError, SafetensorsHeaderError, SafetensorsTruncatedError } from "./errors.ts";
import { GgmlType } from "../../tensor/dtypes.ts";

/** HF headers are tens of KB; 100 MB matches the Rust reference implementation's limit. */
export const MAX_HEADER_BYTES = 100_000_000;

export const DTYPES: Record<string, { type: number; bytes: number }> = {
  F32: { type: GgmlType.F32, bytes: 4 },
  F16: { type: GgmlType.F16, bytes: 2 },
  BF16: { type: GgmlType.BF16, bytes: 2 },
};

export interface SafetensorsTensor {
  name: string;
  dtype: string;
  /** GGML type id of the dtype. */
  type: number;
  /** Row-major shape as stored (outermost first). */
  shape: number[];
  /** Absolute file offsets. */
  begin: number;
  end: number;
  file: string;
}

export interface SafetensorsFile {
  path: string;
  size: number;
  tensors: SafetensorsTensor[];
  metadata: Record<string, string>;
}

export async function readSafetensorsHeader(path: string): Promise<SafetensorsFile> {
  const name = basename(path);
  const fh = await open(path, "r");
  try {
    const size = (await fh.stat()).size;
    if (size < 8) throw new SafetensorsHeaderError(name, "too short", "at least 8 bytes", `${size}`);
    const lenBuf = Buffer.alloc(8);
    await fh.read(lenBuf, 0, 8, 0);
    const len = lenBuf.readBigUInt64LE(0);
    if (len > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsHeaderError(name, "header too large", `at most ${MAX_HEADER_BYTES} bytes`, `${len}`);
    const n = Number(len);
    if (8 + n > size) throw new SafetensorsHeaderError(name, "header runs past the end of the file", `${n} header bytes`, `${size - 8} left`);
    const buf = Buffer.alloc(n);
    await fh.read(buf, 0, n, 8);
    let json: unknown;
    try {
      json = JSON.parse(buf.toString("utf8"));
    } catch {
      throw new SafetensorsHeaderError(name, "header is not JSON", "a JSON object", JSON.stringify(buf.subarray(0, 40).toString("latin1")));
    }
    return { path, size, ...parseHeader(name, json, 8 + n, size, path) };
  } finally {
    await fh.close();
  }
}

function parseHeader(name: string, json: unknown, dataStart: number, size: number, path: string) {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SafetensorsHeaderError(name, "header is not an object", "a JSON object", typeof json);
  }
  const tensors: SafetensorsTensor[] = [];
  let metadata: Record<string, string> = {};
  for (const [key, v] of Object.entries(json as Record<string, unknown>)) {
    if (key === "__metadata__") {
      metadata = (v ?? {}) as Record<string, string>;
      continue;
    }
    const e = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== "object" || e === null || typeof e.dtype !== "string" || !Array.isArray(e.shape) || !Array.isArray(e.data_offsets)) {
      throw new SafetensorsHeaderError(name, `entry "${key}" is malformed`, "{ dtype, shape, data_offsets }", JSON.stringify(v)?.slice(0, 100) ?? "undefined");
    }
    const dt = DTYPES[e.dtype];
    if (!dt) throw new SafetensorsDtypeError(name, key, e.dtype);
    const shape = e.shape as unknown[];
    if (shape.length > 8 || shape.some((d) => !Number.isSafeInteger(d) || (d as number) < 0)) {
      throw new SafetensorsHeaderError(name, `tensor "${key}" has a bad shape`, "up to 8 non-negative integers", JSON.stringify(shape));
    }
    const [b, en] = e.data_offsets as unknown[];
    if (e.data_offsets.length !== 2 || !Number.isSafeInteger(b) || !Number.isSafeInteger(en) || (b as number) < 0 || (en as number) < (b as number)) {
      throw new SafetensorsHeaderError(name, `tensor "${key}" has bad data_offsets`, "[begin, end] with 0 ≤ begin ≤ end", JSON.stringify(e.data_offsets));
    }
    const elements = (shape as number[]).reduce((a, c) => a * c, 1);
    if (elements * dt.bytes !== (en as number) - (b as number)) {
      throw new SafetensorsHeaderError(name, `tensor "${key}" size disagrees with its shape`, `${elements * dt.bytes} bytes`, `${(en as number) - (b as number)}`);
    }
    tensors.push({ name: key, dtype: e.dtype, type: dt.type, shape: shape as number[], begin: dataStart + (b as number), end: dataStart + (en as number), file: path });
  }
  const sorted = [...tensors].sort((x, y) => x.begin - y.begin);
  let end = dataStart;
  for (const t of sorted) {
    if (t.begin < end) throw new SafetensorsHeaderError(name, `tensor "${t.name}" overlaps another`, `data starting at or after ${end - dataStart}`, `${t.begin - dataStart}`);
    end = t.end;
  }
  if (end > size) {
    const cut = sorted.find((t) => t.end > size)!;
    throw new SafetensorsTruncatedError(name, cut.name, cut.begin, cut.end, end, size);
  }
  return { tensors, metadata };
}

/** Reads [begin, end) of a file into `into`. */
export async function readRange(path: string, begin: number, into: Uint8Array): Promise<void> {
  const fh = await open(path, "r");
  try {
    for (let done = 0; done < into.length; ) {
      const { bytesRead } = await fh.read(into, done, Math.min(64 << 20, into.length - done), begin + done);
      if (bytesRead <= 0) throw new SafetensorsHeaderError(basename(path), "file ends inside tensor data", `${into.length - done} more bytes`, "end of file");
      done += bytesRead;
    }
  } finally {
    await fh.close();
  }
}
