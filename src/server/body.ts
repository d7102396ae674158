/**
 * Reads a request body up to a byte limit and parses it as a JSON object.
 *
 * A body over the limit gets its 413 as an answer the client can read: the rest of the body is
 * read and dropped ("lingering close", as nginx does) instead of resetting the connection under
 * the client, which would lose the answer — but only for a while and up to a bound, after which
 * the connection is closed.
 */
import type { IncomingMessage } from "node:http";
import { HttpError } from "./errors.ts";

/** How long, and how much, the rest of an oversized body is drained before the socket is closed. */
const LINGER_MS = 2_000;
const LINGER_BYTES = 16 << 20;

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    linger(req, 0);
    throw tooLarge(limit, declared);
  }
  const raw = await readCapped(req, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new HttpError(400, "the request body is not valid UTF-8", { code: "invalid_json" });
  }
  if (text.trim() === "") throw new HttpError(400, "the request body is empty; expected a JSON object", { code: "invalid_json" });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `the request body is not valid JSON: ${(err as Error).message}`, { code: "invalid_json" });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, `the request body must be a JSON object, found ${Array.isArray(value) ? "an array" : typeof value}`, { code: "invalid_json" });
  }
  return value as Record<string, unknown>;
}

function readCapped(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      linger(req, size);
      reject(tooLarge(limit, size));
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      done();
      reject(new HttpError(400, `the request body could not be read: ${err.message}`, { code: "invalid_body" }));
    };
    const onClose = () => {
      done();
      reject(new HttpError(499, "client closed the request before its body was complete", { code: "client_closed" }));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** Drops the rest of the body for a bounded time and size so the answer reaches the client. */
function linger(req: IncomingMessage, alreadyRead: number): void {
  let drained = alreadyRead;
  const socket = req.socket;
  const stop = () => {
    clearTimeout(timer);
    if (!req.complete) socket.destroy();
  };
  const timer = setTimeout(stop, LINGER_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > LINGER_BYTES) stop();
  });
  req.on("end", () => clearTimeout(timer));
  req.on("error", () => clearTimeout(timer));
  req.resume();
}

function tooLarge(limit: number, found: number): HttpError {
  return new HttpError(413, `the request body is larger than ${limit} bytes (${found} or more); start the server with a larger --max-body`, {
    code: "request_too_large",
    headers: { connection: "close" },
  });
}
