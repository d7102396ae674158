/**
 * The safety layer's answer when the model will not answer: a request refused before or during
 * generation (a prompt longer than the context, a model error) still gets the rules' triage of its
 * latest user message and, for an emergency, the referral, so that a long message from someone in
 * danger never comes back as a bare error. Rules only (no model is asked); linear in the text.
 */
import type { ChatMessage } from "../chat/types.ts";
import type { TriageLevel, TriageReason } from "./types.ts";
import type { SafetyPolicy } from "./policy.ts";
import { referralMessage } from "./referral.ts";
import { triage } from "./triage.ts";

/** What the layer said about a request: the triage result and its notices (the referral on an emergency). */
export interface SafetyOutcome {
  triage: { level: TriageLevel; reasons: TriageReason[] };
  notices: { kind: "referral" | "disclaimer"; text: string }[];
}

/** The message triage reads: the latest user message. */
export function latestUserMessage(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "user") return messages[i]!.content ?? "";
  return "";
}

/** Rules-only triage of the latest user message, with the referral on an emergency; undefined when triage is off. */
export function safetyWithoutModel(messages: readonly ChatMessage[], policy: SafetyPolicy | undefined): SafetyOutcome | undefined {
  if (!policy?.triage) return undefined;
  const result = triage(latestUserMessage(messages));
  return {
    triage: { level: result.level, reasons: result.reasons },
    notices: result.level === "emergency" ? [{ kind: "referral", text: referralMessage(result, policy) }] : [],
  };
}
