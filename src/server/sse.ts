/** Server-sent events: writing `data: {json}` frames, and reading them back (upstream mode). */
import type { ServerResponse } from "node:http";
import { errorBody, toHttpError } from "./errors.ts";

export function startSse(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    ...headers,
  });
  res.flushHeaders();
}

export function writeSse(res: ServerResponse, data: unknown): void {
  if (!res.writableEnded && !res.destroyed) res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

/** A failure after the stream started: one error event in OpenAI's shape, then the end. Returns the status. */
export function endStreamWithError(res: ServerResponse, err: unknown): number {
  const e = toHttpError(err);
  writeSse(res, errorBody(e));
  res.end();
  return e.status;
}

/** Limits a single SSE event from an upstream, so a hostile upstream cannot exhaust memory. */
const MAX_EVENT_BYTES = 4 << 20;

/** The `data:` payloads of an SSE byte stream, in order; `[DONE]` included as a string. */
export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of body) {
    buf += decoder.decode(chunk, { stream: true });
    if (buf.length > MAX_EVENT_BYTES) throw new Error(`an upstream event is larger than ${MAX_EVENT_BYTES} bytes`);
    let cut: number;
    while ((cut = buf.search(/\r?\n\r?\n/)) >= 0) {
      const frame = buf.slice(0, cut);
      buf = buf.slice(cut).replace(/^\r?\n\r?\n/, "");
      const data = frame
        .split(/\r?\n/)
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data) yield data;
    }
  }
  const rest = buf.trim();
  if (rest.startsWith("data:")) yield rest.slice(5).trim();
}
