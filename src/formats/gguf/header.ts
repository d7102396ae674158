/**
 * Parses a GGUF header (magic, version, metadata, tensor infos) from a byte prefix of the file.
 * Pure and synchronous: when the prefix is too short it throws NeedMoreBytes and the caller reads
 * a longer prefix. Every count and length is checked against named limits and the bytes left.
 */
import { byteSize, TYPE_TRAITS } from "../../tensor/dtypes.ts";
import {
  GgufBadMagicError,
  GgufInvalidValueError,
  GgufLimitError,
  GgufTensorError,
  GgufTensorDataTruncatedError,
  GgufTruncatedError,
  GgufUnsupportedVersionError,
} from "./errors.ts";
import { DEFAULT_ALIGNMENT, GgufValueType, SCALAR_WIDTH, type GgufTensorInfo, type GgufValue } from "./types.ts";

/** Named limits, each with its reason. */
export const GGUF_LIMITS = {
  /** Chat templates are tens of KB; tokens a few bytes. 16 MiB leaves room for anything real. */
  stringBytes: 16 * 1024 * 1024,
  /** Vocabularies reach ~260k entries; 16M items keeps arrays bounded. */
  arrayItems: 16 * 1024 * 1024,
  /** Nested arrays are not written by llama.cpp; allow a little depth, not unbounded recursion. */
  arrayDepth: 4,
  metadataKeys: 65_536,
  tensors: 65_536,
  /** GGML_MAX_DIMS. */
  dims: 4,
  /** The header of a real model is a few MB; 512 MiB bounds what we read before the weights. */
  headerBytes: 512 * 1024 * 1024,
} as const;

export class NeedMoreBytes extends Error {
  readonly needed: number;
  constructor(needed: number) {
    super(`need ${needed} header bytes`);
    this.needed = needed;
  }
}

export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufValue>;
  /** Item type of each array value, for readers that care (e.g. token_type is i32). */
  arrayTypes: Map<string, number>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute file offset of the data section. */
  dataOffset: number;
}

// ignoreBOM: a string that starts with U+FEFF keeps it (Gemma has such tokens; llama.cpp reads the bytes as they are).
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

class Cursor {
  pos = 0;
  readonly view: DataView;
  readonly bytes: Uint8Array;
  readonly fileSize: number;
  constructor(bytes: Uint8Array, fileSize: number) {
    this.bytes = bytes;
    this.fileSize = fileSize;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.pos + n <= this.bytes.length) return;
    if (this.pos + n > this.fileSize) throw new GgufTruncatedError(what, n, this.fileSize - this.pos);
    if (this.pos + n > GGUF_LIMITS.headerBytes) throw new GgufLimitError("the header", this.pos + n, GGUF_LIMITS.headerBytes, "bounds memory before the weights");
    throw new NeedMoreBytes(this.pos + n);
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  /**
   * u64 as a number; values beyond 2^53 are returned as Infinity so limit checks reject them.
   * Read as two u32 halves: a BigInt per value was most of the garbage of parsing a vocabulary.
   */
  u64(what: string): number {
    this.need(8, what);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi >= 0x200000 ? Infinity : hi * 0x100000000 + lo;
  }
  string(what: string): string {
    // The length's label is only built when it is needed for an error (strings come by the
    // hundred thousand in a vocabulary).
    const len = this.pos + 8 <= this.bytes.length ? this.u64(what) : this.u64(`the length of ${what}`);
    if (len > GGUF_LIMITS.stringBytes) throw new GgufLimitError(`the length of ${what}`, len, GGUF_LIMITS.stringBytes, "no real string is this long");
    this.need(len, what);
    const s = this.bytes.subarray(this.pos, this.pos + len);
    this.pos += len;
    try {
      return utf8.decode(s);
    } catch {
      throw new GgufInvalidValueError(what, "UTF-8 text", "bytes that are not valid UTF-8");
    }
  }
}

function readScalar(c: Cursor, type: number, what: string): GgufValue {
  const width = SCALAR_WIDTH[type];
  if (width === undefined) throw new GgufInvalidValueError(`value type of ${what}`, "a type id 0..12", String(type));
  c.need(width, what);
  const v = c.view;
  const p = c.pos;
  c.pos += width;
  switch (type) {
    case GgufValueType.UINT8: return v.getUint8(p);
    case GgufValueType.INT8: return v.getInt8(p);
    case GgufValueType.UINT16: return v.getUint16(p, true);
    case GgufValueType.INT16: return v.getInt16(p, true);
    case GgufValueType.UINT32: return v.getUint32(p, true);
    case GgufValueType.INT32: return v.getInt32(p, true);
    case GgufValueType.FLOAT32: return v.getFloat32(p, true);
    case GgufValueType.BOOL: {
      const b = v.getUint8(p);
      if (b > 1) throw new GgufInvalidValueError(what, "a bool (0 or 1)", String(b));
      return b === 1;
    }
    case GgufValueType.UINT64: return narrow(v.getBigUint64(p, true));
    case GgufValueType.INT64: return narrow(v.getBigInt64(p, true));
    default: return v.getFloat64(p, true);
  }
}

const narrow = (b: bigint): number | bigint =>
  b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : b;

function readValue(c: Cursor, type: number, what: string, depth: number, arrayTypes?: Map<string, number>, key?: string): GgufValue {
  if (type === GgufValueType.STRING) return c.string(what);
  if (type !== GgufValueType.ARRAY) return readScalar(c, type, what);
  if (depth >= GGUF_LIMITS.arrayDepth) throw new GgufLimitError(`nesting of ${what}`, depth + 1, GGUF_LIMITS.arrayDepth, "llama.cpp writes flat arrays");
  const itemType = c.u32(`the item type of ${what}`);
  const count = c.u64(`the length of ${what}`);
  if (count > GGUF_LIMITS.arrayItems) throw new GgufLimitError(`the length of ${what}`, count, GGUF_LIMITS.arrayItems, "bounds memory");
  // Each item takes at least one byte (strings at least 8): a count beyond the bytes left is a lie.
  const minItem = itemType === GgufValueType.STRING || itemType === GgufValueType.ARRAY ? 8 : (SCALAR_WIDTH[itemType] ?? 1);
  if (c.pos + count * minItem > c.fileSize) throw new GgufTruncatedError(what, count * minItem, c.fileSize - c.pos);
  if (key && arrayTypes) arrayTypes.set(key, itemType);
  const out: GgufValue[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = readValue(c, itemType, what, depth + 1);
  return out;
}

export function parseHeader(bytes: Uint8Array, fileSize: number): GgufHeader {
  const c = new Cursor(bytes, fileSize);
  c.need(4, "the magic bytes");
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== "GGUF") throw new GgufBadMagicError(JSON.stringify(magic));
  c.pos = 4;
  const version = c.u32("the version");
  if (version !== 2 && version !== 3) throw new GgufUnsupportedVersionError(version);
  const tensorCount = c.u64("the tensor count");
  const kvCount = c.u64("the metadata count");
  if (tensorCount > GGUF_LIMITS.tensors) throw new GgufLimitError("the tensor count", tensorCount, GGUF_LIMITS.tensors, "models have a few thousand tensors");
  if (kvCount > GGUF_LIMITS.metadataKeys) throw new GgufLimitError("the metadata count", kvCount, GGUF_LIMITS.metadataKeys, "models have a few dozen keys");

  const metadata = new Map<string, GgufValue>();
  const arrayTypes = new Map<string, number>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string(`metadata key #${i}`);
    if (metadata.has(key)) throw new GgufInvalidValueError(`metadata key "${key}"`, "unique keys", "a duplicate");
    const type = c.u32(`the type of "${key}"`);
    metadata.set(key, readValue(c, type, `"${key}"`, 0, arrayTypes, key));
  }

  let alignment = DEFAULT_ALIGNMENT;
  const al = metadata.get("general.alignment");
  if (al !== undefined) {
    if (typeof al !== "number" || !Number.isInteger(al) || al < 1 || al > 65536 || (al & (al - 1)) !== 0) {
      throw new GgufInvalidValueError('"general.alignment"', "a power of two up to 65536", String(al));
    }
    alignment = al;
  }

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string(`the name of tensor #${i}`);
    if (names.has(name)) throw new GgufTensorError(name, "duplicate name", "unique tensor names", "a second tensor of that name");
    names.add(name);
    const nDims = c.u32(`the dimension count of "${name}"`);
    if (nDims < 1 || nDims > GGUF_LIMITS.dims) throw new GgufTensorError(name, "bad dimension count", `1..${GGUF_LIMITS.dims}`, String(nDims));
    const dims: number[] = [];
    let elements = 1;
    for (let d = 0; d < nDims; d++) {
      const n = c.u64(`a dimension of "${name}"`);
      if (!(n >= 1) || n > 2 ** 40) throw new GgufTensorError(name, "bad dimension", "1..2^40", String(n));
      dims.push(n);
      elements *= n;
    }
    if (elements > 2 ** 46) throw new GgufTensorError(name, "too many elements", "at most 2^46", String(elements));
    const type = c.u32(`the type of "${name}"`);
    if (!TYPE_TRAITS.has(type)) {
      const runs = [...TYPE_TRAITS.values()].filter((t) => t.supported).map((t) => t.name).join(", ");
      throw new GgufTensorError(name, "unknown tensor type", `one of the types this engine runs: ${runs}`, `type id ${type}`);
    }
    const size = byteSize(type, elements);
    if (size === undefined) {
      throw new GgufTensorError(name, "row length is not a whole number of blocks", `a multiple of ${TYPE_TRAITS.get(type)!.blockSize}`, String(dims[0]));
    }
    if (dims[0]! % TYPE_TRAITS.get(type)!.blockSize !== 0) {
      throw new GgufTensorError(name, "row length is not a whole number of blocks", `a multiple of ${TYPE_TRAITS.get(type)!.blockSize}`, String(dims[0]));
    }
    const offset = c.u64(`the offset of "${name}"`);
    if (offset % alignment !== 0) throw new GgufTensorError(name, "misaligned data offset", `a multiple of ${alignment}`, String(offset));
    tensors.push({ name, dims, type, offset, byteLength: size });
  }
  const dataOffset = Math.ceil(c.pos / alignment) * alignment;
  checkLayout(tensors, dataOffset, fileSize);
  return { version, metadata, arrayTypes, tensors, alignment, dataOffset };
}

/**
 * Every tensor inside the file, none overlapping another. A file too short for its tensors is
 * reported with the size its header lays out and the first tensor that is cut.
 */
function checkLayout(tensors: GgufTensorInfo[], dataOffset: number, fileSize: number): void {
  const sorted = [...tensors].sort((a, b) => a.offset - b.offset);
  let end = 0;
  let prev = "";
  for (const t of sorted) {
    if (t.offset < end) throw new GgufTensorError(t.name, `overlaps "${prev}"`, `data starting at or after ${end}`, String(t.offset));
    end = t.offset + t.byteLength;
    prev = t.name;
  }
  if (dataOffset + end <= fileSize) return;
  const cut = sorted.find((t) => dataOffset + t.offset + t.byteLength > fileSize)!;
  throw new GgufTensorDataTruncatedError(cut.name, dataOffset + cut.offset, dataOffset + cut.offset + cut.byteLength, dataOffset + end, fileSize);
}
