/** `logprob` events in OpenAI's two shapes: chat's `logprobs.content` entries and the legacy completions arrays. */
import type { ChatEvent } from "../sdk/types.ts";

type LogprobEvent = Extract<ChatEvent, { type: "logprob" }>;

const utf8 = new TextDecoder();
/** A token's text (a piece of a character decodes to U+FFFD; `bytes` has it exactly). */
const text = (b: Uint8Array) => utf8.decode(b);

/** Chat: `{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}`. */
export function chatLogprob(ev: LogprobEvent) {
  return {
    token: text(ev.bytes),
    logprob: ev.logprob,
    bytes: Array.from(ev.bytes),
    top_logprobs: ev.top.map((t) => ({ token: text(t.bytes), logprob: t.logprob, bytes: Array.from(t.bytes) })),
  };
}

/** Completions: parallel arrays; `text_offset` counts the tokens' characters from the start of the model's continuation. */
export function completionLogprobs(events: LogprobEvent[], startOffset = 0) {
  const tokens: string[] = [];
  const tokenLogprobs: number[] = [];
  const top: Array<Record<string, number>> = [];
  const offsets: number[] = [];
  let at = startOffset;
  for (const ev of events) {
    const t = text(ev.bytes);
    tokens.push(t);
    tokenLogprobs.push(ev.logprob);
    top.push(Object.fromEntries(ev.top.map((x) => [text(x.bytes), x.logprob])));
    offsets.push(at);
    at += t.length;
  }
  return { tokens, token_logprobs: tokenLogprobs, top_logprobs: top, text_offset: offsets };
}
