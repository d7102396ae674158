/**
 * `POST /v1/chat/completions`: validate, take a slot, run the model through the safety layer,
 * answer as one JSON object or as SSE chunks. Reasoning goes to `reasoning_content`, never to
 * `content`; the referral and disclaimer go first/last in `content` (unless the client asks for
 * them only in the `medpsy` field) and the triage result rides in `medpsy`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { applySafety } from "../safety/apply.ts";
import type { ChatEvent, ChatStreamEvent, StopReason, ToolCall, TriageLevel, TriageReason, Usage } from "../sdk/types.ts";
import type { ServerState } from "./state.ts";
import { parseChatRequest } from "./validate-request.ts";
import { stripSafetyNotices } from "./strip-notices.ts";
import { endStreamWithError, startSse, writeSse } from "./sse.ts";
import { runOnSlot } from "./run-on-slot.ts";
import { badRequest, withSafetyOutcome } from "./errors.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { reasoningInline } from "./reasoning-inline.ts";
import { AnswerText } from "./answer-text.ts";
import { chatLogprob } from "./logprobs-body.ts";

/** `in_content`: whether it is also in `content` (see AnswerText). */
interface Notice { kind: "referral" | "disclaimer"; text: string; in_content: boolean }

const finishReason = (r: StopReason) => (r === "length" ? "length" : "stop");

/** OpenAI's usage object; `cached` = prompt tokens taken from the slot's KV cache. */
export function usageBody(u: Usage, cached: number) {
  const completion = u.reasoningTokens + u.contentTokens;
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: completion,
    total_tokens: u.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: cached },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

export async function handleChat(state: ServerState, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<number> {
  const parsed = parseChatRequest(body, state.backend.contextLength);
  if (!state.backend.supportsTools && (parsed.options.tools || parsed.messages.some((m) => m.tool_calls || m.role === "tool"))) {
    throw badRequest("tools and tool messages are not forwarded to an upstream server; call it directly for function calling", "tools", "unsupported_parameter");
  }
  const messages = stripSafetyNotices(parsed.messages, state.policy, state.knownNotices());
  const id = `chatcmpl-${randomUUID().replaceAll("-", "")}`;
  const created = Math.floor(Date.now() / 1000);
  const model = state.backend.modelName;
  const base = { id, created, model, system_fingerprint: state.fingerprint };

  return runOnSlot(state, req, res, messages, async (lease, signal) => {
    let prepared: unknown;
    try {
      prepared = await state.backend.prepare?.(lease.slot.state, messages, parsed.options, signal);
    } catch (err) {
      // Refused before the model ran (too long for its context): the rules still read the message.
      throw withSafetyOutcome(err, safetyWithoutModel(messages, state.policy));
    }
    const generated = state.backend.chat(lease.slot.state, messages, { ...parsed.options, signal }, prepared);
    const raw: AsyncIterable<ChatEvent> = parsed.reasoningInContent ? reasoningInline(generated) : generated;
    const events: AsyncIterable<ChatStreamEvent> = state.policy
      ? applySafety(messages, raw, state.policy, { modelHash: state.backend.modelHash, classify: state.backend.emergencyClassifier, settings: { ...parsed.options, endpoint: "chat.completions" } })
      : raw;
    const it = events[Symbol.asyncIterator]();
    let reasoning = "";
    let content = "";
    let triage: { level: TriageLevel; reasons: TriageReason[] } | undefined;
    const notices: Notice[] = [];
    let done: Extract<ChatStreamEvent, { type: "done" }> | undefined;
    const toolCalls: ToolCall[] = [];
    const started = Date.now();
    const shown = new AnswerText(parsed.noticesInContent, parsed.options.stop);

    if (parsed.stream) {
      startSse(res, state.corsHeaders(req));
      writeSse(res, { ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
    }
    const wantLogprobs = parsed.options.logprobs !== undefined;
    /** Log-probabilities of answer tokens: all of them, and those not yet streamed (sent with the next text). */
    const logprobs: ReturnType<typeof chatLogprob>[] = [];
    let unsent: ReturnType<typeof chatLogprob>[] = [];
    const chunk = (delta: Record<string, unknown>, medpsy?: unknown) => {
      const lp = wantLogprobs && unsent.length && delta.content !== undefined ? { logprobs: { content: unsent, refusal: null } } : {};
      if ("logprobs" in lp) unsent = [];
      writeSse(res, { ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, ...lp, finish_reason: null }], ...(medpsy ? { medpsy } : {}) });
    };

    try {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const ev = r.value;
        if (ev.type === "triage") {
          const second = ev.secondOpinion ? { second_opinion: ev.secondOpinion } : {};
          triage = { level: ev.level, reasons: ev.reasons, ...second };
          if (parsed.stream) chunk({}, { type: "triage", level: ev.level, reasons: ev.reasons, ...second });
        } else if (ev.type === "notice") {
          const text = shown.notice(ev.kind, ev.text);
          notices.push({ kind: ev.kind, text: ev.text, in_content: text !== "" });
          state.rememberNotice(ev.text);
          if (parsed.stream) chunk(text ? { content: text } : {}, { type: "notice", kind: ev.kind, text: ev.text, in_content: text !== "" });
        } else if (ev.type === "reasoning") {
          reasoning += ev.text;
          if (parsed.stream && parsed.includeReasoning) chunk({ reasoning_content: ev.text });
        } else if (ev.type === "content") {
          const text = shown.answer(ev.text);
          if (parsed.stream && text) chunk({ content: text });
          content += ev.text;
        } else if (ev.type === "logprob") {
          const entry = chatLogprob(ev);
          logprobs.push(entry);
          unsent.push(entry);
        } else if (ev.type === "tool_call") {
          const call = { index: toolCalls.length, ...ev.call };
          toolCalls.push(ev.call);
          if (parsed.stream) chunk({ tool_calls: [call] });
        } else if (ev.type === "done") {
          done = ev;
        }
      }
    } catch (err) {
      if (!parsed.stream) throw withSafetyOutcome(err, triage ? { triage, notices } : safetyWithoutModel(messages, state.policy));
      return endStreamWithError(res, err);
    }
    const usage = done?.usage ?? { promptTokens: 0, reasoningTokens: 0, contentTokens: 0 };
    const cached = state.backend.reusedPromptTokens?.(lease.slot.state) ?? 0;
    state.recordUsage(usage, (Date.now() - started) / 1000, cached);
    lease.slot.history = [...messages, { role: "assistant", content, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }];
    const stopped = done?.stopReason ?? "stop";
    const finish = toolCalls.length > 0 && stopped === "stop" ? "tool_calls" : finishReason(stopped);
    const medpsy = { triage: triage ?? null, notices, reasoning_truncated: done?.reasoningTruncated ?? false };

    if (parsed.stream) {
      if (wantLogprobs && unsent.length) chunk({ content: "" });
      writeSse(res, { ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: finish }], medpsy: { type: "done", reasoning_truncated: medpsy.reasoning_truncated } });
      if (parsed.includeUsage) writeSse(res, { ...base, object: "chat.completion.chunk", choices: [], usage: usageBody(usage, cached) });
      writeSse(res, "[DONE]");
      res.end();
      return 200;
    }
    // With calls and nothing else to say, content is null (as OpenAI answers).
    const message: Record<string, unknown> = { role: "assistant", content: toolCalls.length && !shown.text ? null : shown.text };
    if (toolCalls.length) message.tool_calls = toolCalls;
    if (parsed.includeReasoning) message.reasoning_content = reasoning;
    const json = JSON.stringify({ ...base, object: "chat.completion", choices: [{ index: 0, message, finish_reason: finish, logprobs: wantLogprobs ? { content: logprobs, refusal: null } : null }], usage: usageBody(usage, cached), medpsy });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...state.corsHeaders(req) });
    res.end(json);
    return 200;
  });
}
