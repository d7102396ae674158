/**
 * Emergency referral text, locale-aware: the emergency number of the user's region, and a crisis
 * line for suicidal thoughts where one is well known. Numbers: 911 (US, CA, MX), 999 (GB, IE also
 * 112), 000 (AU), 111 (NZ), 112 (EU, IN and most mobile networks worldwide — the default).
 */
import type { SafetyPolicy } from "./policy.ts";
import type { TriageResult } from "./triage.ts";

const EMERGENCY: Record<string, string> = { US: "911", CA: "911", MX: "911", GB: "999", IE: "112", AU: "000", NZ: "111", IN: "112", ZA: "112" };
const CRISIS: Record<string, string> = {
  US: "the 988 Suicide & Crisis Lifeline (call or text 988)",
  CA: "the 9-8-8 Suicide Crisis Helpline (call or text 988)",
  GB: "Samaritans on 116 123",
  IE: "Samaritans on 116 123",
  AU: "Lifeline on 13 11 14",
  NZ: "the 1737 helpline (call or text 1737)",
};

function region(locale: string): string {
  const parts = locale.split("-");
  return (parts.find((p, i) => i > 0 && /^[A-Za-z]{2}$/.test(p)) ?? "").toUpperCase();
}

export function emergencyNumber(policy: SafetyPolicy): string {
  return policy.emergencyNumber ?? EMERGENCY[region(policy.locale)] ?? "112";
}

export function referralMessage(result: TriageResult, policy: SafetyPolicy): string {
  const number = emergencyNumber(policy);
  const what = result.reasons.map((r) => r.label).join("; ");
  let text = `⚠ This may be a medical emergency (${what}). Call ${number} or go to the nearest emergency department now. Do not wait for this chat.`;
  if (result.reasons.some((r) => r.id === "suicidal_ideation")) {
    const line = policy.crisisLine ?? CRISIS[region(policy.locale)];
    text += ` If you are thinking about ending your life, you are not alone: call ${number}${line ? ` or ${line}` : ""} now.`;
  }
  return text;
}

export function disclaimerText(policy: SafetyPolicy): string {
  return policy.disclaimerText.replaceAll("{number}", emergencyNumber(policy));
}
