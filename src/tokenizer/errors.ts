import { MedpsyError } from "../errors.ts";

export class UnsupportedTokenizerError extends MedpsyError {
  constructor(what: string, found: string, expected: string) {
    super("UNSUPPORTED_TOKENIZER", `unsupported tokenizer ${what}`, {
      expected,
      found,
      hint: "medpsy runs byte-level BPE tokenizers with the Qwen2 pre-tokenizer (Qwen3, MedPsy)",
    });
  }
}

export class InvalidTokenizerError extends MedpsyError {
  constructor(problem: string, expected: string, found: string) {
    super("INVALID_TOKENIZER", `invalid tokenizer data: ${problem}`, { expected, found, hint: "the model file's tokenizer is damaged; download it again" });
  }
}

export class TokenIdError extends MedpsyError {
  constructor(id: unknown, vocabSize: number) {
    super("TOKEN_ID_OUT_OF_RANGE", "token id out of range", { expected: `an integer in [0, ${vocabSize})`, found: String(id) });
  }
}
