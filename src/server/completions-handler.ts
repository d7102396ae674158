/**
 * `POST /v1/completions`: raw text continuation (no chat template, no reasoning split). The
 * safety layer applies as on chat: the prompt is triaged as the user's text, the referral comes
 * first in `text` and the disclaimer last (unless `medpsy: {notices_in_content: false}` or a stop
 * string of the request would appear in the text with them: see AnswerText), the
 * `medpsy` field carries them as data, and the exchange goes to the audit log. `n` choices run
 * as on chat (choices.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { applySafety } from "../safety/apply.ts";
import type { ChatEvent, ChatOptions, ChatStreamEvent } from "../sdk/types.ts";
import type { ServerState } from "./state.ts";
import { constraintField, parseCompletionRequest } from "./validate-request.ts";
import { endStreamWithError, startSse, writeSse } from "./sse.ts";
import { prepareOnSlot, runOnSlot } from "./run-on-slot.ts";
import { namingConstraint, withSafetyOutcome } from "./errors.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { usageBody } from "./chat-handler.ts";
import { refuseLocalOnly } from "./tools-request.ts";
import { ChoiceError } from "./chat-choice.ts";
import { forkChoices, refuseUpstreamChoices, runChoices, sumUsage } from "./choices.ts";
import { runCompletionChoice, type CompletionChoice } from "./completion-choice.ts";

export async function handleCompletion(state: ServerState, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<number> {
  const parsed = parseCompletionRequest(body, state.backend.contextLength);
  if (!state.backend.supportsTools) refuseLocalOnly(parsed.options, undefined);
  refuseUpstreamChoices(state.backend, parsed.n);
  const base = { id: `cmpl-${randomUUID().replaceAll("-", "")}`, object: "text_completion", created: Math.floor(Date.now() / 1000), model: state.backend.modelName };
  return runOnSlot(state, req, res, undefined, async (lease, signal) => {
    const asked = [{ role: "user" as const, content: parsed.prompt }];
    const prepared = await prepareOnSlot(state, lease, parsed.prompt, asked, parsed.options, signal, "prompt");
    const choices = await forkChoices(state.backend, lease.slot.state, prepared, parsed.n);
    const started = Date.now();
    if (parsed.stream) startSse(res, state.corsHeaders(req));
    const write = parsed.stream ? (choice: Record<string, unknown>, medpsy?: unknown) => writeSse(res, { ...base, choices: [choice], ...(medpsy ? { medpsy } : {}) }) : undefined;
    const choiceEvents = (slot: unknown, options: ChatOptions): AsyncIterable<ChatStreamEvent> => {
      const raw: AsyncIterable<ChatEvent> = state.backend.complete(slot, parsed.prompt, options, prepared);
      return state.policy
        ? applySafety(asked, raw, state.policy, { modelHash: state.backend.modelHash, settings: { ...parsed.options, endpoint: "completions" } })
        : raw;
    };
    let results: CompletionChoice[];
    try {
      results = await runChoices(choices, parsed.options, signal, (slot, i, options) => runCompletionChoice(i, choiceEvents(slot, options), { parsed, write, rememberNotice: (t) => state.rememberNotice(t) }));
    } catch (err) {
      const inner = namingConstraint(err instanceof ChoiceError ? err.inner : err, constraintField(parsed.options));
      const outcome = err instanceof ChoiceError ? err.outcome : undefined;
      if (!parsed.stream) throw withSafetyOutcome(inner, outcome ?? safetyWithoutModel(asked, state.policy), "prompt");
      return endStreamWithError(res, inner);
    }
    lease.slot.history = [];
    const usage = sumUsage(results.map((r) => r.usage));
    const cached = state.backend.reusedPromptTokens?.(lease.slot.state) ?? 0;
    state.recordUsage(usage, (Date.now() - started) / 1000, cached);
    if (parsed.stream) {
      if (parsed.includeUsage) writeSse(res, { ...base, choices: [], usage: usageBody(usage, cached) });
      writeSse(res, "[DONE]");
      res.end();
      return 200;
    }
    const medpsy = state.policy ? { medpsy: results[0]!.medpsy, ...(parsed.n > 1 ? { medpsy_choices: results.map((r) => r.medpsy) } : {}) } : {};
    const answers = results.map((r, index) => ({ index, text: r.text, finish_reason: r.finish, logprobs: r.logprobs }));
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...state.corsHeaders(req) });
    res.end(JSON.stringify({ ...base, choices: answers, usage: usageBody(usage, cached), ...medpsy }));
    return 200;
  });
}
