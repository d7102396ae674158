/**
 * A generation request refused before the model ran — a field out of range, a parameter this
 * server does not support (`tools`), too many messages, another model's name, a full queue — still gets the safety
 * layer's rules-only triage of the user's latest message beside the error (`medpsy`), with an
 * emergency's referral at the head of `error.message`. A client that always sends `tools`, or a
 * busy server, or a wrong model name must not turn "I took 30 paracetamol" into a bare 400 or 429. (A prompt too long for
 * the context is triaged where it is refused, in the handlers; this covers everything before that.)
 *
 * Only the message is read from the body, leniently: the last `messages` item with role "user" and
 * text content (a string or text parts), or `prompt`. Nothing else in a refused body is used.
 */
import type { ChatMessage } from "../chat/types.ts";
import type { SafetyPolicy } from "../safety/policy.ts";
import { safetyWithoutModel } from "../safety/without-model.ts";
import { HttpError, toHttpError, withSafetyOutcome } from "./errors.ts";

/**
 * The most characters of a refused request triaged: its first and last halves of this. A refusal
 * must stay cheap (a full queue answers 429 "before tokenizing"; triage of a hostile megabyte costs
 * seconds), and people say what is happening at the start or the end of what they write.
 */
export const REFUSAL_TRIAGE_CHARS = 32_768;

/** A caller not allowed to use the server, or one that went away: no triage. */
const NOT_TRIAGED = new Set([401, 403, 499]);

/** The user's latest text in a chat, completions or responses body as sent, or undefined when it has none. */
export function userTextOfBody(body: Record<string, unknown>): string | undefined {
  // Responses API: `input` is the text, or items whose user messages hold input_text parts.
  if (typeof body.input === "string") return body.input;
  const messages = Array.isArray(body.input) ? body.input : body.messages;
  if (Array.isArray(messages)) {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i] as Record<string, unknown> | null;
      if (!m || typeof m !== "object" || m.role !== "user") continue;
      const text = contentText(m.content);
      if (text !== undefined) return text;
    }
    return undefined;
  }
  const prompt = body.prompt;
  if (typeof prompt === "string") return prompt;
  if (Array.isArray(prompt) && prompt.every((p) => typeof p === "string")) return prompt.join("\n");
  return undefined;
}

function contentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.filter((p): p is { text: string } => !!p && typeof p === "object" && ["text", "input_text"].includes((p as { type?: unknown }).type as string) && typeof (p as { text?: unknown }).text === "string");
  return parts.length ? parts.map((p) => p.text).join("") : undefined;
}

/** The error to answer with: a refusal that carries no triage yet gets the rules' triage of the body's user message. */
export function refusalWithTriage(err: unknown, body: Record<string, unknown>, policy: SafetyPolicy | undefined): unknown {
  if (!policy?.triage) return err;
  if (err instanceof HttpError && (err.medpsy || NOT_TRIAGED.has(err.status))) return err;
  if (toHttpError(err).status === 499) return err;
  const text = userTextOfBody(body);
  if (text === undefined || text.trim() === "") return err;
  const half = REFUSAL_TRIAGE_CHARS / 2;
  const read = text.length <= REFUSAL_TRIAGE_CHARS ? text : `${text.slice(0, half)}\n${text.slice(text.length - half)}`;
  const messages: ChatMessage[] = [{ role: "user", content: read }];
  return withSafetyOutcome(err, safetyWithoutModel(messages, policy));
}
