/** Checks what callers hand the SDK, with errors that say what was expected and found. */
import { InvalidArgumentError } from "../errors.ts";
import type { ChatMessage, ChatOptions } from "./types.ts";
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
    const { role, content, reasoning_content } = m as Record<string, unknown>;
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
    return out;
  });
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
