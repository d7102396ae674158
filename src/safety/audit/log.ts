/**
 * Append-only, hash-chained audit log (JSONL). Each record carries `seq`, `prev` (the previous
 * record's hash) and `hash` = sha256(prev + canonical JSON of the record without `hash`), is
 * written with one write() on an O_APPEND descriptor and fsync'd, so a crash or kill can only
 * leave a torn last line — every earlier record stays readable and verifiable.
 *
 * The file holds triage reasons (e.g. `suicidal_ideation`) even in hash mode: it is created with
 * mode 0600, an existing file that other users can read or write is refused, and one its group
 * can read is used with a warning. Every text that came from the user — the question, the
 * answer, and any string in the call's settings (stop strings…) — is kept in the log's text mode.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { MedpsyError } from "../../errors.ts";
import { newRedactionMap, redactPhi, redactPhiAsync, type RedactionMap } from "../phi/redact.ts";

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

/** Settings the safety layer itself writes (never user text): kept as they are in every mode. */
const OWN_SETTINGS = new Set(["endpoint", "stopReason", "error"]);

export class AuditFileModeError extends MedpsyError {
  constructor(path: string, mode: number) {
    super("AUDIT_FILE_MODE", `the audit log ${path} can be read or written by other users`, {
      expected: "a file only its owner can read and write (mode 0600)",
      found: `mode 0${(mode & 0o777).toString(8)}`,
      hint: `the log holds triage reasons such as suicidal_ideation: run \`chmod 600 ${path}\`, or name a new file`,
    });
  }
}

/** Refuses a log others can read or write; warns when its group can read it. */
function checkFileMode(path: string): void {
  if (process.platform === "win32") return; // no POSIX mode bits there
  const mode = statSync(path).mode;
  if (mode & 0o006) throw new AuditFileModeError(path, mode);
  if (mode & 0o060) {
    process.emitWarning(`the audit log ${path} is readable by its group (mode 0${(mode & 0o777).toString(8)}); \`chmod 600\` keeps it to its owner`, { code: "MEDPSY_AUDIT_FILE_MODE" });
  }
}

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
    const exists = existsSync(path);
    if (exists) checkFileMode(path);
    const tail = exists ? verifyAuditLog(path) : undefined;
    this.prev = tail?.lastHash ?? GENESIS;
    this.seq = tail?.records ?? 0;
    // 0600 applies when the file is created (the umask can only remove bits).
    this.fd = openSync(path, "a", 0o600);
  }

  append(e: AuditEntry): string {
    const map = newRedactionMap();
    const redacted = this.text === "redacted" ? { question: redactPhi(e.question, map).text, answer: redactPhi(e.answer, map).text } : undefined;
    return this.write(e, map, redacted);
  }

  /**
   * The same record as `append`; in redacted mode the (possibly large) texts are redacted with
   * yields to the event loop first, so a server keeps answering meanwhile.
   */
  async appendAsync(e: AuditEntry): Promise<string> {
    if (this.text !== "redacted") return this.append(e);
    const map = newRedactionMap();
    const question = (await redactPhiAsync(e.question, map)).text;
    const answer = (await redactPhiAsync(e.answer, map)).text;
    return this.write(e, map, { question, answer });
  }

  /** Chains and writes one record (synchronously, so records never interleave). */
  private write(e: AuditEntry, map: RedactionMap, redacted: { question: string; answer: string } | undefined): string {
    const body = {
      seq: this.seq + 1,
      time: new Date().toISOString(),
      modelHash: e.modelHash,
      settings: this.settings(e.settings, map),
      triage: e.triage,
      usage: e.usage,
      ...this.texts(e, redacted),
      prev: this.prev,
    };
    const hash = sha256(this.prev + canonical(body));
    writeSync(this.fd, JSON.stringify({ ...body, hash }) + "\n");
    fsyncSync(this.fd);
    this.prev = hash;
    this.seq++;
    return hash;
  }

  private texts(e: AuditEntry, redacted: { question: string; answer: string } | undefined): Record<string, string> {
    const hashes = { questionSha256: sha256(e.question), answerSha256: sha256(e.answer) };
    if (this.text === "full") return { question: e.question, answer: e.answer };
    if (this.text === "hash" || !redacted) return hashes;
    return { ...redacted, ...hashes };
  }

  /** Settings with every string from the user (stop strings, …) in the log's text mode: "sha256:…" in hash mode. */
  private settings(settings: Record<string, unknown>, map: RedactionMap): Record<string, unknown> {
    const keep = (v: unknown): unknown => {
      if (typeof v === "string") return this.text === "full" ? v : this.text === "hash" ? `sha256:${sha256(v)}` : redactPhi(v, map).text;
      if (Array.isArray(v)) return v.map(keep);
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keep(x)]));
      return v;
    };
    return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, OWN_SETTINGS.has(k) ? v : keep(v)]));
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
