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

export type ToolPiece =
  | { type: "content"; text: string }
  | { type: "tool_call"; call: ToolCall }
  /** A piece of a call's arguments as the model writes them (incremental mode); the whole call follows as tool_call. */
  | { type: "tool_call_delta"; index: number; id: string; name: string; arguments: string };

/** The start of a call's JSON up to its arguments' value, in the order the grammar writes it. */
const HEADER = /^\s*\{\s*"name"\s*:\s*("(?:[^"\\]|\\.)*")\s*,\s*"arguments"\s*:\s*/;

/** A call being streamed: its header is out, its arguments go out as they are scanned. */
interface OpenCall {
  id: string;
  name: string;
  /** Where the arguments' value starts in the block's text, how far it is scanned and sent. */
  start: number;
  scanned: number;
  /** The value's end (exclusive) once its closing brace is seen, else -1. */
  end: number;
  depth: number;
  inString: boolean;
  escaped: boolean;
}

export class ToolCallParser {
  private held = "";
  private inCall = false;
  /** Whitespace between the text and the open block. */
  private gap = "";
  private readonly newId: () => string;
  /** Calls parsed so far. */
  calls = 0;
  /**
   * Stream each call's arguments as they are written (tool_call_delta pieces), for calls a grammar
   * guarantees to parse (forced calls, or auto calls under the lazy grammar): a block that could
   * turn out to be no call must not have been announced as one.
   */
  private readonly incremental: boolean;
  private open: OpenCall | null = null;

  constructor(newId: () => string, incremental = false) {
    this.newId = newId;
    this.incremental = incremental;
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
          if (this.incremental) this.stream(s, out);
          return out;
        }
        if (this.incremental) this.stream(s.slice(0, j), out);
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
    this.open = null;
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
    const open = this.open;
    this.open = null;
    const call = parseCall(body);
    if (!call) {
      out.push({ type: "content", text: this.gap + OPEN + body + CLOSE });
      return;
    }
    this.calls++;
    // A streamed call keeps its id, and its arguments are exactly the text the pieces added up to.
    const streamed = open !== null && open.end >= 0 && open.name === call.name;
    const args = streamed ? body.slice(open.start, open.end) : call.arguments;
    out.push({ type: "tool_call", call: { id: streamed ? open.id : this.newId(), type: "function", function: { name: call.name, arguments: args } } });
  }

  /** Incremental mode: the call's header once its name is known, then the arguments' new text up to their closing brace. */
  private stream(text: string, out: ToolPiece[]): void {
    if (!this.open) {
      const m = HEADER.exec(text);
      if (!m || text[m[0].length] !== "{") return;
      let name: unknown;
      try {
        name = JSON.parse(m[1]!);
      } catch {
        return;
      }
      if (typeof name !== "string" || name.length === 0) return;
      this.open = { id: this.newId(), name, start: m[0].length, scanned: m[0].length, end: -1, depth: 0, inString: false, escaped: false };
      out.push({ type: "tool_call_delta", index: this.calls, id: this.open.id, name, arguments: "" });
    }
    const o = this.open;
    if (o.end >= 0) return;
    const from = o.scanned;
    let i = from;
    for (; i < text.length && o.end < 0; i++) {
      const c = text[i]!;
      if (o.inString) {
        if (o.escaped) o.escaped = false;
        else if (c === "\\") o.escaped = true;
        else if (c === '"') o.inString = false;
      } else if (c === '"') o.inString = true;
      else if (c === "{" || c === "[") o.depth++;
      else if ((c === "}" || c === "]") && --o.depth === 0) o.end = i + 1;
    }
    o.scanned = i;
    if (i > from) out.push({ type: "tool_call_delta", index: this.calls, id: o.id, name: o.name, arguments: text.slice(from, i) });
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
