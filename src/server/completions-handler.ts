/**
 * `POST /v1/completions`: raw text continuation (no chat template, no reasoning split). The
 * safety layer applies as on chat: the prompt is triaged as the user's text, the referral comes
 * first in `text` and the disclaimer last (unless `medpsy: {notices_in_content: false}` or a stop
 * string of the request would appear in the text with them: see AnswerText), the
 * `medpsy` field carries them as data, and the exchange goes to the audit log.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { applySafety } from "../safety/apply.ts";
import type { ChatEvent, ChatStreamEvent, TriageLevel, TriageReason, Usage } from "../sdk/types.ts";
import type { ServerState } from "./state.ts";
import { parseCompletionRequest } from "./validate-request.ts";
import { endStreamWithError, startSse, writeSse } from "./sse.ts";
import { prepareOnSlot, runOnSlot } from "./run-on-slot.ts";
import { withSafetyOutcome } from "./errors.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { usageBody } from "./chat-handler.ts";
import { completionLogprobs } from "./logprobs-body.ts";
import { refuseLocalOnly } from "./tools-request.ts";

type LogprobEvent = Extract<ChatEvent, { type: "logprob" }>;
import { AnswerText } from "./answer-text.ts";

export async function handleCompletion(state: ServerState, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<number> {
  const parsed = parseCompletionRequest(body, state.backend.contextLength);
  if (!state.backend.supportsTools) refuseLocalOnly(parsed.options, undefined);
  const base = { id: `cmpl-${randomUUID().replaceAll("-", "")}`, object: "text_completion", created: Math.floor(Date.now() / 1000), model: state.backend.modelName };
  return runOnSlot(state, req, res, undefined, async (lease, signal) => {
    const asked = [{ role: "user" as const, content: parsed.prompt }];
    const prepared = await prepareOnSlot(state, lease, parsed.prompt, asked, parsed.options, signal, "prompt");
    const started = Date.now();
    const raw: AsyncIterable<ChatEvent> = state.backend.complete(lease.slot.state, parsed.prompt, { ...parsed.options, signal }, prepared);
    const events: AsyncIterable<ChatStreamEvent> = state.policy
      ? applySafety(asked, raw, state.policy, { modelHash: state.backend.modelHash, settings: { ...parsed.options, endpoint: "completions" } })
      : raw;
    let text = "";
    let usage: Usage = { promptTokens: 0, reasoningTokens: 0, contentTokens: 0 };
    let finish = "stop";
    let triage: { level: TriageLevel; reasons: TriageReason[] } | null = null;
    const notices: Array<{ kind: "referral" | "disclaimer"; text: string; in_content: boolean }> = [];
    const shown = new AnswerText(parsed.noticesInContent, parsed.options.stop);
    const wantLogprobs = parsed.options.logprobs !== undefined;
    /** Answer tokens' log-probabilities: all, and those not streamed yet (they go with the next text). */
    const logprobs: LogprobEvent[] = [];
    let unsent: LogprobEvent[] = [];
    let sentChars = 0;
    const chunk = (piece: string, medpsy?: unknown) => {
      let lp: unknown = null;
      if (wantLogprobs && unsent.length && piece) {
        const body = completionLogprobs(unsent, sentChars);
        lp = body;
        sentChars += body.tokens.reduce((n, t) => n + t.length, 0);
        unsent = [];
      }
      writeSse(res, { ...base, choices: [{ index: 0, text: piece, finish_reason: null, logprobs: lp }], ...(medpsy ? { medpsy } : {}) });
    };
    if (parsed.stream) startSse(res, state.corsHeaders(req));
    try {
      for await (const ev of events) {
        if (ev.type === "triage") {
          triage = { level: ev.level, reasons: ev.reasons };
          if (parsed.stream) chunk("", { type: "triage", level: ev.level, reasons: ev.reasons });
        } else if (ev.type === "notice") {
          const piece = shown.notice(ev.kind, ev.text);
          notices.push({ kind: ev.kind, text: ev.text, in_content: piece !== "" });
          state.rememberNotice(ev.text);
          if (parsed.stream) chunk(piece, { type: "notice", kind: ev.kind, text: ev.text, in_content: piece !== "" });
        } else if (ev.type === "logprob") {
          logprobs.push(ev);
          unsent.push(ev);
        } else if (ev.type === "content" || ev.type === "reasoning") {
          const piece = shown.answer(ev.text);
          text += ev.text;
          if (parsed.stream && piece) chunk(piece);
        } else if (ev.type === "done") {
          usage = ev.usage;
          finish = ev.stopReason === "length" ? "length" : "stop";
        }
      }
    } catch (err) {
      if (!parsed.stream) throw withSafetyOutcome(err, triage ? { triage, notices } : safetyWithoutModel(asked, state.policy), "prompt");
      return endStreamWithError(res, err);
    }
    lease.slot.history = [];
    const cached = state.backend.reusedPromptTokens?.(lease.slot.state) ?? 0;
    state.recordUsage(usage, (Date.now() - started) / 1000, cached);
    if (parsed.stream) {
      const rest = wantLogprobs && unsent.length ? completionLogprobs(unsent, sentChars) : null;
      writeSse(res, { ...base, choices: [{ index: 0, text: "", finish_reason: finish, logprobs: rest }], medpsy: { type: "done" } });
      if (parsed.includeUsage) writeSse(res, { ...base, choices: [], usage: usageBody(usage, cached) });
      writeSse(res, "[DONE]");
      res.end();
      return 200;
    }
    const medpsy = state.policy ? { medpsy: { triage, notices } } : {};
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...state.corsHeaders(req) });
    res.end(JSON.stringify({ ...base, choices: [{ index: 0, text: shown.text, finish_reason: finish, logprobs: wantLogprobs ? completionLogprobs(logprobs) : null }], usage: usageBody(usage, cached), ...medpsy }));
    return 200;
  });
}
