/** The safety layer's vocabulary: triage levels and reasons, and the events it adds to a stream. */
import type { ChatEvent } from "../generate/types.ts";
import type { SafetyPolicy } from "./policy.ts";

/** Triage levels of the safety layer. */
export type TriageLevel = "emergency" | "urgent" | "routine";

export interface TriageReason {
  /** Stable id of the red flag, e.g. `chest_pain_cardiac`, `stroke_fast`, `suicidal_ideation`. */
  id: string;
  /** Human-readable description. */
  label: string;
  /** The words in the user's text that triggered it. */
  evidence: string;
  level: TriageLevel;
}

/** The loaded model's yes/no on "emergency now?" (./second-opinion.ts), or why it could not answer. */
export type TriageSecondOpinion = { emergency: boolean; probability: number; answerMass: number; promptTokens: number } | { error: string };

/**
 * Events added by the safety layer around the model's own events. They never enter the
 * model's context.
 * - `triage` comes first, before any model output;
 * - `notice` of kind `referral` follows an emergency triage (its text cannot be removed by the model);
 * - `notice` of kind `disclaimer` comes just before `done`.
 */
export type SafetyEvent =
  | { type: "triage"; level: TriageLevel; reasons: TriageReason[]; secondOpinion?: TriageSecondOpinion }
  | { type: "notice"; kind: "referral" | "disclaimer"; text: string };

/** Everything a chat through the safety layer yields. */
export type ChatStreamEvent = ChatEvent | SafetyEvent;

export interface SafetyChatOptions {
  /** Safety policy: fields given override the defaults (see ./policy.ts); `false` turns the layer off for this call. */
  safety?: Partial<SafetyPolicy> | false;
}
