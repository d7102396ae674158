/**
 * Checks a weight's stored bytes for NaN/Inf — the scales of quantized blocks, every value of
 * float tensors — as llama.cpp's ggml_validate_row_data does, so a corrupted file fails at load
 * with the tensor and block named instead of producing NaN logits later.
 */
import { MedpsyError } from "../errors.ts";
import { GgmlType, typeName } from "../tensor/dtypes.ts";

export class InvalidTensorDataError extends MedpsyError {
  constructor(tensor: string, type: number, index: number, what: string) {
    super("INVALID_TENSOR_DATA", `tensor "${tensor}" (${typeName(type)}) holds ${what} at ${index}`, {
      expected: "finite values and scales",
      found: what,
      hint: "the file is corrupted; download it again and check its sha256",
    });
  }
}

/** Byte offsets of the f16 scales inside one block, and the block size in bytes. */
const SCALES: Partial<Record<number, { block: number; at: number[] }>> = {
  [GgmlType.Q4_0]: { block: 18, at: [0] },
  [GgmlType.Q4_1]: { block: 20, at: [0, 2] },
  [GgmlType.Q5_0]: { block: 22, at: [0] },
  [GgmlType.Q5_1]: { block: 24, at: [0, 2] },
  [GgmlType.Q8_0]: { block: 34, at: [0] },
  [GgmlType.Q4_K]: { block: 144, at: [0, 2] },
  [GgmlType.Q5_K]: { block: 176, at: [0, 2] },
  [GgmlType.Q6_K]: { block: 210, at: [208] },
};

/** An f16 whose exponent bits are all ones is Inf or NaN. */
const f16NotFinite = (hi: number) => (hi & 0x7c) === 0x7c;

/** 32-bit words over `bytes` when it is 4-byte aligned (fast scans), else undefined. */
function words(bytes: Uint8Array): Uint32Array | undefined {
  return bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2) : undefined;
}

/**
 * Index of the first non-finite value among n 16-bit floats (F16 when the exponent mask is
 * 0x7c00, BF16 when 0x7f80), or -1. Two values per 32-bit word: the loop a 3.45 GB F16 file
 * goes through at load.
 */
function firstNonFinite16(bytes: Uint8Array, mask: number): number {
  const n = bytes.length >>> 1;
  const w = words(bytes);
  let i = 0;
  if (w) {
    const both = (mask | (mask << 16)) >>> 0;
    for (let j = 0; j < w.length; j++) {
      const x = w[j]! & both;
      if ((x & mask) === mask || x >>> 16 === mask) {
        i = 2 * j;
        break;
      }
      i = 2 * j + 2;
    }
  }
  for (; i < n; i++) if (((bytes[2 * i]! | (bytes[2 * i + 1]! << 8)) & mask) === mask) return i;
  return -1;
}

/**
 * Throws InvalidTensorDataError at the first NaN/Inf value (float types) or block scale
 * (quantized types). `scan`, when given for a float type, finds that first value instead of
 * the loops here (the kernels' vector scan of a weight already in their memory).
 */
export function validateTensorData(name: string, type: number, bytes: Uint8Array, scan?: () => number): void {
  const n = bytes.length;
  if (scan && (type === GgmlType.F32 || type === GgmlType.F16 || type === GgmlType.BF16)) {
    const at = scan();
    if (at >= 0) throw new InvalidTensorDataError(name, type, at, "a NaN or infinite value");
    return;
  }
  if (type === GgmlType.F32) {
    const w = words(bytes);
    if (w) {
      for (let i = 0; i < w.length; i++) {
        if ((w[i]! & 0x7f800000) === 0x7f800000) throw new InvalidTensorDataError(name, type, i, "a NaN or infinite value");
      }
      return;
    }
    // Exponent bits all ones (byte 3 low 7 bits and byte 2 top bit).
    for (let i = 0; i < n; i += 4) {
      if ((bytes[i + 3]! & 0x7f) === 0x7f && (bytes[i + 2]! & 0x80) === 0x80) {
        throw new InvalidTensorDataError(name, type, i / 4, "a NaN or infinite value");
      }
    }
    return;
  }
  if (type === GgmlType.F16 || type === GgmlType.BF16) {
    const at = firstNonFinite16(bytes, type === GgmlType.F16 ? 0x7c00 : 0x7f80);
    if (at >= 0) throw new InvalidTensorDataError(name, type, at, "a NaN or infinite value");
    return;
  }
  const layout = SCALES[type];
  if (!layout) return;
  const [a0, a1 = -1] = layout.at;
  for (let b = 0; b + layout.block <= n; b += layout.block) {
    if (f16NotFinite(bytes[b + a0! + 1]!) || (a1 >= 0 && f16NotFinite(bytes[b + a1 + 1]!))) {
      throw new InvalidTensorDataError(name, type, b / layout.block, "a NaN or infinite block scale");
    }
  }
}
