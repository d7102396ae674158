/**
 * HealthBench records (OpenAI simple-evals format). The official files are used when present
 * (`2025-05-07-06-14-12_oss_eval.jsonl`, `hard_2025-05-08-21-00-10.jsonl`,
 * `consensus_2025-05-09-20-00-46.jsonl`); otherwise the partial copies in ../shared/datasets.
 */
import { basename } from "node:path";
import { DatasetError } from "../errors.ts";
import type { HealthBenchItem, RubricItem } from "../types.ts";
import { firstExisting, readJsonl } from "./read.ts";
import type { ChatMessage } from "../../sdk/types.ts";

const FILES: Record<string, string[]> = {
  healthbench: ["healthbench/2025-05-07-06-14-12_oss_eval.jsonl", "healthbench/oss_eval.jsonl", "healthbench/oss_eval_examples_30.jsonl"],
  healthbench_hard: ["healthbench/hard_2025-05-08-21-00-10.jsonl", "healthbench/hard.jsonl", "healthbench/context_seeking_consensus_hard_104.jsonl"],
  healthbench_consensus: ["healthbench/consensus_2025-05-09-20-00-46.jsonl", "healthbench/consensus.jsonl", "healthbench/context_seeking_consensus_hard_104.jsonl"],
};

export function loadHealthbench(data: string, variant: "healthbench" | "healthbench_hard" | "healthbench_consensus"): HealthBenchItem[] {
  const path = firstExisting(variant, data, FILES[variant]!);
  const file = basename(path);
  return readJsonl(path).map(({ line, value: v }) => {
    const prompt = v.prompt;
    if (!Array.isArray(prompt) || prompt.length === 0) throw new DatasetError(file, "prompt must be a non-empty list of messages", { line, field: "prompt" });
    const messages = prompt.map((m, i): ChatMessage => {
      const r = m as Record<string, unknown>;
      if (!["system", "user", "assistant"].includes(r?.role as string) || typeof r.content !== "string") {
        throw new DatasetError(file, "each message needs a role (system/user/assistant) and string content", { line, field: `prompt[${i}]` });
      }
      return { role: r.role as ChatMessage["role"], content: r.content };
    });
    const rubrics = v.rubrics;
    if (!Array.isArray(rubrics) || rubrics.length === 0) throw new DatasetError(file, "rubrics must be a non-empty list", { line, field: "rubrics" });
    const items = rubrics.map((x, i): RubricItem => {
      const r = x as Record<string, unknown>;
      if (typeof r?.criterion !== "string" || typeof r.points !== "number" || !Number.isFinite(r.points)) {
        throw new DatasetError(file, "each rubric item needs a criterion (string) and points (number)", { line, field: `rubrics[${i}]` });
      }
      return { criterion: r.criterion, points: r.points, tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === "string") : [] };
    });
    const tags = Array.isArray(v.example_tags) ? v.example_tags.filter((t): t is string => typeof t === "string") : [];
    return { kind: "healthbench", id: String(v.prompt_id ?? line), prompt: messages, rubrics: items, tags };
  });
}
