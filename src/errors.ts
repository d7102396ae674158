/**
 * Typed errors. Every failure a user can cause has its own class, and every message says
 * what was expected, what was found and what to try (the `hint`).
 *
 * Modules define their own subclasses next to the code that throws them; this file holds
 * the base class and the errors shared across modules.
 */
export interface MedpsyErrorDetails {
  /** What the code expected, in words a user understands. */
  expected?: string;
  /** What it found instead. */
  found?: string;
  /** What to try next. */
  hint?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

export class MedpsyError extends Error {
  /** Stable machine-readable code, e.g. `GGUF_BAD_MAGIC`. */
  readonly code: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;

  constructor(code: string, message: string, details: MedpsyErrorDetails = {}) {
    const parts = [message];
    if (details.expected !== undefined) parts.push(`expected ${details.expected}`);
    if (details.found !== undefined) parts.push(`found ${details.found}`);
    super(parts.join("; "), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.expected = details.expected;
    this.found = details.found;
    this.hint = details.hint;
  }
}

/** A caller passed an option or argument outside its allowed range or type. */
export class InvalidArgumentError extends MedpsyError {
  constructor(message: string, details: MedpsyErrorDetails = {}) {
    super("INVALID_ARGUMENT", message, details);
  }
}

/** The prompt does not fit in the model's context window. */
export class ContextOverflowError extends MedpsyError {
  readonly promptTokens: number;
  readonly contextLength: number;
  /** `atLeast`: tokenization stopped once the prompt could not fit, so it has more tokens. */
  constructor(promptTokens: number, contextLength: number, atLeast = false) {
    super("CONTEXT_OVERFLOW", "the prompt is longer than the context window", {
      expected: `at most ${contextLength - 1} prompt tokens (context length ${contextLength})`,
      found: `${atLeast ? "at least " : ""}${promptTokens} tokens`,
      hint: "shorten the conversation, or load the model with a larger `contextLength`",
    });
    this.promptTokens = promptTokens;
    this.contextLength = contextLength;
  }
}

/** The model was used after `close()`. */
export class ModelClosedError extends MedpsyError {
  constructor() {
    super("MODEL_CLOSED", "the model has been closed", {
      hint: "load the model again with loadModel()",
    });
  }
}
