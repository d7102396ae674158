/** Checks what callers hand the SDK, with errors that say what was expected and found. */
import { InvalidArgumentError } from "../errors.ts";
import type { ChatMessage, ChatOptions, ToolCall } from "./types.ts";
import { answerGrammar } from "../generate/pipeline.ts";

const ROLES = new Set(["system", "user", "assistant", "tool"]);
/** Bounds a single request so that a hostile caller cannot make us allocate without limit. */
export const MAX_MESSAGES = 10_000;
export const MAX_MESSAGE_CHARS = 4_000_000;

export function validateMessages(messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InvalidArgumentError("messages must be a non-empty array", {
      expected: "[{ role: 'user', content: '...' }, ...]",
      found: Array.isArray(messages) ? "an empty array" : typeof messages,
    });
  }
  if (messages.length > MAX_MESSAGES) {
    throw new InvalidArgumentError("too many messages", { expected: `at most ${MAX_MESSAGES}`, found: String(messages.length) });
  }
  return messages.map((m, i) => {
    if (typeof m !== "object" || m === null) {
      throw new InvalidArgumentError(`messages[${i}] is not an object`, { found: typeof m });
    }
    const { role, content, reasoning_content, tool_calls, tool_call_id, name } = m as Record<string, unknown>;
    if (typeof role !== "string" || !ROLES.has(role)) {
      throw new InvalidArgumentError(`messages[${i}].role is invalid`, {
        expected: "system, user, assistant or tool",
        found: JSON.stringify(role),
      });
    }
    if (typeof content !== "string") {
      throw new InvalidArgumentError(`messages[${i}].content must be a string`, { found: typeof content });
    }
    if (content.length > MAX_MESSAGE_CHARS) {
      throw new InvalidArgumentError(`messages[${i}].content is too long`, {
        expected: `at most ${MAX_MESSAGE_CHARS} characters`,
        found: String(content.length),
      });
    }
    if (reasoning_content !== undefined && typeof reasoning_content !== "string") {
      throw new InvalidArgumentError(`messages[${i}].reasoning_content must be a string`, { found: typeof reasoning_content });
    }
    const out: ChatMessage = { role: role as ChatMessage["role"], content };
    if (typeof reasoning_content === "string") out.reasoning_content = reasoning_content;
    if (tool_calls !== undefined) out.tool_calls = checkToolCalls(tool_calls, i);
    if (tool_call_id !== undefined) {
      if (typeof tool_call_id !== "string") throw new InvalidArgumentError(`messages[${i}].tool_call_id must be a string`, { found: typeof tool_call_id });
      out.tool_call_id = tool_call_id;
    }
    if (name !== undefined) {
      if (typeof name !== "string") throw new InvalidArgumentError(`messages[${i}].name must be a string`, { found: typeof name });
      out.name = name;
    }
    return out;
  });
}

function checkToolCalls(v: unknown, i: number): ToolCall[] {
  if (!Array.isArray(v)) throw new InvalidArgumentError(`messages[${i}].tool_calls must be an array`, { found: typeof v });
  return v.map((c, j) => {
    const f = (c as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
    if (!f || typeof f.name !== "string" || typeof f.arguments !== "string") {
      throw new InvalidArgumentError(`messages[${i}].tool_calls[${j}] must be {id, type: "function", function: {name, arguments}} with arguments as JSON text`, { found: JSON.stringify(c)?.slice(0, 120) });
    }
    const id = (c as { id?: unknown }).id;
    return { id: typeof id === "string" ? id : `call_${j}`, type: "function", function: { name: f.name, arguments: f.arguments } };
  });
}

function checkTools(o: ChatOptions): void {
  if (o.tools === undefined) return;
  if (!Array.isArray(o.tools) || o.tools.length > 128) throw new InvalidArgumentError("tools must be an array of at most 128 function definitions", { found: Array.isArray(o.tools) ? `${o.tools.length} items` : typeof o.tools });
  const names = new Set<string>();
  o.tools.forEach((t, i) => {
    const f = (t as { type?: unknown; function?: { name?: unknown; parameters?: unknown } } | null);
    if (!f || f.type !== "function" || !f.function || typeof f.function.name !== "string" || !/^[A-Za-z0-9_.:-]{1,64}$/.test(f.function.name)) {
      throw new InvalidArgumentError(`tools[${i}] must be {type: "function", function: {name, description?, parameters?}} with a name of letters, digits, _ . : - (up to 64)`, { found: JSON.stringify(t)?.slice(0, 120) });
    }
    if (names.has(f.function.name)) throw new InvalidArgumentError(`tools[${i}]: the name ${f.function.name} is given twice`);
    names.add(f.function.name);
    const p = f.function.parameters;
    if (p !== undefined && (p === null || typeof p !== "object" || Array.isArray(p))) throw new InvalidArgumentError(`tools[${i}].function.parameters must be a JSON Schema object`, { found: JSON.stringify(p)?.slice(0, 80) });
  });
  const c = o.toolChoice;
  if (c !== undefined && c !== "auto" && c !== "none" && c !== "required" && !(c && typeof c === "object" && typeof c.function?.name === "string")) {
    throw new InvalidArgumentError("toolChoice must be \"auto\", \"none\", \"required\" or {type: \"function\", function: {name}}", { found: JSON.stringify(c)?.slice(0, 80) });
  }
}

function checkNumber(name: string, v: unknown, min: number, max: number, integer = false): void {
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new InvalidArgumentError(`${name} is out of range`, {
      expected: `${integer ? "an integer" : "a number"} in [${min}, ${max}]`,
      found: JSON.stringify(v),
    });
  }
}

export function validateChatOptions(o: ChatOptions): void {
  checkTools(o);
  // Compiles (and caches) the grammar now, so a bad schema fails the call before any work.
  answerGrammar(o);
  checkNumber("maxTokens", o.maxTokens, 1, 16_777_216, true);
  checkNumber("reasoningBudget", o.reasoningBudget, 0, 16_777_216, true);
  if (o.stop !== undefined) {
    if (!Array.isArray(o.stop) || o.stop.length > 16 || o.stop.some((s) => typeof s !== "string" || s.length === 0 || s.length > 1000)) {
      throw new InvalidArgumentError("stop must be up to 16 non-empty strings", { found: JSON.stringify(o.stop)?.slice(0, 200) });
    }
  }
}
