/**
 * Errors in OpenAI's shape: `{"error": {"message", "type", "param", "code"}}`. Every failure a
 * client can cause becomes an HttpError with a 4xx status; anything else is a 500 that never
 * leaks a stack trace.
 */
import type { ServerResponse } from "node:http";
import { ContextOverflowError, MedpsyError } from "../errors.ts";
import type { SafetyOutcome } from "../safety/without-model.ts";

export class HttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  /** The safety layer's triage and notices for the request, sent beside the error (`medpsy`). */
  readonly medpsy?: SafetyOutcome;

  constructor(status: number, message: string, options: { type?: string; code?: string; param?: string; headers?: Record<string, string>; medpsy?: SafetyOutcome } = {}) {
    super(message);
    this.status = status;
    this.type = options.type ?? (status === 401 ? "authentication_error" : status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error");
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    if (options.medpsy) this.medpsy = options.medpsy;
  }
}

export const badRequest = (message: string, param?: string, code = "invalid_value") => new HttpError(400, message, { param, code });

/**
 * Maps any thrown value to the HttpError the client sees. `input`: the request field holding the
 * text a context overflow or template error is about (`messages` on chat, `prompt` on completions).
 */
export function toHttpError(err: unknown, input = "messages"): HttpError {
  if (err instanceof HttpError) return err;
  if ((err as Error)?.name === "AbortError") return new HttpError(499, "client closed the request", { code: "client_closed" });
  if (err instanceof ContextOverflowError) return new HttpError(400, err.message, { code: "context_length_exceeded", param: input });
  if (err instanceof MedpsyError && err.code === "INVALID_ARGUMENT") return new HttpError(400, err.message, { code: "invalid_value" });
  // A grammar error no handler named the field of (handlers pass theirs through namingConstraint).
  const grammar = grammarError(err, "response_format");
  if (grammar) return grammar;
  if (err instanceof MedpsyError && err.code === "CHAT_TEMPLATE") return new HttpError(400, err.message, { code: "invalid_value", param: input });
  return new HttpError(500, "internal error while generating; see the server log", { code: "internal_error" });
}

/** The client-facing codes of errors the answer's grammar raises while generating. */
const GRAMMAR_CODES: Record<string, string> = { GRAMMAR_DEAD_END: "grammar_dead_end", GRAMMAR_AMBIGUOUS: "grammar_too_ambiguous", GRAMMAR_SCHEMA: "unsupported_schema_keyword" };

function grammarError(err: unknown, field: string): HttpError | undefined {
  if (!(err instanceof MedpsyError) || !Object.hasOwn(GRAMMAR_CODES, err.code)) return undefined;
  return new HttpError(400, err.message, { code: GRAMMAR_CODES[err.code], param: field });
}

/**
 * A grammar error (a dead end: no token continues the output; too ambiguous; a schema refused)
 * as a 400 naming `field`, the request field that set the constraint; any other error unchanged.
 */
export function namingConstraint(err: unknown, field: string): unknown {
  return grammarError(err, field) ?? err;
}

export function errorBody(e: HttpError): string {
  return JSON.stringify({ error: { message: e.message, type: e.type, param: e.param, code: e.code }, ...(e.medpsy ? { medpsy: e.medpsy } : {}) });
}

/**
 * The error a client sees for a request the model did not answer, with the safety layer's triage
 * beside it (`medpsy`) and the referral at the head of the message on an emergency: a client that
 * shows only `error.message` still shows the emergency number. A client that went away gets nothing.
 */
export function withSafetyOutcome(err: unknown, outcome: SafetyOutcome | undefined, input = "messages"): HttpError {
  const e = toHttpError(err, input);
  if (!outcome || e.status === 499) return e;
  const referral = outcome.notices.filter((n) => n.kind === "referral").map((n) => n.text);
  const message = [...referral, e.message].join("\n\n");
  return new HttpError(e.status, message, { type: e.type, code: e.code ?? undefined, param: e.param ?? undefined, headers: e.headers, medpsy: outcome });
}

/** Answers with the error (CORS headers included, so the allowed page can read it). */
export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): HttpError {
  const e = toHttpError(err);
  if (!res.headersSent) {
    res.writeHead(e.status, { "content-type": "application/json; charset=utf-8", ...headers, ...e.headers });
    res.end(errorBody(e));
  } else if (!res.writableEnded) {
    res.end();
  }
  return e;
}
