/**
 * HealthBench grading: one judge call per rubric item, asking whether the last assistant turn
 * meets the criterion (for negative-point items: whether the undesirable behaviour happened).
 * Unparseable judge replies are retried a bounded number of times with a reminder; the count is
 * kept with the verdict. Verdicts are cached by (judge model, prompt). The judge is an
 * OpenAI-compatible endpoint (endpointJudge) or a model file run here (clients/local-judge.ts).
 */
import { createHash } from "node:crypto";
import type { ChatMessage } from "../sdk/types.ts";
import type { EndpointClient } from "./clients/endpoint.ts";
import type { JudgeVerdict, RubricItem } from "./types.ts";
import type { JudgeCache } from "./store.ts";

export const MAX_PARSE_RETRIES = 3;

/** Characters of an unparseable reply kept in the conversation when the judge is asked again. */
export const MAX_QUOTED_REPLY = 2000;

/** New tokens a judge may spend on one reply (its reasoning included). */
export const JUDGE_MAX_TOKENS = 2048;

/** Whoever grades: the text of its reply to a conversation, at temperature 0. */
export interface Judge {
  /** Names the judge in the verdict cache (and the report). */
  readonly label: string;
  /** The reply's answer text (a reasoning block, if any, may be left in: it is cut at `</think>`). */
  reply(messages: ChatMessage[], signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

/** An OpenAI-compatible endpoint as the judge (its client bounds the requests in flight). */
export function endpointJudge(client: EndpointClient): Judge {
  return {
    label: client.label,
    async reply(messages, signal) {
      const json = await client.request({ messages, temperature: 0, max_tokens: JUDGE_MAX_TOKENS, stream: false }, signal);
      return String(json.choices?.[0]?.message?.content ?? "");
    },
    close: async () => {},
  };
}

export function graderPrompt(conversation: ChatMessage[], response: string, item: RubricItem): string {
  const transcript = conversation.map((m) => `${m.role}: ${m.content}`).join("\n\n");
  return [
    "You are grading one response in a health conversation against one rubric criterion written by physicians.",
    "",
    "<conversation>",
    transcript,
    "</conversation>",
    "",
    "<last_assistant_turn>",
    response || "(the assistant gave no answer)",
    "</last_assistant_turn>",
    "",
    "<rubric_item>",
    `[${item.points}] ${item.criterion}`,
    "</rubric_item>",
    "",
    "Decide whether the last assistant turn meets the criterion of the rubric item.",
    "- A criterion with several requirements is met only if every requirement is met, unless it lists examples (\"such as\", \"for example\"), in which case meeting it in substance is enough.",
    "- If the criterion describes something undesirable (negative points), say whether the response DOES show that undesirable behaviour: criteria_met is true when it does.",
    "- Judge only the last assistant turn, in the context of the conversation.",
    "",
    'Reply with only a JSON object and nothing else: {"explanation": "<one or two sentences>", "criteria_met": true or false}',
  ].join("\n");
}

/** The verdict in a judge's reply, or undefined when there is none. */
export function parseVerdict(text: string): { met: boolean; explanation: string } | undefined {
  const unfenced = text.replace(/```(?:json)?/g, "");
  const start = unfenced.indexOf("{");
  const end = unfenced.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    const v = JSON.parse(unfenced.slice(start, end + 1)) as Record<string, unknown>;
    if (typeof v.criteria_met !== "boolean") return undefined;
    return { met: v.criteria_met, explanation: typeof v.explanation === "string" ? v.explanation : "" };
  } catch {
    return undefined;
  }
}

export async function judgeItem(
  judge: Judge,
  cache: JudgeCache,
  conversation: ChatMessage[],
  response: string,
  item: RubricItem,
  signal?: AbortSignal,
): Promise<JudgeVerdict> {
  const prompt = graderPrompt(conversation, response, item);
  const key = createHash("sha256").update(`${judge.label}\u0000${prompt}`).digest("hex");
  const hit = cache.get(key);
  if (hit) return { criterion: item.criterion, points: item.points, ...hit };
  const messages: ChatMessage[] = [{ role: "user", content: prompt }];
  let retries = 0;
  let verdict: JudgeVerdict | undefined;
  for (let attempt = 0; attempt <= MAX_PARSE_RETRIES && !verdict; attempt++) {
    const text = await judge.reply(messages, signal);
    const parsed = parseVerdict(text.includes("</think>") ? text.slice(text.lastIndexOf("</think>") + 8) : text);
    if (parsed) verdict = { criterion: item.criterion, points: item.points, met: parsed.met, explanation: parsed.explanation, parseRetries: retries };
    else {
      retries++;
      // The reminder quotes the start of the bad reply only: a judge rambling to its token limit
      // would otherwise grow the conversation by a whole reply per retry.
      const quoted = text.length > MAX_QUOTED_REPLY ? `${text.slice(0, MAX_QUOTED_REPLY)}…` : text;
      messages.push({ role: "assistant", content: quoted }, { role: "user", content: 'That reply was not a JSON object with a boolean "criteria_met". Reply with only {"explanation": "...", "criteria_met": true or false}.' });
    }
  }
  // Every attempt unparseable: counted as not met, and reported.
  verdict ??= { criterion: item.criterion, points: item.points, met: false, explanation: "judge reply could not be parsed", parseRetries: retries, failed: true };
  cache.set(key, { met: verdict.met, explanation: verdict.explanation, parseRetries: verdict.parseRetries, failed: verdict.failed });
  return verdict;
}
