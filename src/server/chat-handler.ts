/**
 * `POST /v1/chat/completions`: validate, take a slot, run the model through the safety layer,
 * answer as one JSON object or as SSE chunks. Reasoning goes to `reasoning_content`, never to
 * `content`; the referral and disclaimer go first/last in `content` (unless the client asks for
 * them only in the `medpsy` field) and the triage result rides in `medpsy`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { applySafety } from "../safety/apply.ts";
import type { ChatEvent, ChatOptions, ChatStreamEvent, Usage } from "../sdk/types.ts";
import type { ServerState } from "./state.ts";
import { constraintField, parseChatRequest } from "./validate-request.ts";
import { stripSafetyNotices } from "./strip-notices.ts";
import { endStreamWithError, startSse, writeSse } from "./sse.ts";
import { prepareOnSlot, runOnSlot } from "./run-on-slot.ts";
import { namingConstraint, withSafetyOutcome } from "./errors.ts";
import { refuseLocalOnly } from "./tools-request.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { reasoningInline } from "./reasoning-inline.ts";
import { ChoiceError, runChoice, type ChoiceResult } from "./chat-choice.ts";
import { forkChoices, refuseUpstreamChoices, runChoices, sumUsage } from "./choices.ts";

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
  if (!state.backend.supportsTools) refuseLocalOnly(parsed.options, parsed.messages);
  refuseUpstreamChoices(state.backend, parsed.n);
  const messages = stripSafetyNotices(parsed.messages, state.policy, state.knownNotices());
  const id = `chatcmpl-${randomUUID().replaceAll("-", "")}`;
  const created = Math.floor(Date.now() / 1000);
  const model = state.backend.modelName;
  const base = { id, created, model, system_fingerprint: state.fingerprint };

  return runOnSlot(state, req, res, messages, async (lease, signal) => {
    const prepared = await prepareOnSlot(state, lease, messages, messages, parsed.options, signal);
    const choices = await forkChoices(state.backend, lease.slot.state, prepared, parsed.n);
    const started = Date.now();
    if (parsed.stream) startSse(res, state.corsHeaders(req));
    const write = parsed.stream ? (c: Record<string, unknown>) => writeSse(res, { ...base, object: "chat.completion.chunk", ...c }) : undefined;
    const choiceEvents = (slot: unknown, options: ChatOptions): AsyncIterable<ChatStreamEvent> => {
      const generated = state.backend.chat(slot, messages, options, prepared);
      const raw: AsyncIterable<ChatEvent> = parsed.reasoningInContent ? reasoningInline(generated) : generated;
      return state.policy
        ? applySafety(messages, raw, state.policy, { modelHash: state.backend.modelHash, classify: state.backend.emergencyClassifier, settings: { ...parsed.options, endpoint: "chat.completions" } })
        : raw;
    };
    let results: ChoiceResult[];
    try {
      results = await runChoices(choices, parsed.options, signal, (slot, i, options) => runChoice(i, choiceEvents(slot, options), { parsed, write, rememberNotice: (t) => state.rememberNotice(t) }));
    } catch (err) {
      const inner = namingConstraint(err instanceof ChoiceError ? err.inner : err, constraintField(parsed.options));
      const outcome = err instanceof ChoiceError ? err.outcome : undefined;
      if (!parsed.stream) throw withSafetyOutcome(inner, outcome ?? safetyWithoutModel(messages, state.policy));
      return endStreamWithError(res, inner);
    }
    const first = results[0]!;
    const usage = sumUsage(results.map((r) => r.usage));
    const cached = state.backend.reusedPromptTokens?.(lease.slot.state) ?? 0;
    state.recordUsage(usage, (Date.now() - started) / 1000, cached);
    lease.slot.history = [...messages, { role: "assistant", content: first.content, ...(first.toolCalls.length ? { tool_calls: first.toolCalls } : {}) }];

    if (parsed.stream) {
      if (parsed.includeUsage) writeSse(res, { ...base, object: "chat.completion.chunk", choices: [], usage: usageBody(usage, cached) });
      writeSse(res, "[DONE]");
      res.end();
      return 200;
    }
    const answers = results.map((r, index) => ({ index, message: r.message, finish_reason: r.finish, logprobs: r.logprobs }));
    const json = JSON.stringify({ ...base, object: "chat.completion", choices: answers, usage: usageBody(usage, cached), medpsy: first.medpsy, ...(parsed.n > 1 ? { medpsy_choices: results.map((r) => r.medpsy) } : {}) });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...state.corsHeaders(req) });
    res.end(json);
    return 200;
  });
}
