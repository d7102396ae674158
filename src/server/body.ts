/** Reads a request body up to a byte limit and parses it as a JSON object. */
import type { IncomingMessage } from "node:http";
import { HttpError } from "./errors.ts";

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit, declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.destroy();
      throw tooLarge(limit, size);
    }
    chunks.push(chunk as Buffer);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
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

function tooLarge(limit: number, found: number): HttpError {
  return new HttpError(413, `the request body is larger than ${limit} bytes (${found} or more); start the server with a larger --max-body`, {
    code: "request_too_large",
  });
}
