/** The medical safety layer: triage, emergency referral, disclaimers, policy. */
export { triage, isHypothetical, type TriageResult } from "./triage.ts";
export { applySafety } from "./apply.ts";
export { referralMessage, emergencyNumber, disclaimerText } from "./referral.ts";
export { resolveSafetyPolicy, defaultSafetyPolicy, DEFAULT_DISCLAIMER, type SafetyPolicy } from "./policy.ts";
export { loadSafetyPolicy } from "./policy-file.ts";
export { redactPhi, restoreRedacted, findPhi, newRedactionMap, type RedactionMap, type Span } from "./phi/redact.ts";
export { AuditLog, verifyAuditLog, AUDIT_TEXT_MODES, type AuditEntry, type AuditVerification, type AuditText } from "./audit/log.ts";
export { auditLogFor, closeAuditLogs } from "./audit/recorder.ts";
export type { AuditPolicy } from "./policy.ts";
export type { SafetyContext } from "./apply.ts";
