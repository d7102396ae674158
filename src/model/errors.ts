/** Errors about a model's structure (as opposed to the bytes of its file). */
import { MedpsyError } from "../errors.ts";

export class UnsupportedArchitectureError extends MedpsyError {
  constructor(found: string, supported: readonly string[]) {
    super("UNSUPPORTED_ARCHITECTURE", `the model architecture "${found}" is not supported`, {
      expected: `one of ${supported.map((s) => `"${s}"`).join(", ")}`,
      found: `"${found}"`,
      hint: "medpsy runs Qwen3 (MedPsy), Qwen2 and Gemma 3 text models",
    });
  }
}

export class InvalidModelConfigError extends MedpsyError {
  constructor(message: string, details: { expected?: string; found?: string; hint?: string } = {}) {
    super("INVALID_MODEL_CONFIG", message, {
      hint: "the file's metadata is inconsistent; re-download or re-convert the model",
      ...details,
    });
  }
}

export class MissingTensorError extends MedpsyError {
  constructor(name: string) {
    super("MISSING_TENSOR", `the model file has no tensor "${name}"`, {
      expected: `a tensor named "${name}"`,
      found: "none",
      hint: "the file is incomplete or not the architecture its metadata names; re-download or re-convert it",
    });
  }
}

export class TensorShapeMismatchError extends MedpsyError {
  constructor(name: string, expected: readonly number[], found: readonly number[]) {
    super("TENSOR_SHAPE_MISMATCH", `tensor "${name}" disagrees with the model's config`, {
      expected: `shape [${expected.join(", ")}]`,
      found: `[${found.join(", ")}]`,
      hint: "the file's tensors do not match its metadata; it may be corrupted or mislabelled",
    });
  }
}

export class UnsupportedTensorTypeError extends MedpsyError {
  constructor(name: string, typeName: string, supported: readonly string[]) {
    super("UNSUPPORTED_TENSOR_TYPE", `tensor "${name}" has type ${typeName}, which the engine cannot run`, {
      expected: `one of ${supported.join(", ")}`,
      found: typeName,
      hint: "use a GGUF quantized as Q4_K_M, Q8_0, F16, BF16 or F32 (the published MedPsy files are)",
    });
  }
}

export class UnexpectedTensorError extends MedpsyError {
  constructor(name: string, architecture = "qwen3") {
    super("UNEXPECTED_TENSOR", `the model file has a tensor "${name}" that a ${architecture} model does not use`, {
      hint: `the file may be a different architecture mislabelled as ${architecture}`,
    });
  }
}
