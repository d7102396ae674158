/**
 * One open `AuditLog` per file for the whole process, so every chat that names the same file
 * continues one hash chain (and the file is verified once, when first opened).
 */
import { resolve } from "node:path";
import { InvalidArgumentError } from "../../errors.ts";
import { AuditLog, type AuditText } from "./log.ts";

const open = new Map<string, { log: AuditLog; text: AuditText }>();

export function auditLogFor(path: string, text: AuditText): AuditLog {
  const key = resolve(path);
  const hit = open.get(key);
  if (hit) {
    if (hit.text !== text) {
      throw new InvalidArgumentError(`the audit log ${path} is already open with text mode "${hit.text}"`, {
        expected: `text "${hit.text}" for every exchange written to this file`,
        found: `"${text}"`,
        hint: "use one text mode per audit file, or a second file",
      });
    }
    return hit.log;
  }
  const log = new AuditLog(key, { text });
  open.set(key, { log, text });
  return log;
}

/** Closes every audit log this process opened (tests; a long-lived server never needs it). */
export function closeAuditLogs(): void {
  for (const { log } of open.values()) log.close();
  open.clear();
}
