/**
 * An upstream's answer as this server's events: streamed chunks (`delta`) or one whole JSON reply
 * (`message`, from a server that ignored `stream: true`) alike. Reasoning comes from
 * `reasoning_content` (or `reasoning`) when the upstream splits it, else from `<think>` tags in
 * the text. Notices of another medpsy server are data, never part of the answer: this server adds
 * its own.
 */
import { ReasoningParser } from "../chat/reasoning-parser.ts";
import type { ChatEvent, StopReason } from "../sdk/types.ts";
import { HttpError } from "./errors.ts";

interface UpstreamUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  completion_tokens_details?: { reasoning_tokens?: number };
}

export class UpstreamReply {
  private readonly chat: boolean;
  private readonly parser = new ReasoningParser({ startsInReasoning: false });
  private finish: StopReason = "stop";
  private usage: UpstreamUsage | undefined;
  private reasoningPieces = 0;
  private contentPieces = 0;
  /** A medpsy notice was left out and no answer text came yet: the separator before it goes too. */
  private afterNotice = false;
  /** Any choice (or usage) arrived: a reply without one is an upstream failure, not an empty answer. */
  answered = false;

  constructor(chat: boolean) {
    this.chat = chat;
  }

  /** Events of one chunk; `field` is where the text lives: "delta" (stream) or "message" (whole reply). */
  *chunk(chunk: Record<string, any>, field: "delta" | "message"): Generator<ChatEvent> {
    if (chunk.error) throw new HttpError(502, `upstream error: ${chunk.error.message ?? JSON.stringify(chunk.error).slice(0, 300)}`, { code: "upstream_error" });
    if (chunk.usage) {
      this.usage = chunk.usage;
      this.answered = true;
    }
    const choice = chunk.choices?.[0];
    if (!choice) return;
    this.answered = true;
    if (choice.finish_reason === "length") this.finish = "length";
    // Another medpsy's referral or disclaimer (when it put them into content anyway).
    if (chunk.medpsy?.type === "notice") {
      this.afterNotice = this.contentPieces === 0;
      return;
    }
    const part = field === "delta" ? choice.delta : choice.message;
    const reasoning = this.chat ? (part?.reasoning_content ?? part?.reasoning) : undefined;
    if (typeof reasoning === "string" && reasoning) {
      this.reasoningPieces++;
      yield { type: "reasoning", text: reasoning };
    }
    let text: unknown = this.chat ? part?.content : choice.text;
    if (typeof text !== "string" || !text) return;
    if (this.afterNotice) {
      text = text.replace(/^\n\n/, "");
      this.afterNotice = false;
      if (!text) return;
    }
    for (const p of this.chat ? this.parser.push(text as string) : [{ channel: "content" as const, text: text as string }]) {
      if (p.channel === "reasoning") this.reasoningPieces++;
      else this.contentPieces++;
      yield { type: p.channel, text: p.text };
    }
  }

  *end(aborted: boolean): Generator<ChatEvent> {
    const end = this.chat ? this.parser.finish() : { pieces: [], truncated: false };
    for (const p of end.pieces) yield { type: p.channel, text: p.text };
    const u = this.usage;
    const reasoningTokens = u?.completion_tokens_details?.reasoning_tokens ?? this.reasoningPieces;
    const completion = u?.completion_tokens ?? this.reasoningPieces + this.contentPieces;
    yield {
      type: "done",
      stopReason: aborted ? "abort" : this.finish,
      usage: { promptTokens: u?.prompt_tokens ?? 0, reasoningTokens, contentTokens: Math.max(0, completion - reasoningTokens) },
      reasoningTruncated: end.truncated,
    };
  }
}
