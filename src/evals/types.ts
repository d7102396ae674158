/** Evaluation items and per-item results, shared by loaders, runner, scoring and reports. */
import type { ChatMessage } from "../sdk/types.ts";

export type BenchmarkName =
  | "mmlu_health" | "afrimedqa" | "mmlu_pro_health" | "medmcqa" | "medqa" | "medxpertqa" | "pubmedqa"
  | "healthbench" | "healthbench_hard" | "healthbench_consensus";

/** A closed-ended item: multiple choice (letters) or PubMedQA (yes/no/maybe). */
export interface ClosedItem {
  kind: "closed";
  id: string;
  /** MMLU subject for mmlu_health (the card averages the six subjects). */
  subset?: string;
  question: string;
  /** Option letter → text; empty for PubMedQA. */
  options: Array<[string, string]>;
  /** PubMedQA abstract paragraphs. */
  contexts?: string[];
  /** The labels an answer may take: option letters, or yes/no/maybe. */
  labels: string[];
  gold: string;
}

export interface RubricItem {
  criterion: string;
  points: number;
  tags: string[];
}

export interface HealthBenchItem {
  kind: "healthbench";
  id: string;
  prompt: ChatMessage[];
  rubrics: RubricItem[];
  tags: string[];
}

export type EvalItem = ClosedItem | HealthBenchItem;

export interface TokenCounts {
  reasoning: number;
  answer: number;
  /** True when counted by estimate (characters / 4, or the server's total split by text length). */
  estimated?: boolean;
  /** Who counted: the engine in this process, the server's usage, a local tokenizer, or an estimate. */
  source?: "engine" | "server" | "tokenizer" | "estimate";
}

export interface JudgeVerdict {
  criterion: string;
  points: number;
  /** The rubric item's tags (axis:…, level:…), for per-tag scores. */
  tags?: string[];
  met: boolean;
  explanation: string;
  /** Judge answers that could not be parsed before this verdict (bounded retries). */
  parseRetries: number;
  /** True when every attempt failed to parse; the item then counts as not met. */
  failed?: boolean;
}

/** One line of `{out}/{benchmark}/run-{n}.jsonl`. */
export interface ItemResult {
  id: string;
  /** Position in the benchmark's item list; results are summarised in this order. */
  index?: number;
  subset?: string;
  promptHash: string;
  reasoning: string;
  answerText: string;
  /** The endpoint's completion text as received, when it differs from answerText. */
  raw?: string;
  finishReason: string;
  truncated: boolean;
  tokens: TokenCounts;
  /** Closed-ended. */
  extracted?: string | null;
  rule?: string;
  gold?: string;
  correct?: boolean;
  /** HealthBench. */
  verdicts?: JudgeVerdict[];
  score?: number | null;
  tags?: string[];
}
