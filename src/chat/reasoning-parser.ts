/**
 * Splits a thinking model's output stream into reasoning and answer.
 *
 * - Starts inside the reasoning block when the prompt left it open (Thinking-2507 template);
 *   otherwise a `<think>` at the very start (after whitespace) opens it. Anything else is answer.
 * - `</think>` closes the block; the blank lines the model writes after it are not part of the
 *   answer (as llama-server's and vLLM's reasoning parsers strip them).
 * - Tags split across pieces are held back until they can be decided.
 * - Output that ends inside the block is reported as truncated reasoning, never as an answer.
 */
export type Channel = "reasoning" | "content";
export interface Piece {
  channel: Channel;
  text: string;
}

const OPEN = "<think>";
const CLOSE = "</think>";

export class ReasoningParser {
  private state: "start" | "reasoning" | "after-close" | "content";
  private held = "";
  /** The newline right after an explicit `<think>` is formatting, not reasoning. */
  private skipNewline = false;

  constructor(options: { startsInReasoning: boolean }) {
    this.state = options.startsInReasoning ? "reasoning" : "start";
  }

  /** The channel the next text goes to, as far as known now. */
  get channel(): Channel {
    return this.state === "reasoning" ? "reasoning" : "content";
  }

  /** Nothing but whitespace yet, and no think block open: a `<think>` may still come. */
  get opening(): boolean {
    return this.state === "start";
  }

  get inReasoning(): boolean {
    return this.state === "reasoning";
  }

  push(text: string): Piece[] {
    const out: Piece[] = [];
    let s = this.held + text;
    this.held = "";
    while (s.length > 0) {
      if (this.state === "start") {
        const t = s.trimStart();
        if (t.length === 0) { this.held = s; return out; }
        if (t.startsWith(OPEN)) { this.state = "reasoning"; this.skipNewline = true; s = t.slice(OPEN.length); continue; }
        if (OPEN.startsWith(t)) { this.held = s; return out; }
        this.state = "content";
        continue;
      }
      if (this.state === "reasoning") {
        if (this.skipNewline) {
          this.skipNewline = false;
          if (s.startsWith("\n")) s = s.slice(1);
          if (s.length === 0) return out;
        }
        const i = s.indexOf(CLOSE);
        if (i >= 0) {
          if (i > 0) out.push({ channel: "reasoning", text: s.slice(0, i) });
          this.state = "after-close";
          s = s.slice(i + CLOSE.length);
          continue;
        }
        const keep = partialSuffix(s, CLOSE);
        if (s.length > keep) out.push({ channel: "reasoning", text: s.slice(0, s.length - keep) });
        this.held = s.slice(s.length - keep);
        return out;
      }
      if (this.state === "after-close") {
        const t = s.replace(/^\s+/, "");
        if (t.length === 0) return out; // whitespace between </think> and the answer is dropped
        this.state = "content";
        s = t;
        continue;
      }
      out.push({ channel: "content", text: s });
      return out;
    }
    return out;
  }

  /** End of output: flushes held text; `truncated` when the reasoning block never closed. */
  finish(): { pieces: Piece[]; truncated: boolean } {
    const pieces: Piece[] = [];
    const truncated = this.state === "reasoning";
    if (this.held) {
      pieces.push({ channel: this.state === "reasoning" ? "reasoning" : "content", text: this.held });
      this.held = "";
    }
    return { pieces: pieces.filter((p) => p.text.length > 0 && !(p.channel === "content" && this.state === "start" && p.text.trim() === "")), truncated };
  }
}

/** Length of the longest suffix of `s` that is a proper prefix of `tag`. */
export function partialSuffix(s: string, tag: string): number {
  for (let k = Math.min(tag.length - 1, s.length); k > 0; k--) if (tag.startsWith(s.slice(s.length - k))) return k;
  return 0;
}

/** Whole-text version for evaluations: { reasoning, content, truncated }. */
export function splitReasoning(text: string, options: { startsInReasoning: boolean }): { reasoning: string; content: string; truncated: boolean } {
  const p = new ReasoningParser(options);
  const pieces = [...p.push(text)];
  const end = p.finish();
  pieces.push(...end.pieces);
  let reasoning = "";
  let content = "";
  for (const x of pieces) (x.channel === "reasoning" ? (reasoning += x.text) : (content += x.text));
  return { reasoning, content, truncated: end.truncated };
}
