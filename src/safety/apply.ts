/**
 * Wraps a model's event stream in the safety layer: triage of the latest user message before
 * the model is asked for anything, the referral first on an emergency, the disclaimer just
 * before `done`. Notices are events of their own and never part of the model's text, so they
 * never reach the model's context on later turns.
 */
import type { ChatEvent, ChatMessage, ChatStreamEvent } from "../sdk/types.ts";
import type { SafetyPolicy } from "./policy.ts";
import { disclaimerText, referralMessage } from "./referral.ts";
import { triage } from "./triage.ts";

export async function* applySafety(
  messages: ChatMessage[],
  events: AsyncIterable<ChatEvent>,
  policy: SafetyPolicy,
): AsyncGenerator<ChatStreamEvent> {
  if (policy.triage) {
    const last = [...messages].reverse().find((m) => m.role === "user");
    const result = triage(last?.content ?? "");
    yield { type: "triage", level: result.level, reasons: result.reasons };
    if (result.level === "emergency") yield { type: "notice", kind: "referral", text: referralMessage(result, policy) };
  }
  const firstAnswer = !messages.some((m) => m.role === "assistant");
  for await (const ev of events) {
    if (ev.type === "done" && (policy.disclaimer === "every-answer" || (policy.disclaimer === "once-per-conversation" && firstAnswer))) {
      yield { type: "notice", kind: "disclaimer", text: disclaimerText(policy) };
    }
    yield ev;
  }
}
