/**
 * Wraps a model's event stream in the safety layer: triage of the latest user message before
 * the model is asked for anything, the referral first on an emergency, the disclaimer just
 * before `done`. Notices are events of their own and never part of the model's text, so they
 * never reach the model's context on later turns.
 */
import type { ChatMessage } from "../chat/types.ts";
import type { ChatEvent, Usage } from "../generate/types.ts";
import type { ChatStreamEvent, TriageLevel } from "./types.ts";
import type { SafetyPolicy } from "./policy.ts";
import { disclaimerText, referralMessage } from "./referral.ts";
import { triage } from "./triage.ts";
import { latestUserMessage } from "./without-model.ts";
import { secondOpinionReason, type EmergencyClassifier, type SecondOpinion } from "./second-opinion.ts";

/** What the caller hands the safety layer: which model and settings (for the audit record), and the model's second opinion if one is loaded. */
export interface SafetyContext {
  modelHash?: () => Promise<string>;
  settings?: Record<string, unknown>;
  /** The loaded model's emergency yes/no (second-opinion.ts); used when `policy.secondOpinion` is on. */
  classify?: EmergencyClassifier;
}

export async function* applySafety(
  messages: ChatMessage[],
  events: AsyncIterable<ChatEvent>,
  policy: SafetyPolicy,
  context: SafetyContext = {},
): AsyncGenerator<ChatStreamEvent> {
  const question = latestUserMessage(messages);
  // Opened before generation, so a bad audit path fails the call instead of losing the record.
  // (Loaded only when used: the audit log needs Node's file system, the rest of the layer does not.)
  const audit = policy.audit ? (await import("./audit/recorder.ts")).auditLogFor(policy.audit.path, policy.audit.text ?? "hash") : undefined;
  let level: TriageLevel | undefined;
  let reasonIds: string[] = [];
  if (policy.triage) {
    const result = triage(question);
    let opinion: SecondOpinion | { error: string } | undefined;
    if (policy.secondOpinion && context.classify && question.trim()) {
      try {
        opinion = await context.classify(question);
        // Either one flagging an emergency makes it one; the model's flag is a reason of its own.
        if (opinion.emergency) {
          result.reasons.push(secondOpinionReason(opinion));
          result.level = "emergency";
        }
      } catch (err) {
        opinion = { error: (err as Error).message }; // the rules' answer stands
      }
    }
    level = result.level;
    reasonIds = result.reasons.map((r) => r.id);
    yield { type: "triage", level: result.level, reasons: result.reasons, ...(opinion ? { secondOpinion: opinion } : {}) };
    if (result.level === "emergency") yield { type: "notice", kind: "referral", text: referralMessage(result, policy) };
  }
  const firstAnswer = !messages.some((m) => m.role === "assistant");
  let answer = "";
  let recorded = false;
  /** One record per exchange, however it ends: done, an error (the upstream failed), or an abort. */
  const record = async (end: { stopReason: string; reasoningTruncated?: boolean; error?: string }, usage?: Usage) => {
    if (!audit || recorded) return;
    recorded = true;
    await audit.appendAsync({
      modelHash: context.modelHash ? await context.modelHash().catch(() => "unknown") : "unknown",
      settings: { ...context.settings, ...end },
      triage: level ? { level, reasons: reasonIds } : undefined,
      usage,
      question,
      answer,
    });
  };
  try {
    for await (const ev of events) {
      if (ev.type === "content") answer += ev.text;
      if (ev.type === "done") {
        if (policy.disclaimer === "every-answer" || (policy.disclaimer === "once-per-conversation" && firstAnswer)) {
          yield { type: "notice", kind: "disclaimer", text: disclaimerText(policy) };
        }
        await record({ stopReason: ev.stopReason, reasoningTruncated: ev.reasoningTruncated }, ev.usage);
      }
      yield ev;
    }
  } catch (err) {
    // Only the error's code: its message may quote an upstream's answer.
    const aborted = (err as Error)?.name === "AbortError";
    await record(aborted ? { stopReason: "abort" } : { stopReason: "error", error: errorCode(err) });
    throw err;
  } finally {
    // The consumer stopped reading before the end (e.g. its client went away).
    await record({ stopReason: "abort" });
  }
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  return typeof e?.code === "string" ? e.code : typeof e?.name === "string" ? e.name : "unknown";
}
