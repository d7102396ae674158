/**
 * One choice of a chat completion: the model's events (through the safety layer) read into the
 * message, streamed as chunks of this choice's index when the request streams. `n > 1` runs one
 * of these per choice, concurrently.
 */
import type { ChatStreamEvent, StopReason, ToolCall, TriageLevel, TriageReason, Usage } from "../sdk/types.ts";
import { AnswerText } from "./answer-text.ts";
import { chatLogprob } from "./logprobs-body.ts";
import type { ParsedChat } from "./validate-request.ts";

/** `in_content`: whether it is also in `content` (see AnswerText). */
export interface Notice { kind: "referral" | "disclaimer"; text: string; in_content: boolean }

export interface ChoiceResult {
  message: Record<string, unknown>;
  finish: string;
  logprobs: { content: ReturnType<typeof chatLogprob>[]; refusal: null } | null;
  usage: Usage;
  /** The answer text as the model wrote it (no notices), and its calls: the slot's history. */
  content: string;
  toolCalls: ToolCall[];
  medpsy: { triage: { level: TriageLevel; reasons: TriageReason[] } | null; notices: Notice[]; reasoning_truncated: boolean };
}

export interface ChoiceContext {
  parsed: ParsedChat;
  /** Writes one chunk object (streaming only). */
  write?: (chunk: Record<string, unknown>) => void;
  rememberNotice: (text: string) => void;
}

const finishReason = (r: StopReason) => (r === "length" ? "length" : "stop");

/**
 * Reads one choice's events. On an error it throws a ChoiceError carrying the triage and notices
 * seen so far (the caller adds them to the error it answers with).
 */
export async function runChoice(index: number, events: AsyncIterable<ChatStreamEvent>, ctx: ChoiceContext): Promise<ChoiceResult> {
  const { parsed, write } = ctx;
  let reasoning = "";
  let content = "";
  let triage: ChoiceResult["medpsy"]["triage"] = null;
  const notices: Notice[] = [];
  let done: Extract<ChatStreamEvent, { type: "done" }> | undefined;
  const toolCalls: ToolCall[] = [];
  /** Calls whose arguments went out piece by piece (their whole tool_call is not sent again). */
  const streamed = new Set<string>();
  const shown = new AnswerText(parsed.noticesInContent, parsed.options.stop);
  const wantLogprobs = parsed.options.logprobs !== undefined;
  /** Log-probabilities of answer tokens: all of them, and those not yet streamed (sent with the next text). */
  const logprobs: ReturnType<typeof chatLogprob>[] = [];
  let unsent: ReturnType<typeof chatLogprob>[] = [];
  const chunk = (delta: Record<string, unknown>, medpsy?: unknown) => {
    if (!write) return;
    const lp = wantLogprobs && unsent.length && delta.content !== undefined ? { logprobs: { content: unsent, refusal: null } } : {};
    if ("logprobs" in lp) unsent = [];
    write({ choices: [{ index, delta, ...lp, finish_reason: null }], ...(medpsy ? { medpsy } : {}) });
  };
  chunk({ role: "assistant", content: "" });
  try {
    for await (const ev of events) {
      if (ev.type === "triage") {
        const second = ev.secondOpinion ? { second_opinion: ev.secondOpinion } : {};
        triage = { level: ev.level, reasons: ev.reasons, ...second };
        chunk({}, { type: "triage", level: ev.level, reasons: ev.reasons, ...second });
      } else if (ev.type === "notice") {
        const text = shown.notice(ev.kind, ev.text);
        notices.push({ kind: ev.kind, text: ev.text, in_content: text !== "" });
        ctx.rememberNotice(ev.text);
        chunk(text ? { content: text } : {}, { type: "notice", kind: ev.kind, text: ev.text, in_content: text !== "" });
      } else if (ev.type === "reasoning") {
        reasoning += ev.text;
        if (parsed.includeReasoning) chunk({ reasoning_content: ev.text });
      } else if (ev.type === "content") {
        const text = shown.answer(ev.text);
        if (text) chunk({ content: text });
        content += ev.text;
      } else if (ev.type === "logprob") {
        const entry = chatLogprob(ev);
        logprobs.push(entry);
        unsent.push(entry);
      } else if (ev.type === "tool_call_delta") {
        // OpenAI's shape: the first chunk of a call names it (id, type, name), the rest add arguments.
        const first = !streamed.has(ev.id);
        streamed.add(ev.id);
        chunk({ tool_calls: [first ? { index: ev.index, id: ev.id, type: "function", function: { name: ev.name, arguments: ev.arguments } } : { index: ev.index, function: { arguments: ev.arguments } }] });
      } else if (ev.type === "tool_call") {
        toolCalls.push(ev.call);
        if (!streamed.has(ev.call.id)) chunk({ tool_calls: [{ index: toolCalls.length - 1, ...ev.call }] });
      } else if (ev.type === "done") {
        done = ev;
      }
    }
  } catch (err) {
    throw new ChoiceError(err, triage ? { triage, notices } : undefined);
  }
  const stopped = done?.stopReason ?? "stop";
  const finish = toolCalls.length > 0 && stopped === "stop" ? "tool_calls" : finishReason(stopped);
  const medpsy = { triage, notices, reasoning_truncated: done?.reasoningTruncated ?? false };
  if (write) {
    if (wantLogprobs && unsent.length) chunk({ content: "" });
    write({ choices: [{ index, delta: {}, finish_reason: finish }], medpsy: { type: "done", reasoning_truncated: medpsy.reasoning_truncated } });
  }
  // With calls and nothing else to say, content is null (as OpenAI answers).
  const message: Record<string, unknown> = { role: "assistant", content: toolCalls.length && !shown.text ? null : shown.text };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (parsed.includeReasoning) message.reasoning_content = reasoning;
  return {
    message,
    finish,
    logprobs: wantLogprobs ? { content: logprobs, refusal: null } : null,
    usage: done?.usage ?? { promptTokens: 0, reasoningTokens: 0, contentTokens: 0 },
    content,
    toolCalls,
    medpsy,
  };
}

/** A choice that failed, with the safety outcome it had seen. */
export class ChoiceError extends Error {
  readonly inner: unknown;
  readonly outcome: { triage: NonNullable<ChoiceResult["medpsy"]["triage"]>; notices: Notice[] } | undefined;
  constructor(inner: unknown, outcome: ChoiceError["outcome"]) {
    super((inner as Error)?.message ?? String(inner));
    this.inner = inner;
    this.outcome = outcome;
  }
}
