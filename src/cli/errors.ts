/**
 * What the CLI prints when a command fails: one line saying what went wrong and one hint, never a
 * stack trace for something the user can cause (a missing file, a busy port, a full disk).
 * Only an error medpsy does not recognise is a bug; it says so, and MEDPSY_DEBUG=1 shows where.
 */
import { MedpsyError } from "../errors.ts";

export interface ErrorReport {
  message: string;
  hint?: string;
  /** Printed only with MEDPSY_DEBUG=1. */
  stack?: string;
}

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

const SYSTEM: Record<string, (e: SystemError) => ErrorReport> = {
  ENOENT: (e) => ({ message: `${e.path ?? "a file"} does not exist`, hint: "check the path (relative paths start from the current folder)" }),
  ENOTDIR: (e) => ({ message: `${e.path ?? "a path"} goes through something that is not a folder`, hint: "check the path" }),
  EISDIR: (e) => ({ message: `${e.path ?? "the path"} is a folder where a file was expected`, hint: "name a file inside it" }),
  EACCES: (e) =>
    e.syscall === "listen"
      ? { message: `no permission to listen on ${where(e)}`, hint: "ports below 1024 need privileges: choose --port 8080 or another above 1024" }
      : { message: `no permission to ${e.syscall ?? "open"} ${e.path ?? "a file"}`, hint: "check the file's owner and mode, or choose another path" },
  EPERM: (e) => ({ message: `the operating system refused to ${e.syscall ?? "open"} ${e.path ?? "a file"}`, hint: "check the file's owner and mode" }),
  EADDRINUSE: (e) => ({ message: `${where(e)} is already in use by another program`, hint: "stop the other server, or choose another port with --port N (--port 0 picks a free one)" }),
  EADDRNOTAVAIL: (e) => ({ message: `${e.address ?? "that address"} is not an address of this machine`, hint: "use --host 127.0.0.1 (this machine only) or an address this machine has" }),
  ENOSPC: (e) => ({ message: `the disk is full (writing ${e.path ?? "a file"})`, hint: "free some space or choose a folder on another disk" }),
  EROFS: (e) => ({ message: `${e.path ?? "that path"} is on a read-only file system`, hint: "choose a writable folder" }),
  EMFILE: () => ({ message: "too many open files", hint: "raise the limit (`ulimit -n`) or run fewer things at once" }),
  ECONNREFUSED: (e) => ({ message: `nothing answers at ${where(e)}`, hint: "check that the server is running and the URL is right" }),
  ENOTFOUND: (e) => ({ message: `the host name ${(e as { hostname?: string }).hostname ?? ""} cannot be resolved`.trim(), hint: "check the URL" }),
};

const where = (e: SystemError) => (e.port !== undefined ? `${e.address ?? "this machine"} port ${e.port}` : (e.address ?? "that address"));

/** @param command the command that failed: an error without a hint of its own points to its --help. */
export function describeError(err: unknown, command?: string): ErrorReport {
  if (err instanceof MedpsyError) {
    const fallback = command ? `run \`medpsy ${command} --help\` for its options` : undefined;
    return { message: err.message, hint: hintFor(err) ?? err.hint ?? fallback, stack: err.stack };
  }
  const e = err as SystemError;
  if (e && typeof e === "object" && typeof e.code === "string" && SYSTEM[e.code]) return { ...SYSTEM[e.code]!(e), stack: e.stack };
  // A system error's own cause (e.g. fetch's "fetch failed" wraps ECONNREFUSED).
  const cause = (e as { cause?: SystemError } | undefined)?.cause;
  if (cause && typeof cause.code === "string" && SYSTEM[cause.code]) return { ...SYSTEM[cause.code]!(cause), stack: e.stack };
  const message = err instanceof Error ? err.message : String(err);
  return {
    message: `internal error: ${message}`,
    hint: "this is a bug in medpsy, not something you did; run again with MEDPSY_DEBUG=1 to see where it happened, and report it",
    stack: err instanceof Error ? err.stack : undefined,
  };
}

/** CLI wording for SDK errors whose hint names an SDK option rather than a flag. */
function hintFor(err: MedpsyError): string | undefined {
  if (err.code === "CONTEXT_OVERFLOW") return "shorten the prompt, or load the model with a larger --context N (at most its trained context, which `medpsy info` shows)";
  return undefined;
}

export function formatError(err: unknown, command?: string, debug = Boolean(process.env.MEDPSY_DEBUG)): string {
  const r = describeError(err, command);
  let text = `medpsy: ${r.message}\n`;
  if (r.hint) text += `hint: ${r.hint}\n`;
  if (debug && r.stack) text += `${r.stack}\n`;
  return text;
}
