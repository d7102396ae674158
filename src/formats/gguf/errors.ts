/** GGUF errors: one class per way a file can be wrong, each saying what was expected and found. */
import { MedpsyError } from "../../errors.ts";

const REDOWNLOAD = "the file is damaged or not a GGUF model; download it again and check its sha256";

export class GgufBadMagicError extends MedpsyError {
  constructor(found: string) {
    super("GGUF_BAD_MAGIC", "not a GGUF file", { expected: 'the magic bytes "GGUF"', found, hint: REDOWNLOAD });
  }
}

export class GgufUnsupportedVersionError extends MedpsyError {
  constructor(version: number) {
    super("GGUF_UNSUPPORTED_VERSION", `GGUF version ${version} is not supported`, {
      expected: "version 2 or 3",
      found: String(version),
      hint: version === 1 ? "convert the file again with a current llama.cpp (GGUF v1 is from 2023)" : REDOWNLOAD,
    });
  }
}

export class GgufTruncatedError extends MedpsyError {
  constructor(what: string, needed: number, available: number) {
    super("GGUF_TRUNCATED", `the file ends inside ${what}`, {
      expected: `${needed} more bytes`,
      found: `${Math.max(0, available)} left in the file`,
      hint: "the download was probably cut short; download the file again",
    });
  }
}

/** The header lays out more tensor data than the file holds: a file cut short within its weights. */
export class GgufTensorDataTruncatedError extends MedpsyError {
  readonly tensor: string;
  constructor(tensor: string, tensorStart: number, tensorEnd: number, laidOut: number, fileSize: number) {
    const n = (x: number) => x.toLocaleString("en-US");
    super("GGUF_TRUNCATED", `the file is cut short within its weights: tensor "${tensor}" (bytes ${n(tensorStart)} to ${n(tensorEnd)}) ends past the end of the file`, {
      expected: `${n(laidOut)} bytes, as its header lays out the tensors`,
      found: `${n(fileSize)} bytes (${n(laidOut - fileSize)} missing)`,
      hint: "an interrupted download or copy leaves a short file: fetch it again (`medpsy pull` resumes and checks the sha256), or copy it again from its source",
    });
    this.tensor = tensor;
  }
}

export class GgufLimitError extends MedpsyError {
  constructor(what: string, value: number | bigint, limit: number, reason: string) {
    super("GGUF_LIMIT", `${what} is too large`, {
      expected: `at most ${limit} (${reason})`,
      found: String(value),
      hint: REDOWNLOAD,
    });
  }
}

export class GgufInvalidValueError extends MedpsyError {
  constructor(what: string, expected: string, found: string) {
    super("GGUF_INVALID_VALUE", `invalid ${what}`, { expected, found, hint: REDOWNLOAD });
  }
}

export class GgufTensorError extends MedpsyError {
  constructor(tensor: string, problem: string, expected: string, found: string) {
    super("GGUF_BAD_TENSOR", `tensor "${tensor}": ${problem}`, { expected, found, hint: REDOWNLOAD });
  }
}

export class GgufMetadataError extends MedpsyError {
  constructor(key: string, expected: string, found: string) {
    super("GGUF_METADATA", `metadata "${key}" is missing or of the wrong type`, { expected, found, hint: REDOWNLOAD });
  }
}
