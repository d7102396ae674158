/** What the HTTP layer needs from a model: the local engine or an upstream server. */
import type { ChatEvent, ChatMessage, ChatOptions, EngineStats } from "../sdk/types.ts";
import type { EmergencyClassifier } from "../safety/second-opinion.ts";

export interface Backend<S = unknown> {
  /** The name `GET /v1/models` lists and responses carry. */
  readonly modelName: string;
  /** Other names a request's `model` may use for it (the local engine: its file name). */
  readonly modelAliases?: readonly string[];
  /** Longest prompt + answer in tokens (bounds max_tokens). */
  readonly contextLength: number;
  /** One state per generation slot (a KV cache for the local engine). */
  createSlotStates(parallel: number): S[];
  /**
   * Work done once per request after its slot is taken and before any byte is sent: the local
   * engine tokenizes the prompt here (in slices that let other requests through, stopping as soon
   * as it cannot fit), so a context overflow or template error is a 400. The result goes to
   * chat/complete.
   */
  prepare?(state: S, input: ChatMessage[] | string, options: ChatOptions, signal?: AbortSignal): Promise<unknown>;
  /** The model's own events: reasoning, content, done. The safety layer wraps them outside. */
  chat(state: S, messages: ChatMessage[], options: ChatOptions, prepared?: unknown): AsyncIterable<ChatEvent>;
  complete(state: S, prompt: string, options: ChatOptions, prepared?: unknown): AsyncIterable<ChatEvent>;
  /**
   * Prompt tokens the last generation on this slot took from its KV cache instead of evaluating
   * (a lower bound: tokens of the previous answer that happen to match are not counted).
   */
  reusedPromptTokens?(state: S): number;
  /**
   * `count` more states holding the prompt `prepared` was made for, evaluated once on `state`
   * (n > 1); release() gives them back. Absent: one choice per request.
   */
  fork?(state: S, prepared: unknown, count: number): Promise<{ states: S[]; release(): void }>;
  /**
   * Tools, tool messages, logprobs and logit_bias are honoured (the local engine; an upstream
   * would drop them silently, so requests using them are refused there).
   */
  readonly supportsTools?: boolean;
  /** Bytes of one slot's KV cache (local engine only). */
  readonly kvCacheBytesPerSlot?: number;
  /** What the local model runs on (model.info.device; local engine only). */
  readonly device?: string;
  /** How the engine batched the slots' sequences so far (local engine only). */
  engineStats?(): EngineStats;
  /** The loaded model's triage second opinion (local engine only; the safety layer asks it when the policy says so). */
  readonly emergencyClassifier?: EmergencyClassifier;
  /** sha256 of the model file, for audit records (unknown upstream). */
  modelHash?: () => Promise<string>;
  close(): Promise<void>;
}
