/**
 * Tool calls out of a streamed answer, in the format Qwen3's template teaches the model:
 * `<tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>`. Text outside the blocks is the
 * answer's content; a block whose JSON does not parse as a call stays content (it is not a call).
 * Text that could be the start of a block is held back until it is decided. Nothing is executed.
 */
import { partialSuffix } from "./reasoning-parser.ts";
import type { ToolCall } from "./types.ts";

const OPEN = "<tool_call>";
const CLOSE = "</tool_call>";

export type ToolPiece = { type: "content"; text: string } | { type: "tool_call"; call: ToolCall };

export class ToolCallParser {
  private held = "";
  private inCall = false;
  /** Whitespace between the text and the open block. */
  private gap = "";
  private readonly newId: () => string;
  /** Calls parsed so far. */
  calls = 0;

  constructor(newId: () => string) {
    this.newId = newId;
  }

  push(text: string): ToolPiece[] {
    const out: ToolPiece[] = [];
    let s = this.held + text;
    this.held = "";
    for (;;) {
      if (this.inCall) {
        const j = s.indexOf(CLOSE);
        if (j < 0) {
          this.held = s;
          return out;
        }
        this.block(s.slice(0, j), out);
        this.inCall = false;
        s = s.slice(j + CLOSE.length);
        continue;
      }
      const i = s.indexOf(OPEN);
      if (i >= 0) {
        // The line break before a block is the format's, not the answer's (kept if the block is no call).
        const before = s.slice(0, i);
        const kept = before.trimEnd();
        this.content(kept, out);
        this.gap = before.slice(kept.length);
        this.inCall = true;
        s = s.slice(i + OPEN.length);
        continue;
      }
      // Hold back a possible start of a block, and trailing whitespace (it may only separate calls).
      let cut = s.length - partialSuffix(s, OPEN);
      while (cut > 0 && /\s/.test(s[cut - 1]!)) cut--;
      this.content(s.slice(0, cut), out);
      this.held = s.slice(cut);
      return out;
    }
  }

  /** End of the answer: an unclosed block is content. */
  finish(): ToolPiece[] {
    const out: ToolPiece[] = [];
    const rest = this.inCall ? this.gap + OPEN + this.held : this.held;
    this.held = "";
    this.inCall = false;
    // Whitespace after the last call is formatting; before any call it is the answer's.
    if (rest.trim().length > 0 || (this.calls === 0 && rest.length > 0)) out.push({ type: "content", text: rest });
    return out;
  }

  private content(text: string, out: ToolPiece[]): void {
    if (text.length === 0 || (this.calls > 0 && text.trim().length === 0)) return;
    out.push({ type: "content", text });
  }

  private block(body: string, out: ToolPiece[]): void {
    const call = parseCall(body);
    if (!call) {
      out.push({ type: "content", text: this.gap + OPEN + body + CLOSE });
      return;
    }
    this.calls++;
    out.push({ type: "tool_call", call: { id: this.newId(), type: "function", function: call } });
  }
}

/** `{"name": string, "arguments": object | JSON text}` → the call, or undefined. */
export function parseCall(body: string): { name: string; arguments: string } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(body.trim());
  } catch {
    return undefined;
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  const { name, arguments: args } = v as Record<string, unknown>;
  if (typeof name !== "string" || name.length === 0) return undefined;
  if (typeof args === "string") return { name, arguments: args };
  if (args === undefined) return { name, arguments: "{}" };
  return { name, arguments: JSON.stringify(args) };
}
