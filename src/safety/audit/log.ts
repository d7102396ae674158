/**
 * Append-only, hash-chained audit log (JSONL). Each record carries `seq`, `prev` (the previous
 * record's hash) and `hash` = sha256(prev + canonical JSON of the record without `hash`), is
 * written with one write() on an O_APPEND descriptor and fsync'd, so a crash or kill can only
 * leave a torn last line — every earlier record stays readable and verifiable.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { newRedactionMap, redactPhi } from "../phi/redact.ts";

import type { AuditText } from "./text-modes.ts";

export { AUDIT_TEXT_MODES, type AuditText } from "./text-modes.ts";

export interface AuditEntry {
  /** sha256 of the model file (or any stable model id the caller chooses). */
  modelHash: string;
  settings: Record<string, unknown>;
  triage?: { level: string; reasons: string[] };
  usage?: { promptTokens: number; reasoningTokens: number; contentTokens: number };
  /** The exchange's texts; stored as given or as sha256 only, per the log's mode. */
  question: string;
  answer: string;
}

const GENESIS = "0".repeat(64);

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** JSON with object keys sorted, so the hash does not depend on insertion order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

export class AuditLog {
  private readonly fd: number;
  private prev: string;
  private seq: number;
  private readonly text: AuditText;

  /** Opens (or creates) a log and continues its chain after the last whole record. */
  constructor(path: string, options: { text?: AuditText } = {}) {
    this.text = options.text ?? "hash";
    const tail = existsSync(path) ? verifyAuditLog(path) : undefined;
    this.prev = tail?.lastHash ?? GENESIS;
    this.seq = tail?.records ?? 0;
    this.fd = openSync(path, "a");
  }

  append(e: AuditEntry): string {
    const body = {
      seq: this.seq + 1,
      time: new Date().toISOString(),
      modelHash: e.modelHash,
      settings: e.settings,
      triage: e.triage,
      usage: e.usage,
      ...this.texts(e),
      prev: this.prev,
    };
    const hash = sha256(this.prev + canonical(body));
    writeSync(this.fd, JSON.stringify({ ...body, hash }) + "\n");
    fsyncSync(this.fd);
    this.prev = hash;
    this.seq++;
    return hash;
  }

  private texts(e: AuditEntry): Record<string, string> {
    const hashes = { questionSha256: sha256(e.question), answerSha256: sha256(e.answer) };
    if (this.text === "full") return { question: e.question, answer: e.answer };
    if (this.text === "hash") return hashes;
    const map = newRedactionMap();
    return { question: redactPhi(e.question, map).text, answer: redactPhi(e.answer, map).text, ...hashes };
  }

  close(): void {
    closeSync(this.fd);
  }
}

export interface AuditVerification {
  ok: boolean;
  /** Whole, valid records before any problem. */
  records: number;
  lastHash: string;
  /** A torn final line (a write cut short): not tampering, reported separately. */
  incompleteTail: boolean;
  error?: { line: number; reason: string };
}

export function verifyAuditLog(path: string): AuditVerification {
  const raw = readFileSync(path, "utf8");
  const lines = raw.split("\n");
  const torn = !raw.endsWith("\n") && raw.length > 0;
  const whole = torn ? lines.slice(0, -1) : lines.slice(0, -1);
  let prev = GENESIS;
  let n = 0;
  for (let i = 0; i < whole.length; i++) {
    const fail = (reason: string): AuditVerification => ({ ok: false, records: n, lastHash: prev, incompleteTail: torn, error: { line: i + 1, reason } });
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(whole[i]!);
    } catch {
      return fail("not valid JSON");
    }
    const { hash, ...body } = rec;
    if (body.seq !== n + 1) return fail(`sequence ${String(body.seq)} where ${n + 1} was expected (record removed, inserted or reordered)`);
    if (body.prev !== prev) return fail("does not link to the previous record");
    if (hash !== sha256(prev + canonical(body))) return fail("content does not match its hash (record modified)");
    prev = hash as string;
    n++;
  }
  return { ok: true, records: n, lastHash: prev, incompleteTail: torn };
}
