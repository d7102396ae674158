/** What the runner needs from a model under test (or a judge). */
import type { ChatMessage } from "../../sdk/types.ts";
import type { TokenCounts } from "../types.ts";

export interface Sampling {
  temperature: number;
  topK: number;
  topP: number;
  maxTokens: number;
  seed: number;
}

export interface Generation {
  reasoning: string;
  /** The answer: text after the reasoning, without any safety notices. */
  answer: string;
  /** The completion text exactly as the server sent it, when it differs from `answer`. */
  raw?: string;
  finishReason: string;
  /** The reasoning never closed: no answer was produced. */
  truncated: boolean;
  tokens: TokenCounts;
}

export interface ModelClient {
  /** Shown in reports, e.g. the model file name or the endpoint's model name. */
  readonly label: string;
  /** Requests that may run at once. */
  readonly concurrency: number;
  generate(messages: ChatMessage[], sampling: Sampling, signal?: AbortSignal): Promise<Generation>;
  close(): Promise<void>;
}
