/**
 * Wraps a model's event stream in the safety layer: triage of the latest user message before
 * the model is asked for anything, the referral first on an emergency, the disclaimer just
 * before `done`. Notices are events of their own and never part of the model's text, so they
 * never reach the model's context on later turns.
 */
import type { ChatEvent, ChatMessage, ChatStreamEvent, TriageLevel } from "../sdk/types.ts";
import type { SafetyPolicy } from "./policy.ts";
import { disclaimerText, referralMessage } from "./referral.ts";
import { triage } from "./triage.ts";

/** What the audit record needs from the caller: which model, with which settings. */
export interface SafetyContext {
  modelHash?: () => Promise<string>;
  settings?: Record<string, unknown>;
}

export async function* applySafety(
  messages: ChatMessage[],
  events: AsyncIterable<ChatEvent>,
  policy: SafetyPolicy,
  context: SafetyContext = {},
): AsyncGenerator<ChatStreamEvent> {
  const question = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  // Opened before generation, so a bad audit path fails the call instead of losing the record.
  // (Loaded only when used: the audit log needs Node's file system, the rest of the layer does not.)
  const audit = policy.audit ? (await import("./audit/recorder.ts")).auditLogFor(policy.audit.path, policy.audit.text ?? "hash") : undefined;
  let level: TriageLevel | undefined;
  let reasonIds: string[] = [];
  if (policy.triage) {
    const result = triage(question);
    level = result.level;
    reasonIds = result.reasons.map((r) => r.id);
    yield { type: "triage", level: result.level, reasons: result.reasons };
    if (result.level === "emergency") yield { type: "notice", kind: "referral", text: referralMessage(result, policy) };
  }
  const firstAnswer = !messages.some((m) => m.role === "assistant");
  let answer = "";
  for await (const ev of events) {
    if (ev.type === "content") answer += ev.text;
    if (ev.type === "done") {
      if (policy.disclaimer === "every-answer" || (policy.disclaimer === "once-per-conversation" && firstAnswer)) {
        yield { type: "notice", kind: "disclaimer", text: disclaimerText(policy) };
      }
      if (audit) {
        audit.append({
          modelHash: context.modelHash ? await context.modelHash() : "unknown",
          settings: { ...context.settings, stopReason: ev.stopReason, reasoningTruncated: ev.reasoningTruncated },
          triage: level ? { level, reasons: reasonIds } : undefined,
          usage: ev.usage,
          question,
          answer,
        });
      }
    }
    yield ev;
  }
}
