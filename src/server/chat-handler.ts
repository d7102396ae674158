/**
 * `POST /v1/chat/completions`: validate, take a slot, run the model through the safety layer,
 * answer as one JSON object or as SSE chunks. Reasoning goes to `reasoning_content`, never to
 * `content`; the referral and disclaimer go first/last in `content` (unless the client asks for
 * them only in the `medpsy` field) and the triage result rides in `medpsy`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { applySafety } from "../safety/apply.ts";
import type { ChatEvent, ChatStreamEvent, Usage } from "../sdk/types.ts";
import type { ServerState } from "./state.ts";
import { parseChatRequest } from "./validate-request.ts";
import { stripSafetyNotices } from "./strip-notices.ts";
import { endStreamWithError, startSse, writeSse } from "./sse.ts";
import { prepareOnSlot, runOnSlot } from "./run-on-slot.ts";
import { badRequest, HttpError, withSafetyOutcome } from "./errors.ts";
import { refuseLocalOnly } from "./tools-request.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { reasoningInline } from "./reasoning-inline.ts";
import { ChoiceError, runChoice, type ChoiceResult } from "./chat-choice.ts";

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
  if (parsed.n > 1 && !state.backend.fork) throw badRequest("'n' must be 1 in front of an upstream server", "n", "unsupported_value");
  const messages = stripSafetyNotices(parsed.messages, state.policy, state.knownNotices());
  const id = `chatcmpl-${randomUUID().replaceAll("-", "")}`;
  const created = Math.floor(Date.now() / 1000);
  const model = state.backend.modelName;
  const base = { id, created, model, system_fingerprint: state.fingerprint };

  return runOnSlot(state, req, res, messages, async (lease, signal) => {
    const prepared = await prepareOnSlot(state, lease, messages, messages, parsed.options, signal);
    // n > 1: more sessions holding a copy of the prompt's cache, generated together with the slot's.
    const n = parsed.n;
    let forked: Awaited<ReturnType<NonNullable<typeof state.backend.fork>>> | undefined;
    try {
      forked = n > 1 ? await state.backend.fork!(lease.slot.state, prepared, n - 1) : undefined;
    } catch (err) {
      if ((err as { code?: string })?.code === "SLOTS_DO_NOT_FIT") throw new HttpError(503, `not enough free memory for ${n} choices' KV caches; ask for fewer`, { param: "n", code: "insufficient_memory" });
      throw err;
    }
    const ac = new AbortController();
    const both = AbortSignal.any([signal, ac.signal]);
    const started = Date.now();
    if (parsed.stream) startSse(res, state.corsHeaders(req));
    const write = parsed.stream ? (c: Record<string, unknown>) => writeSse(res, { ...base, object: "chat.completion.chunk", ...c }) : undefined;
    const seed = parsed.options.seed;
    const choiceEvents = (slot: unknown, i: number): AsyncIterable<ChatStreamEvent> => {
      // Choice i samples with seed + i: the same seed would give n copies of one answer.
      const options = { ...parsed.options, signal: both, ...(seed !== undefined ? { seed: (seed + i) % 2 ** 32 } : {}) };
      const generated = state.backend.chat(slot, messages, options, prepared);
      const raw: AsyncIterable<ChatEvent> = parsed.reasoningInContent ? reasoningInline(generated) : generated;
      return state.policy
        ? applySafety(messages, raw, state.policy, { modelHash: state.backend.modelHash, classify: state.backend.emergencyClassifier, settings: { ...parsed.options, endpoint: "chat.completions" } })
        : raw;
    };
    const slots = [lease.slot.state, ...(forked?.states ?? [])];
    let results: ChoiceResult[];
    try {
      results = await Promise.all(
        slots.map((slot, i) =>
          runChoice(i, choiceEvents(slot, i), { parsed, write, rememberNotice: (t) => state.rememberNotice(t) }).catch((err) => {
            ac.abort(); // one choice failing ends the others
            throw err;
          }),
        ),
      );
    } catch (err) {
      const inner = err instanceof ChoiceError ? err.inner : err;
      const outcome = err instanceof ChoiceError ? err.outcome : undefined;
      if (!parsed.stream) throw withSafetyOutcome(inner, outcome ?? safetyWithoutModel(messages, state.policy));
      return endStreamWithError(res, inner);
    } finally {
      forked?.release();
    }
    const first = results[0]!;
    // Usage: the prompt once, every choice's completion tokens.
    const usage = { ...first.usage, reasoningTokens: sum(results, (r) => r.usage.reasoningTokens), contentTokens: sum(results, (r) => r.usage.contentTokens) };
    const cached = state.backend.reusedPromptTokens?.(lease.slot.state) ?? 0;
    state.recordUsage(usage, (Date.now() - started) / 1000, cached);
    lease.slot.history = [...messages, { role: "assistant", content: first.content, ...(first.toolCalls.length ? { tool_calls: first.toolCalls } : {}) }];

    if (parsed.stream) {
      if (parsed.includeUsage) writeSse(res, { ...base, object: "chat.completion.chunk", choices: [], usage: usageBody(usage, cached) });
      writeSse(res, "[DONE]");
      res.end();
      return 200;
    }
    const choices = results.map((r, index) => ({ index, message: r.message, finish_reason: r.finish, logprobs: r.logprobs }));
    const json = JSON.stringify({ ...base, object: "chat.completion", choices, usage: usageBody(usage, cached), medpsy: first.medpsy, ...(n > 1 ? { medpsy_choices: results.map((r) => r.medpsy) } : {}) });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...state.corsHeaders(req) });
    res.end(json);
    return 200;
  });
}

const sum = <T>(a: T[], f: (x: T) => number) => a.reduce((s, x) => s + f(x), 0);
