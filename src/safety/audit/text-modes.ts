/**
 * What the audit log keeps of the texts: `full` as given, `redacted` with PHI replaced by placeholders
 * (the map back is not stored anywhere), `hash` only their sha256.
 */
export type AuditText = "full" | "redacted" | "hash";
export const AUDIT_TEXT_MODES: readonly AuditText[] = ["full", "redacted", "hash"];
