import { MedpsyError } from "../../errors.ts";

const HINT = "the file is damaged or not a safetensors file; download it again";

export class SafetensorsHeaderError extends MedpsyError {
  constructor(file: string, problem: string, expected: string, found: string) {
    super("SAFETENSORS_BAD_HEADER", `${file}: ${problem}`, { expected, found, hint: HINT });
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
