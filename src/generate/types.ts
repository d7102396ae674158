/** What a generation is asked (options) and what it yields (events), owned by the token loop. */
import type { SamplingOptions } from "../sampling/types.ts";
import type { Grammar, GrammarSpec } from "../grammar/index.ts";
import type { ToolCall, ToolChoice, ToolDefinition } from "../chat/types.ts";

/** The answer's format: free text, any JSON object, or JSON valid against a schema (constrained decoding). */
export type ResponseFormat = { type: "text" } | GrammarSpec;

export interface ChatOptions extends SamplingOptions {
  /** Maximum new tokens (reasoning + answer). Default 16,384 or what the context allows. */
  maxTokens?: number;
  /** Extra strings that end generation (not included in the output). */
  stop?: string[];
  /** Passed to the chat template; default true for thinking models. */
  enableThinking?: boolean;
  /** After this many reasoning tokens, close the think block and let the model answer. */
  reasoningBudget?: number;
  /**
   * Constrains the answer (after the reasoning) to a format: `{type: "json_object"}` or
   * `{type: "json_schema", schema}`. Unsupported schema keywords throw GrammarSchemaError.
   */
  responseFormat?: ResponseFormat;
  /**
   * A grammar for the answer; takes precedence over responseFormat: a compiled Grammar
   * (compileGrammar), a spec (`{type: "regex", pattern}`, `{type: "gbnf", grammar}`, …) or a GBNF
   * string (llama.cpp's syntax, start rule `root`). A bad GBNF throws GrammarSyntaxError naming
   * the rule and line.
   */
  grammar?: Grammar | GrammarSpec | string;
  /** Functions the model may call: listed by the chat template, calls parsed out of the answer as `tool_call` events. */
  tools?: ToolDefinition[];
  /**
   * Default "auto". "required" and a named function are enforced by the grammar: the answer is
   * one call (or several with parallelToolCalls) whose arguments match the function's schema.
   * "none" leaves the tools out of the prompt.
   */
  toolChoice?: ToolChoice;
  /** Several calls in one answer (default true). */
  parallelToolCalls?: boolean;
  /**
   * Log-probabilities of the answer's tokens: `logprob` events with this many most likely
   * alternatives each (0: the chosen token's only). Default: none.
   */
  logprobs?: number;
  /** Abort generation at the next token. */
  signal?: AbortSignal;
}

export type StopReason = "stop" | "length" | "abort";

export interface Usage {
  promptTokens: number;
  reasoningTokens: number;
  contentTokens: number;
}

export type ChatEvent =
  | { type: "reasoning"; text: string }
  | { type: "content"; text: string }
  /**
   * An answer token's log-probability (with `logprobs`), before its text: log-softmax of the
   * logits the sampler drew from (logit bias, penalties and the grammar's mask applied; not
   * temperature or truncation).
   */
  | { type: "logprob"; token: number; bytes: Uint8Array; logprob: number; top: Array<{ token: number; bytes: Uint8Array; logprob: number }> }
  /** A complete call of a tool, parsed out of the answer (with `tools`). */
  | { type: "tool_call"; call: ToolCall }
  /**
   * A piece of a call's arguments as the model writes them, for calls the grammar guarantees
   * (tool_choice required or a named function, or auto with the tools' schemas compiled): the
   * first piece of call `index` has empty arguments, the pieces add up to the `tool_call` event's
   * arguments, which follows with the same id.
   */
  | { type: "tool_call_delta"; index: number; id: string; name: string; arguments: string }
  | {
      type: "done";
      /** `stop`: EOS or a stop string; `length`: max tokens or context full; `abort`: signal. */
      stopReason: StopReason;
      usage: Usage;
      /** True when generation ended inside the reasoning block (no answer was produced). */
      reasoningTruncated: boolean;
    };
