/**
 * One choice of a text completion: the model's events (through the safety layer) read into the
 * choice's text, streamed as chunks of this choice's index when the request streams. `n > 1`
 * runs one of these per choice, concurrently (see choices.ts).
 */
import type { ChatEvent, ChatStreamEvent, TriageLevel, TriageReason, Usage } from "../sdk/types.ts";
import { AnswerText } from "./answer-text.ts";
import { ChoiceError, type Notice } from "./chat-choice.ts";
import { completionLogprobs } from "./logprobs-body.ts";
import type { ParsedCompletion } from "./validate-request.ts";

type LogprobEvent = Extract<ChatEvent, { type: "logprob" }>;

export interface CompletionChoice {
  /** The text as the client sees it (notices placed by AnswerText). */
  text: string;
  finish: string;
  logprobs: ReturnType<typeof completionLogprobs> | null;
  usage: Usage;
  medpsy: { triage: { level: TriageLevel; reasons: TriageReason[] } | null; notices: Notice[] };
}

export interface CompletionChoiceContext {
  parsed: ParsedCompletion;
  /** Writes one choice entry of a chunk, with the chunk's `medpsy` (streaming only). */
  write?: (choice: Record<string, unknown>, medpsy?: unknown) => void;
  rememberNotice: (text: string) => void;
}

/** Reads one choice's events; on an error throws a ChoiceError carrying the triage and notices seen. */
export async function runCompletionChoice(index: number, events: AsyncIterable<ChatStreamEvent>, ctx: CompletionChoiceContext): Promise<CompletionChoice> {
  const { parsed, write } = ctx;
  let usage: Usage = { promptTokens: 0, reasoningTokens: 0, contentTokens: 0 };
  let finish = "stop";
  let triage: CompletionChoice["medpsy"]["triage"] = null;
  const notices: Notice[] = [];
  const shown = new AnswerText(parsed.noticesInContent, parsed.options.stop);
  const wantLogprobs = parsed.options.logprobs !== undefined;
  /** Answer tokens' log-probabilities: all, and those not streamed yet (they go with the next text). */
  const logprobs: LogprobEvent[] = [];
  let unsent: LogprobEvent[] = [];
  let sentChars = 0;
  const chunk = (piece: string, medpsy?: unknown) => {
    if (!write) return;
    let lp: unknown = null;
    if (wantLogprobs && unsent.length && piece) {
      const body = completionLogprobs(unsent, sentChars);
      lp = body;
      sentChars += body.tokens.reduce((n, t) => n + t.length, 0);
      unsent = [];
    }
    write({ index, text: piece, finish_reason: null, logprobs: lp }, medpsy);
  };
  try {
    for await (const ev of events) {
      if (ev.type === "triage") {
        triage = { level: ev.level, reasons: ev.reasons };
        chunk("", { type: "triage", level: ev.level, reasons: ev.reasons });
      } else if (ev.type === "notice") {
        const piece = shown.notice(ev.kind, ev.text);
        notices.push({ kind: ev.kind, text: ev.text, in_content: piece !== "" });
        ctx.rememberNotice(ev.text);
        chunk(piece, { type: "notice", kind: ev.kind, text: ev.text, in_content: piece !== "" });
      } else if (ev.type === "logprob") {
        logprobs.push(ev);
        unsent.push(ev);
      } else if (ev.type === "content" || ev.type === "reasoning") {
        const piece = shown.answer(ev.text);
        if (piece) chunk(piece);
      } else if (ev.type === "done") {
        usage = ev.usage;
        finish = ev.stopReason === "length" ? "length" : "stop";
      }
    }
  } catch (err) {
    throw new ChoiceError(err, triage ? { triage, notices } : undefined);
  }
  if (write) write({ index, text: "", finish_reason: finish, logprobs: wantLogprobs && unsent.length ? completionLogprobs(unsent, sentChars) : null }, { type: "done" });
  return { text: shown.text, finish, logprobs: wantLogprobs ? completionLogprobs(logprobs) : null, usage, medpsy: { triage, notices } };
}
