/**
 * A request's prompt, tokenized once: a chat rendered with the model's template (control tokens
 * typed in messages stay text, chat/control-text.ts) or a raw prompt (control tokens parsed, as
 * llama.cpp does). Encoding runs in slices that yield to the event loop and stops as soon as the
 * prompt cannot fit the context, so even a 1 MiB message costs at most about a context's worth
 * of work and never blocks a server.
 */
import { templateControlOffsets } from "../chat/control-text.ts";
import { promptEndsInsideThink } from "../chat/template.ts";
import { ContextOverflowError } from "../errors.ts";
import type { ModelCore } from "./model-core.ts";
import type { ChatMessage, PreparedPrompt, PrepareOptions } from "./types.ts";

/** Prompts made here (generate() accepts no hand-made id lists). */
const made = new WeakSet<PreparedPrompt>();

export const isPrepared = (p: unknown): p is PreparedPrompt => typeof p === "object" && p !== null && made.has(p as PreparedPrompt);

export async function preparePrompt(core: ModelCore, input: ChatMessage[] | string, contextLength: number, o: PrepareOptions = {}): Promise<PreparedPrompt> {
  const limit = { maxTokens: contextLength - 1, signal: o.signal };
  let prompt: PreparedPrompt;
  if (typeof input === "string") {
    const r = await core.tokenizer.encodeAsync(input, { special: true, ...limit });
    if (!r.complete) throw new ContextOverflowError(r.ids.length, contextLength, true);
    prompt = { ids: Object.freeze(r.ids), kind: "raw", startsInReasoning: false };
  } else {
    const render = (messages: ChatMessage[]) => core.renderChat(messages, { addGenerationPrompt: true, enableThinking: o.enableThinking, tools: o.tools });
    const text = render(input);
    const controlAt = templateControlOffsets(input, text, render, core.tokenizer.controlTexts());
    const r = await core.tokenizer.encodeAsync(text, controlAt ? { controlAt, ...limit } : { special: true, ...limit });
    if (!r.complete) throw new ContextOverflowError(r.ids.length, contextLength, true);
    prompt = { ids: Object.freeze(r.ids), kind: "chat", startsInReasoning: promptEndsInsideThink(text) };
  }
  if (prompt.ids.length >= contextLength) throw new ContextOverflowError(prompt.ids.length, contextLength);
  Object.freeze(prompt);
  made.add(prompt);
  return prompt;
}
