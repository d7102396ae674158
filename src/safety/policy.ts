/**
 * The safety policy: one typed object controlling triage, the emergency referral and the
 * disclaimer. `resolveSafetyPolicy` merges a partial policy over the defaults and validates it.
 */
import { InvalidArgumentError } from "../errors.ts";
import { AUDIT_TEXT_MODES, type AuditText } from "./audit/text-modes.ts";
import { TRIAGE_LANGUAGES, languageOf } from "./locales.ts";

export interface AuditPolicy {
  /** The JSONL file each exchange is appended to (created if missing, its chain continued if not). */
  path: string;
  /** What is kept of the question and answer: "full", "redacted" (PHI replaced) or "hash". Default "hash". */
  text?: AuditText;
}

export interface SafetyPolicy {
  /** Triage the latest user message before generation. Default true. */
  triage: boolean;
  /**
   * BCP 47 locale: its language must be one the triage rules read (English: "en-…"), its region
   * picks the emergency number and crisis line, e.g. "en-US", "en-GB", "en-DE" (English rules,
   * German numbers). Another language is refused unless `triage` is false.
   */
  locale: string;
  /** Ask the loaded model too (second-opinion.ts) when there is one; either flagging makes it an emergency. Default true. */
  secondOpinion: boolean;
  /** Overrides the emergency number of the locale (e.g. a hospital's internal number). */
  emergencyNumber?: string;
  /** Overrides the crisis line shown for suicidal thoughts. */
  crisisLine?: string;
  /** "every-answer", "once-per-conversation" (first answer only) or "off". */
  disclaimer: "every-answer" | "once-per-conversation" | "off";
  /** The disclaimer text; `{number}` is replaced by the emergency number. */
  disclaimerText: string;
  /** Opt-in audit trail of every exchange (see src/safety/audit). Off unless set. */
  audit?: AuditPolicy;
}

export const DEFAULT_DISCLAIMER =
  "This answer comes from an AI model, not a clinician, and it can be wrong. Check anything important with a qualified health professional; in an emergency call {number}.";

export const defaultSafetyPolicy: SafetyPolicy = {
  triage: true,
  locale: "en-US",
  secondOpinion: true,
  disclaimer: "every-answer",
  disclaimerText: DEFAULT_DISCLAIMER,
};

const KEYS = new Set(["triage", "locale", "secondOpinion", "emergencyNumber", "crisisLine", "disclaimer", "disclaimerText", "audit"]);

export function resolveSafetyPolicy(input: unknown): SafetyPolicy {
  if (input === undefined || input === null || input === true) return { ...defaultSafetyPolicy };
  if (typeof input !== "object" || Array.isArray(input)) {
    throw new InvalidArgumentError("safety policy must be an object", { expected: "{ locale?, disclaimer?, ... } or false", found: typeof input });
  }
  for (const k of Object.keys(input)) {
    if (!KEYS.has(k)) throw new InvalidArgumentError(`unknown safety policy field "${k}"`, { expected: [...KEYS].join(", "), found: k });
  }
  const p = { ...defaultSafetyPolicy, ...(input as Partial<SafetyPolicy>) };
  if (typeof p.triage !== "boolean") throw new InvalidArgumentError("safety.triage must be a boolean", { found: String(p.triage) });
  if (typeof p.locale !== "string" || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(p.locale)) {
    throw new InvalidArgumentError("safety.locale must be a BCP 47 tag", { expected: 'e.g. "en-US"', found: JSON.stringify(p.locale) });
  }
  if (p.triage && !TRIAGE_LANGUAGES.includes(languageOf(p.locale))) {
    throw new InvalidArgumentError(`triage cannot read ${JSON.stringify(p.locale)}: its rules are written in ${TRIAGE_LANGUAGES.join(", ")} only`, {
      expected: `a locale in ${TRIAGE_LANGUAGES.map((l) => `${l}-…`).join(", ")}`,
      found: p.locale,
      hint: `for English triage with this region's emergency numbers use "${TRIAGE_LANGUAGES[0]}-${p.locale.split("-")[1] ?? "US"}"; to run without triage set safety.triage to false`,
    });
  }
  if (typeof p.secondOpinion !== "boolean") throw new InvalidArgumentError("safety.secondOpinion must be a boolean", { found: String(p.secondOpinion) });
  if (!["every-answer", "once-per-conversation", "off"].includes(p.disclaimer)) {
    throw new InvalidArgumentError("safety.disclaimer is invalid", { expected: "every-answer, once-per-conversation or off", found: JSON.stringify(p.disclaimer) });
  }
  for (const k of ["emergencyNumber", "crisisLine", "disclaimerText"] as const) {
    if (p[k] !== undefined && (typeof p[k] !== "string" || p[k]!.length > 2000)) {
      throw new InvalidArgumentError(`safety.${k} must be a string of at most 2000 characters`, { found: typeof p[k] });
    }
  }
  if (p.audit !== undefined) p.audit = checkAudit(p.audit);
  return p;
}

function checkAudit(a: unknown): AuditPolicy {
  if (!a || typeof a !== "object" || Array.isArray(a)) {
    throw new InvalidArgumentError("safety.audit must be an object", { expected: '{ path: "audit.jsonl", text?: "full" | "redacted" | "hash" }', found: JSON.stringify(a) });
  }
  const { path, text, ...rest } = a as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length) throw new InvalidArgumentError(`unknown safety.audit field "${extra[0]}"`, { expected: "path, text", found: extra[0] });
  if (typeof path !== "string" || path.length === 0) throw new InvalidArgumentError("safety.audit.path must be a file path", { found: JSON.stringify(path) });
  if (text !== undefined && !AUDIT_TEXT_MODES.includes(text as AuditText)) {
    throw new InvalidArgumentError("safety.audit.text is invalid", { expected: AUDIT_TEXT_MODES.join(", "), found: JSON.stringify(text) });
  }
  return { path, text: (text as AuditText | undefined) ?? "hash" };
}
