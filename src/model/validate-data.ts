/**
 * Checks a weight's stored bytes for NaN/Inf — the scales of quantized blocks, every value of
 * float tensors — as llama.cpp's ggml_validate_row_data does, so a corrupted file fails at load
 * with the tensor and block named instead of producing NaN logits later.
 */
import { MedpsyError } from "../errors.ts";
import { GgmlType, typeName } from "../tensor/dtypes.ts";
import { firstNonFiniteScale } from "../tensor/block-scales.ts";

export class InvalidTensorDataError extends MedpsyError {
  constructor(tensor: string, type: number, index: number, what: string) {
    super("INVALID_TENSOR_DATA", `tensor "${tensor}" (${typeName(type)}) holds ${what} at ${index}`, {
      expected: "finite values and scales",
      found: what,
      hint: "the file is corrupted; download it again and check its sha256",
    });
  }
}

/** An f16 whose exponent bits are all ones is Inf or NaN. */
const f16NotFinite = (hi: number) => (hi & 0x7c) === 0x7c;

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
    // Exponent bits all ones (byte 3 low 7 bits and byte 2 top bit).
    for (let i = 0; i < n; i += 4) {
      if ((bytes[i + 3]! & 0x7f) === 0x7f && (bytes[i + 2]! & 0x80) === 0x80) {
        throw new InvalidTensorDataError(name, type, i / 4, "a NaN or infinite value");
      }
    }
    return;
  }
  if (type === GgmlType.F16) {
    for (let i = 0; i < n; i += 2) {
      if (f16NotFinite(bytes[i + 1]!)) throw new InvalidTensorDataError(name, type, i / 2, "a NaN or infinite value");
    }
    return;
  }
  if (type === GgmlType.BF16) {
    for (let i = 0; i < n; i += 2) {
      if ((bytes[i + 1]! & 0x7f) === 0x7f && (bytes[i]! & 0x80) === 0x80) {
        throw new InvalidTensorDataError(name, type, i / 2, "a NaN or infinite value");
      }
    }
    return;
  }
  const block = firstNonFiniteScale(type, bytes);
  if (block >= 0) throw new InvalidTensorDataError(name, type, block, "a NaN or infinite block scale");
}
