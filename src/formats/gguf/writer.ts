/**
 * Writes GGUF v3 files, tensor by tensor: `data` may be a function so that a large model is
 * generated and written one tensor at a time, never held in memory whole.
 */
import { open } from "node:fs/promises";
import { byteSize, typeName } from "../../tensor/dtypes.ts";
import { DEFAULT_ALIGNMENT, GgufValueType, type GgufTypedValue } from "./types.ts";

export interface GgufTensorToWrite {
  name: string;
  type: number;
  /** GGUF order (dims[0] contiguous). */
  dims: number[];
  data: Uint8Array | (() => Uint8Array | Promise<Uint8Array>);
}

export interface GgufToWrite {
  /** Insertion order is kept. */
  metadata: Array<[string, GgufTypedValue]>;
  tensors: GgufTensorToWrite[];
  alignment?: number;
  version?: 2 | 3;
}

const TYPE_IDS: Record<string, number> = {
  u8: GgufValueType.UINT8, i8: GgufValueType.INT8, u16: GgufValueType.UINT16, i16: GgufValueType.INT16,
  u32: GgufValueType.UINT32, i32: GgufValueType.INT32, f32: GgufValueType.FLOAT32, bool: GgufValueType.BOOL,
  string: GgufValueType.STRING, array: GgufValueType.ARRAY, u64: GgufValueType.UINT64, i64: GgufValueType.INT64,
  f64: GgufValueType.FLOAT64,
};

/** Growable little-endian byte buffer. */
class Out {
  buf = new Uint8Array(1 << 16);
  view = new DataView(this.buf.buffer);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number) { this.room(1); this.view.setUint8(this.len, v); this.len += 1; }
  i8(v: number) { this.room(1); this.view.setInt8(this.len, v); this.len += 1; }
  u16(v: number) { this.room(2); this.view.setUint16(this.len, v, true); this.len += 2; }
  i16(v: number) { this.room(2); this.view.setInt16(this.len, v, true); this.len += 2; }
  u32(v: number) { this.room(4); this.view.setUint32(this.len, v, true); this.len += 4; }
  i32(v: number) { this.room(4); this.view.setInt32(this.len, v, true); this.len += 4; }
  f32(v: number) { this.room(4); this.view.setFloat32(this.len, v, true); this.len += 4; }
  f64(v: number) { this.room(8); this.view.setFloat64(this.len, v, true); this.len += 8; }
  u64(v: number | bigint) { this.room(8); this.view.setBigUint64(this.len, BigInt(v), true); this.len += 8; }
  i64(v: number | bigint) { this.room(8); this.view.setBigInt64(this.len, BigInt(v), true); this.len += 8; }
  bytes(b: Uint8Array) { this.room(b.length); this.buf.set(b, this.len); this.len += b.length; }
  string(s: string) { const b = new TextEncoder().encode(s); this.u64(b.length); this.bytes(b); }
  pad(alignment: number) { while (this.len % alignment !== 0) this.u8(0); }
  result(): Uint8Array { return this.buf.subarray(0, this.len); }
}

function writeScalar(o: Out, type: string, v: number | bigint | boolean | string): void {
  switch (type) {
    case "u8": return o.u8(Number(v));
    case "i8": return o.i8(Number(v));
    case "u16": return o.u16(Number(v));
    case "i16": return o.i16(Number(v));
    case "u32": return o.u32(Number(v));
    case "i32": return o.i32(Number(v));
    case "f32": return o.f32(Number(v));
    case "f64": return o.f64(Number(v));
    case "u64": return o.u64(v as number | bigint);
    case "i64": return o.i64(v as number | bigint);
    case "bool": return o.u8(v ? 1 : 0);
    case "string": return o.string(String(v));
    default: throw new TypeError(`unknown GGUF value type ${type}`);
  }
}

/** The header bytes (up to the aligned start of the data section) and each tensor's offset. */
export function encodeHeader(g: GgufToWrite): { header: Uint8Array; offsets: number[]; sizes: number[] } {
  const alignment = g.alignment ?? DEFAULT_ALIGNMENT;
  const o = new Out();
  o.bytes(new TextEncoder().encode("GGUF"));
  o.u32(g.version ?? 3);
  o.u64(g.tensors.length);
  const metadata = g.metadata.filter(([k]) => k !== "general.alignment");
  if (alignment !== DEFAULT_ALIGNMENT) metadata.push(["general.alignment", { type: "u32", value: alignment }]);
  o.u64(metadata.length);
  for (const [key, v] of metadata) {
    o.string(key);
    o.u32(TYPE_IDS[v.type]!);
    if (v.type === "array") {
      o.u32(TYPE_IDS[v.itemType]!);
      o.u64(v.value.length);
      for (const item of v.value) writeScalar(o, v.itemType, item);
    } else writeScalar(o, v.type, v.value);
  }
  const offsets: number[] = [];
  const sizes: number[] = [];
  let offset = 0;
  for (const t of g.tensors) {
    const elements = t.dims.reduce((a, b) => a * b, 1);
    const size = byteSize(t.type, elements);
    if (size === undefined) throw new RangeError(`tensor ${t.name}: ${elements} elements do not fit ${typeName(t.type)} blocks`);
    o.string(t.name);
    o.u32(t.dims.length);
    for (const d of t.dims) o.u64(d);
    o.u32(t.type);
    o.u64(offset);
    offsets.push(offset);
    sizes.push(size);
    offset += Math.ceil(size / alignment) * alignment;
  }
  o.pad(alignment);
  return { header: o.result(), offsets, sizes };
}

export async function writeGguf(path: string, g: GgufToWrite): Promise<void> {
  const alignment = g.alignment ?? DEFAULT_ALIGNMENT;
  const { header, sizes } = encodeHeader(g);
  const fh = await open(path, "w");
  try {
    await fh.write(header);
    const zeros = new Uint8Array(alignment);
    for (let i = 0; i < g.tensors.length; i++) {
      const t = g.tensors[i]!;
      const data = typeof t.data === "function" ? await t.data() : t.data;
      if (data.length !== sizes[i]) throw new RangeError(`tensor ${t.name}: ${data.length} bytes, expected ${sizes[i]}`);
      await fh.write(data);
      const pad = (alignment - (data.length % alignment)) % alignment;
      if (pad) await fh.write(zeros.subarray(0, pad));
    }
  } finally {
    await fh.close();
  }
}
