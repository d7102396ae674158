/**
 * GGML tensor types: ids as stored in GGUF, and block layouts (elements per block, bytes per block).
 * Source of the numbers: ggml.h `enum ggml_type` and `type_traits` in ggml.c.
 */
export const GgmlType = {
  F32: 0,
  F16: 1,
  Q4_0: 2,
  Q4_1: 3,
  Q5_0: 6,
  Q5_1: 7,
  Q8_0: 8,
  Q8_1: 9,
  Q2_K: 10,
  Q3_K: 11,
  Q4_K: 12,
  Q5_K: 13,
  Q6_K: 14,
  Q8_K: 15,
  IQ2_XXS: 16,
  IQ2_XS: 17,
  IQ3_XXS: 18,
  IQ1_S: 19,
  IQ4_NL: 20,
  IQ3_S: 21,
  IQ2_S: 22,
  IQ4_XS: 23,
  I8: 24,
  I16: 25,
  I32: 26,
  I64: 27,
  F64: 28,
  IQ1_M: 29,
  BF16: 30,
} as const;
export type GgmlType = (typeof GgmlType)[keyof typeof GgmlType];

export interface TypeTraits {
  readonly id: number;
  readonly name: string;
  /** Elements per block (1 for plain float types). */
  readonly blockSize: number;
  /** Bytes per block. */
  readonly typeSize: number;
  /** True if the engine can run weights stored in this type. */
  readonly supported: boolean;
}

const traits = (id: number, name: string, blockSize: number, typeSize: number, supported: boolean): TypeTraits =>
  ({ id, name, blockSize, typeSize, supported });

/** Every type id this project knows the layout of, supported for compute or not. */
export const TYPE_TRAITS: ReadonlyMap<number, TypeTraits> = new Map(
  [
    traits(0, "F32", 1, 4, true),
    traits(1, "F16", 1, 2, true),
    traits(2, "Q4_0", 32, 18, true),
    traits(3, "Q4_1", 32, 20, true),
    traits(6, "Q5_0", 32, 22, true),
    traits(7, "Q5_1", 32, 24, true),
    traits(8, "Q8_0", 32, 34, true),
    traits(9, "Q8_1", 32, 36, false),
    traits(10, "Q2_K", 256, 84, true),
    traits(11, "Q3_K", 256, 110, true),
    traits(12, "Q4_K", 256, 144, true),
    traits(13, "Q5_K", 256, 176, true),
    traits(14, "Q6_K", 256, 210, true),
    traits(15, "Q8_K", 256, 292, false),
    traits(16, "IQ2_XXS", 256, 66, true),
    traits(17, "IQ2_XS", 256, 74, true),
    traits(18, "IQ3_XXS", 256, 98, true),
    traits(19, "IQ1_S", 256, 50, true),
    traits(20, "IQ4_NL", 32, 18, true),
    traits(21, "IQ3_S", 256, 110, true),
    traits(22, "IQ2_S", 256, 82, true),
    traits(23, "IQ4_XS", 256, 136, true),
    traits(24, "I8", 1, 1, false),
    traits(25, "I16", 1, 2, false),
    traits(26, "I32", 1, 4, false),
    traits(27, "I64", 1, 8, false),
    traits(28, "F64", 1, 8, false),
    traits(29, "IQ1_M", 256, 56, true),
    traits(30, "BF16", 1, 2, true),
  ].map((t) => [t.id, t]),
);

/** Name of a type id, or `type#N` for ids this project does not know. */
export function typeName(id: number): string {
  return TYPE_TRAITS.get(id)?.name ?? `type#${id}`;
}

/** Type id from its name (case-insensitive), or undefined. */
export function typeFromName(name: string): number | undefined {
  const upper = name.toUpperCase();
  for (const t of TYPE_TRAITS.values()) if (t.name === upper) return t.id;
  return undefined;
}

/**
 * Bytes taken by `elements` values of `type`, or undefined when the type is unknown or the
 * count is not a whole number of blocks.
 */
export function byteSize(type: number, elements: number): number | undefined {
  const t = TYPE_TRAITS.get(type);
  if (!t || elements % t.blockSize !== 0) return undefined;
  return (elements / t.blockSize) * t.typeSize;
}
