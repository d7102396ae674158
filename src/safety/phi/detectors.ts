/**
 * Detectors for HIPAA Safe Harbor identifier kinds in free text. Patterns, not a model: each
 * kind is a regular expression with the context cues clinicians' notes use ("MRN:", "DOB",
 * titles before names, street suffixes). Order matters: earlier kinds win overlaps.
 *
 * Every pattern runs in time linear in the text: no two adjacent quantifiers can split the same
 * run between them (`\s*(?:[:#]\s*)?`, not `\s*[:#]?\s*`), and a pattern that may fail after a
 * long run bounds that run (the e-mail's parts), so no failed try rescans a long stretch from
 * every position (test/safety/phi-hostile.test.ts).
 */
export type PhiKind =
  | "EMAIL" | "URL" | "IP" | "SSN" | "PHONE" | "DATE" | "ID" | "ADDRESS" | "ZIP" | "AGE" | "NAME";

const MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const NAME_WORD = "(?:[A-Z]['’][A-Z][a-z]+|(?:Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)";
/** Words after which a capitalized pair is a person's name, in either case of their first letter. */
const CUES = ["patient", "pt", "name", "son", "daughter", "wife", "husband", "mother", "father", "contact", "seen by", "referred by", "signed", "attending", "next of kin", "guardian"]
  .map((w) => `[${w[0]!.toUpperCase()}${w[0]}]${w.slice(1)}`)
  .join("|");

export const DETECTORS: Array<{ kind: PhiKind; re: RegExp; group?: number }> = [
  // Local part ≤ 64, labels ≤ 63, ≤ 10 labels (RFC 5321 limits): each try is bounded, so a run of
  // "a.a.a…" without "@" costs linear time instead of rescanning the run from every dot.
  { kind: "EMAIL", re: /\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,10}\b/g },
  { kind: "URL", re: /\b(?:https?:\/\/|www\.)[^\s<>"')]+/g },
  { kind: "IP", re: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g },
  { kind: "SSN", re: /\b\d{3}-\d{2}-\d{4}\b/g },
  { kind: "PHONE", re: /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\b\d{3})[\s.-]?\d{3}[\s.-]?\d{4}\b|\+\d{2}\s?\d{2,4}\s\d{3,4}\s?\d{3,4}\b/g },
  { kind: "DATE", re: new RegExp(`\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b${MONTH}\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b|\\b\\d{1,2}(?:st|nd|rd|th)? ${MONTH}\\.?,? \\d{4}\\b|\\b\\d{1,2}-${MONTH}-\\d{2,4}\\b|\\b${MONTH}\\.? \\d{1,2}(?:st|nd|rd|th)?\\b`, "g") },
  { kind: "ID", re: /\b(?:MRN|medical record(?: number| no\.?)?|record (?:#|no\.?|number)|acct(?:\.|ount)?(?: no\.?| number| #)?|member id|policy(?: no\.?| number| #)?|plan id|health plan(?: id| number)?|insurance id|beneficiary(?: id| number)?|licen[cs]e(?: no\.?| number| #)?|DEA|NPI|serial(?: no\.?| number| #)?|device id|VIN|plate|certificate(?: no\.?| number)?|fax)(?![a-z])\s*(?:[:#]\s*)?(?:no\.?\s*)?([A-Z0-9][A-Z0-9-]{3,})\b/gi, group: 1 },
  { kind: "ADDRESS", re: /\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent)\b\.?(?:,?\s*(?:Apt|Apartment|Unit|Suite|#)\.?\s*\w+)?/g },
  { kind: "ZIP", re: /\b[A-Z]{2}\s+(\d{5}(?:-\d{4})?)\b|\b([A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})\b/g },
  { kind: "AGE", re: /\b(?:9\d|1[0-1]\d)(?:[- ](?:year|yr)s?[- ]old|\s?(?:yo|y\/o))\b/g },
  { kind: "NAME", re: new RegExp(`\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Nurse)\\.?\\s+(${NAME_WORD}(?:\\s${NAME_WORD})?)|\\b(?:${CUES})(?:\\s*[:,])?\\s+(${NAME_WORD}\\s${NAME_WORD})`, "g") },
];
