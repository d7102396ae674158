/**
 * Emergency referral text, locale-aware: the emergency number of the user's region (locales.ts),
 * and a crisis line for suicidal thoughts where one is well known. An unknown region gets 112
 * (the number that works from mobile phones in most countries) and says so.
 */
import type { SafetyPolicy } from "./policy.ts";
import type { TriageResult } from "./triage.ts";
import { crisisLineOf, emergencyNumberOf } from "./locales.ts";

/** Reasons after which the crisis line is named too. */
const SUICIDE_REASONS = new Set(["suicidal_ideation", "hopeless_with_means"]);

/** The fallback when the region's number is not known here. */
const FALLBACK = "112";

export function emergencyNumber(policy: SafetyPolicy): string {
  return policy.emergencyNumber ?? emergencyNumberOf(policy.locale) ?? FALLBACK;
}

/** The number as it is written in a sentence: with a caveat when it is only the fallback. */
function numberInText(policy: SafetyPolicy): string {
  const n = emergencyNumber(policy);
  return policy.emergencyNumber === undefined && emergencyNumberOf(policy.locale) === undefined ? `${n} (or your local emergency number)` : n;
}

export function referralMessage(result: TriageResult, policy: SafetyPolicy): string {
  const number = numberInText(policy);
  const what = result.reasons.map((r) => r.label).join("; ");
  let text = `⚠ This may be a medical emergency (${what}). Call ${number} or go to the nearest emergency department now. Do not wait for this chat.`;
  if (result.reasons.some((r) => SUICIDE_REASONS.has(r.id))) {
    const line = policy.crisisLine ?? crisisLineOf(policy.locale);
    text += ` If you are thinking about ending your life, you are not alone: call ${number}${line ? ` or ${line}` : ""} now.`;
  }
  return text;
}

export function disclaimerText(policy: SafetyPolicy): string {
  return policy.disclaimerText.replaceAll("{number}", numberInText(policy));
}
