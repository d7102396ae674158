/**
 * Zero-shot prompts for the closed-ended benchmarks. The model reasons freely (it is a thinking
 * model) and is asked to end with one line "Answer: X", which extraction looks for first.
 */
import { createHash } from "node:crypto";
import type { ChatMessage } from "../sdk/types.ts";
import type { ClosedItem } from "./types.ts";

export function closedPrompt(item: ClosedItem): ChatMessage[] {
  if (item.contexts) {
    const context = item.contexts.map((c) => c.trim()).join("\n\n");
    return [
      {
        role: "user",
        content:
          `Read the abstract and answer the research question with yes, no or maybe.\n\n` +
          `Abstract:\n${context}\n\nQuestion: ${item.question}\n\n` +
          `End your reply with a final line of the form "Answer: yes", "Answer: no" or "Answer: maybe".`,
      },
    ];
  }
  const options = item.options.map(([l, t]) => `${l}. ${t}`).join("\n");
  const letters = item.labels.length > 2 ? `${item.labels[0]}–${item.labels.at(-1)}` : item.labels.join(" or ");
  return [
    {
      role: "user",
      content:
        `Answer the following multiple-choice question about medicine. Exactly one option is correct.\n\n` +
        `Question: ${item.question}\n\nOptions:\n${options}\n\n` +
        `End your reply with a final line of the form "Answer: X", where X is the letter (${letters}) of the correct option.`,
    },
  ];
}

/** Identifies a prompt across runs and resumes: the same messages always hash the same. */
export function promptHash(messages: ChatMessage[]): string {
  return createHash("sha256").update(JSON.stringify(messages.map((m) => [m.role, m.content]))).digest("hex").slice(0, 24);
}
