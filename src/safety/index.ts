/** The medical safety layer: triage, emergency referral, disclaimers, policy. */
export { triage, isHypothetical, type TriageResult } from "./triage.ts";
export { applySafety } from "./apply.ts";
export { referralMessage, emergencyNumber, disclaimerText } from "./referral.ts";
export { resolveSafetyPolicy, loadSafetyPolicy, defaultSafetyPolicy, DEFAULT_DISCLAIMER, type SafetyPolicy } from "./policy.ts";
export { redactPhi, restoreRedacted, findPhi, newRedactionMap, type RedactionMap, type Span } from "./phi/redact.ts";
export { AuditLog, verifyAuditLog, type AuditEntry, type AuditVerification } from "./audit/log.ts";
