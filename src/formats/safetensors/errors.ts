import { MedpsyError } from "../../errors.ts";

const HINT = "the file is damaged or not a safetensors file; download it again";

export class SafetensorsHeaderError extends MedpsyError {
  constructor(file: string, problem: string, expected: string, found: string) {
    super("SAFETENSORS_BAD_HEADER", `${file}: ${problem}`, { expected, found, hint: HINT });
  }
}

/** The header lays out more tensor data than the file holds: a file cut short within its weights. */
export class SafetensorsTruncatedError extends MedpsyError {
  readonly tensor: string;
  constructor(file: string, tensor: string, tensorStart: number, tensorEnd: number, laidOut: number, size: number) {
    const n = (x: number) => x.toLocaleString("en-US");
    super("SAFETENSORS_TRUNCATED", `${file}: the file is cut short within its weights: tensor "${tensor}" (bytes ${n(tensorStart)} to ${n(tensorEnd)}) ends past the end of the file`, {
      expected: `${n(laidOut)} bytes, as its header lays out the tensors`,
      found: `${n(size)} bytes (${n(laidOut - size)} missing)`,
      hint: "an interrupted download or copy leaves a short file: fetch it again (`medpsy pull` resumes and checks the sha256), or copy it again from its source",
    });
    this.tensor = tensor;
  }
}

export class SafetensorsDtypeError extends MedpsyError {
  constructor(file: string, tensor: string, dtype: string) {
    super("SAFETENSORS_UNSUPPORTED_DTYPE", `${file}: tensor "${tensor}" has dtype ${dtype}`, {
      expected: "F32, F16 or BF16",
      found: dtype,
      hint: "convert the model to F16/BF16 safetensors or use a GGUF file",
    });
  }
}

export class SafetensorsIndexError extends MedpsyError {
  constructor(file: string, problem: string, found: string) {
    super("SAFETENSORS_BAD_INDEX", `${file}: ${problem}`, {
      expected: 'a JSON object with "weight_map": { tensor name: shard file }',
      found,
      hint: "the sharded checkpoint is incomplete; download it again",
    });
  }
}
