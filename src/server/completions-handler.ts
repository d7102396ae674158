/**
 * `POST /v1/completions`: raw text continuation (no chat template, no reasoning split). The
 * safety layer applies as on chat: the prompt is triaged as the user's text, the referral comes
 * first in `text` and the disclaimer last (unless `medpsy: {notices_in_content: false}`), the
 * `medpsy` field carries them as data, and the exchange goes to the audit log.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { applySafety } from "../safety/apply.ts";
import type { ChatEvent, ChatStreamEvent, TriageLevel, TriageReason, Usage } from "../sdk/types.ts";
import type { ServerState } from "./state.ts";
import { parseCompletionRequest } from "./validate-request.ts";
import { endStreamWithError, startSse, writeSse } from "./sse.ts";
import { runOnSlot } from "./run-on-slot.ts";
import { withSafetyOutcome } from "./errors.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { usageBody } from "./chat-handler.ts";

export async function handleCompletion(state: ServerState, req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<number> {
  const parsed = parseCompletionRequest(body, state.backend.contextLength);
  const base = { id: `cmpl-${randomUUID().replaceAll("-", "")}`, object: "text_completion", created: Math.floor(Date.now() / 1000), model: state.backend.modelName };
  return runOnSlot(state, req, res, undefined, async (lease, signal) => {
    const asked = [{ role: "user" as const, content: parsed.prompt }];
    let prepared: unknown;
    try {
      prepared = await state.backend.prepare?.(lease.slot.state, parsed.prompt, parsed.options, signal);
    } catch (err) {
      // Refused before the model ran (too long for its context): the rules still read the prompt.
      throw withSafetyOutcome(err, safetyWithoutModel(asked, state.policy));
    }
    const started = Date.now();
    const raw: AsyncIterable<ChatEvent> = state.backend.complete(lease.slot.state, parsed.prompt, { ...parsed.options, signal }, prepared);
    const events: AsyncIterable<ChatStreamEvent> = state.policy
      ? applySafety(asked, raw, state.policy, { modelHash: state.backend.modelHash, settings: { ...parsed.options, endpoint: "completions" } })
      : raw;
    let text = "";
    let usage: Usage = { promptTokens: 0, reasoningTokens: 0, contentTokens: 0 };
    let finish = "stop";
    let triage: { level: TriageLevel; reasons: TriageReason[] } | null = null;
    const notices: Array<{ kind: "referral" | "disclaimer"; text: string }> = [];
    /** Anything sent in `text` yet (a notice or the continuation). */
    let written = false;
    const chunk = (piece: string, medpsy?: unknown) => writeSse(res, { ...base, choices: [{ index: 0, text: piece, finish_reason: null, logprobs: null }], ...(medpsy ? { medpsy } : {}) });
    if (parsed.stream) startSse(res, state.corsHeaders(req));
    try {
      for await (const ev of events) {
        if (ev.type === "triage") {
          triage = { level: ev.level, reasons: ev.reasons };
          if (parsed.stream) chunk("", { type: "triage", level: ev.level, reasons: ev.reasons });
        } else if (ev.type === "notice") {
          notices.push({ kind: ev.kind, text: ev.text });
          state.rememberNotice(ev.text);
          const shown = parsed.noticesInContent ? (written ? "\n\n" : "") + ev.text : "";
          if (shown) written = true;
          if (parsed.stream) chunk(shown, { type: "notice", kind: ev.kind, text: ev.text });
        } else if (ev.type === "content" || ev.type === "reasoning") {
          if (parsed.stream && ev.text) chunk((written && !text ? "\n\n" : "") + ev.text);
          if (ev.text) written = true;
          text += ev.text;
        } else if (ev.type === "done") {
          usage = ev.usage;
          finish = ev.stopReason === "length" ? "length" : "stop";
        }
      }
    } catch (err) {
      if (!parsed.stream) throw withSafetyOutcome(err, triage ? { triage, notices } : safetyWithoutModel(asked, state.policy));
      return endStreamWithError(res, err);
    }
    lease.slot.history = [];
    const cached = state.backend.reusedPromptTokens?.(lease.slot.state) ?? 0;
    state.recordUsage(usage, (Date.now() - started) / 1000, cached);
    if (parsed.stream) {
      writeSse(res, { ...base, choices: [{ index: 0, text: "", finish_reason: finish, logprobs: null }], medpsy: { type: "done" } });
      if (parsed.includeUsage) writeSse(res, { ...base, choices: [], usage: usageBody(usage, cached) });
      writeSse(res, "[DONE]");
      res.end();
      return 200;
    }
    const shown = parsed.noticesInContent
      ? [...notices.filter((n) => n.kind === "referral").map((n) => n.text), text, ...notices.filter((n) => n.kind === "disclaimer").map((n) => n.text)].filter((s) => s.length > 0).join("\n\n")
      : text;
    const medpsy = state.policy ? { medpsy: { triage, notices } } : {};
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...state.corsHeaders(req) });
    res.end(JSON.stringify({ ...base, choices: [{ index: 0, text: shown, finish_reason: finish, logprobs: null }], usage: usageBody(usage, cached), ...medpsy }));
    return 200;
  });
}
