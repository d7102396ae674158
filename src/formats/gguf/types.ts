/** GGUF value types and the typed metadata values this project reads and writes. */

export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;
export type GgufValueType = (typeof GgufValueType)[keyof typeof GgufValueType];

/** Byte width of fixed-size scalar types (strings and arrays are variable). */
export const SCALAR_WIDTH: Readonly<Record<number, number>> = {
  0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8,
};

/**
 * A metadata value as read: numbers (u64/i64 as bigint only when beyond 2^53), booleans,
 * strings, and arrays of those. Arrays of numbers come back as plain number arrays.
 */
export type GgufScalar = number | bigint | boolean | string;
export type GgufValue = GgufScalar | GgufValue[];

/** A typed value for the writer: the type must be explicit because JS numbers are ambiguous. */
export type GgufTypedValue =
  | { type: "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "f32" | "u64" | "i64" | "f64"; value: number | bigint }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | {
      type: "array";
      itemType: "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "f32" | "u64" | "i64" | "f64" | "bool" | "string";
      value: ReadonlyArray<number | bigint | boolean | string>;
    };

export interface GgufTensorInfo {
  name: string;
  /** GGUF order: dims[0] is contiguous (input features of a weight matrix). */
  dims: number[];
  type: number;
  /** Offset from the start of the data section. */
  offset: number;
  /** Bytes, from the type's block layout. */
  byteLength: number;
}

export const GGUF_MAGIC = "GGUF";
export const DEFAULT_ALIGNMENT = 32;
