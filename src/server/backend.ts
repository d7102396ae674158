/** What the HTTP layer needs from a model: the local engine or an upstream server. */
import type { ChatEvent, ChatMessage, ChatOptions } from "../sdk/types.ts";

export interface Backend<S = unknown> {
  /** The name `GET /v1/models` lists and responses carry. */
  readonly modelName: string;
  /** Longest prompt + answer in tokens (bounds max_tokens). */
  readonly contextLength: number;
  /** One state per generation slot (a KV cache for the local engine). */
  createSlotStates(parallel: number): S[];
  /** The model's own events: reasoning, content, done. The safety layer wraps them outside. */
  chat(state: S, messages: ChatMessage[], options: ChatOptions): AsyncIterable<ChatEvent>;
  complete(state: S, prompt: string, options: ChatOptions): AsyncIterable<ChatEvent>;
  /**
   * Prompt tokens the last generation on this slot took from its KV cache instead of evaluating
   * (a lower bound: tokens of the previous answer that happen to match are not counted).
   */
  reusedPromptTokens?(state: S): number;
  /** Throws the errors a request would hit (context overflow, template) before any byte is sent. */
  preflight?(messages: ChatMessage[] | undefined, options: ChatOptions, prompt?: string): void;
  /** sha256 of the model file, for audit records (unknown upstream). */
  modelHash?: () => Promise<string>;
  close(): Promise<void>;
}
