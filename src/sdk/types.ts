import type { MemoryEstimate } from "./memory.ts";

/**
 * The public SDK types. The vocabulary of lower layers lives with its owner (messages in chat/,
 * events and generation options in generate/, sampling options in sampling/, safety types in
 * safety/) and is re-exported here, so SDK users and the surfaces import one place.
 */
import type { ChatMessage, RenderOptions, ToolDefinition } from "../chat/types.ts";
import type { ChatEvent, ChatOptions } from "../generate/types.ts";
import type { SamplingDefaults } from "../sampling/types.ts";
import type { ChatStreamEvent, SafetyChatOptions } from "../safety/types.ts";
import type { DeviceOption } from "../engine/device.ts";

export type { DeviceOption } from "../engine/device.ts";

export type { Role, ChatMessage, RenderOptions, ToolCall, ToolChoice, ToolDefinition } from "../chat/types.ts";
export type { ChatOptions, StopReason, Usage, ChatEvent, ResponseFormat } from "../generate/types.ts";
export type { SamplingOptions, SamplingDefaults } from "../sampling/types.ts";
export type { TriageLevel, TriageReason, TriageSecondOpinion, SafetyEvent, ChatStreamEvent, SafetyChatOptions } from "../safety/types.ts";

export interface ModelInfo {
  architecture: string;
  /** Total number of weights. */
  parameterCount: number;
  /** Tensor type name → number of tensors of that type, e.g. { Q4_K: 180, F32: 113 }. */
  tensorTypes: Record<string, number>;
  /** The context length this instance was loaded with. */
  contextLength: number;
  /** The model's own trained maximum. */
  trainedContextLength: number;
  /** Bytes on disk (sum over shards). */
  fileSize: number;
  /** "gguf" or "safetensors". */
  format: "gguf" | "safetensors";
  /** Model name from the file's metadata, if any. */
  name?: string;
  vocabSize: number;
  layers: number;
  hiddenSize: number;
  /** Bytes of one session's KV cache at `contextLength` (F16 K and V, every layer); each session has its own. */
  kvCacheBytes: number;
  /**
   * What the model runs on (a loaded model only): "cpu (wasm, 4 threads)", "cpu (ref)",
   * "webgpu (NVIDIA H200)", "webgpu (llvmpipe)".
   */
  device?: string;
  /**
   * inspectModel only: the memory loading it would take (weights as held, one KV cache at
   * `memory.contextLength`, buffers and runtime) against what this machine has available.
   */
  memory?: MemoryEstimate & { available?: number; fits?: boolean };
}

/** How the engine has batched the model's sequences so far. */
export interface EngineStats {
  /** Forward steps run. */
  steps: number;
  /** The most sequences evaluated together in one step. */
  widestStep: number;
  /** Sequences with rows waiting or being evaluated now. */
  activeSequences: number;
}

export interface LoadOptions {
  /** Worker threads for the kernels. Default: physical cores. */
  threads?: number;
  /**
   * Where to run: "cpu" (default: the WebAssembly kernels), "webgpu" (the GPU; a typed error when
   * there is no adapter or the model exceeds its limits) or "auto" (WebGPU when a hardware
   * adapter exists and the model fits it, else the CPU, saying why through onWarning).
   * `info.device` names what was chosen.
   */
  device?: DeviceOption;
  /** KV cache size in tokens. Default min(trained context, 8192). */
  contextLength?: number;
  /**
   * Called while the weights stream in: bytes of the model's files loaded so far and their total
   * size (the last call has loadedBytes === totalBytes, the file size `info.fileSize` reports);
   * `progress` (always passed by loadModel) says the same as a fraction and whether loading is done.
   */
  onProgress?: (loadedBytes: number, totalBytes: number, progress?: LoadProgress) => void;
  /** An option that could not be honoured as given (e.g. a contextLength above the trained one). Default: console.warn. */
  onWarning?: (message: string) => void;
  /**
   * Bytes this model may take (weights, KV cache, buffers); loading refuses with
   * InsufficientMemoryError when the estimate is larger. Default: the memory available now
   * (loadModel; browsers: no check). Infinity skips the check.
   */
  memoryBudget?: number;
}

export interface LoadProgress {
  /** loadedBytes / totalBytes, from 0 to 1. */
  fraction: number;
  /** The last call: every weight is loaded. */
  done: boolean;
}

/** One conversation's KV cache; a later call that extends the same tokens reuses the cache. */
export interface ChatSession {
  chat(messages: ChatMessage[], options?: ChatOptions & SafetyChatOptions): AsyncIterable<ChatStreamEvent>;
  /** Raw text continuation (no template, no reasoning parsing): `content` events only. */
  complete(prompt: string, options?: ChatOptions): AsyncIterable<ChatEvent>;
  /**
   * Tokenizes a chat (messages: the chat template, control tokens typed in messages kept as
   * text) or a raw prompt (a string: control tokens parsed) once, in slices that let the event
   * loop run; rejects with ContextOverflowError as soon as it cannot fit the context.
   */
  prepare(input: ChatMessage[] | string, options?: PrepareOptions): Promise<PreparedPrompt>;
  /** Generates from a prepared prompt, without the safety layer (servers apply it themselves). */
  generate(prompt: PreparedPrompt, options?: ChatOptions): AsyncIterable<ChatEvent>;
  /** Tokens currently held in the KV cache. */
  readonly cachedTokens: number;
  /** Empties the KV cache. */
  reset(): void;
  /**
   * Makes this session's cache a copy of `other`'s (a session of the same model), waiting for
   * both to be idle: several answers to one prompt evaluate it once (the first token of each is
   * then evaluated again, bit-identical).
   */
  copyFrom(other: ChatSession): Promise<void>;
  /** Releases the cache memory. */
  close(): void;
}

export interface PrepareOptions {
  /** Passed to the chat template (chat input only). */
  enableThinking?: boolean;
  /** Listed by the chat template (chat input only). */
  tools?: ToolDefinition[];
  /** Stops tokenizing (the promise rejects with an AbortError). */
  signal?: AbortSignal;
}

/** A prompt tokenized by `ChatSession.prepare`, ready for `generate`. */
export interface PreparedPrompt {
  readonly ids: readonly number[];
  /** `chat`: the output is read as reasoning then answer; `raw`: content only. */
  readonly kind: "chat" | "raw";
  /** The template left the model inside an open think block. */
  readonly startsInReasoning: boolean;
}

export interface TokenizeOptions {
  /** Parse special/control tokens written in the text (llama.cpp's `parse_special`). Default false. */
  special?: boolean;
}

export interface Model {
  readonly info: ModelInfo;
  /** Sampling defaults: generation_config.json / GGUF metadata, else the card's. */
  readonly defaults: SamplingDefaults;
  tokenize(text: string, options?: TokenizeOptions): number[];
  detokenize(ids: readonly number[]): string;
  /** Log-softmax is not applied: raw logits of the last position (vocabulary size). */
  logits(ids: readonly number[]): Promise<Float32Array>;
  /** Batching so far: concurrent sessions of one model are evaluated together, one step at a time. */
  engineStats(): EngineStats;
  /** The model's own chat template applied to `messages`. */
  renderChat(messages: ChatMessage[], options?: RenderOptions): string;
  /** Chat on a fresh or pooled session; concurrent calls queue. */
  chat(messages: ChatMessage[], options?: ChatOptions & SafetyChatOptions): AsyncIterable<ChatStreamEvent>;
  complete(prompt: string, options?: ChatOptions): AsyncIterable<ChatEvent>;
  /** A session with its own KV cache (for servers with parallel slots). */
  createSession(): ChatSession;
  close(): Promise<void>;
}
