/**
 * Renders a model's own Jinja chat template with @huggingface/jinja, the way transformers'
 * apply_chat_template calls it (messages, add_generation_prompt, bos/eos tokens, extra kwargs
 * such as enable_thinking).
 */
import { Template } from "@huggingface/jinja";
import { MedpsyError } from "../errors.ts";
import type { ChatMessage } from "./types.ts";

export class ChatTemplateError extends MedpsyError {
  constructor(stage: "parse" | "render", cause: unknown) {
    super("CHAT_TEMPLATE", `the model's chat template failed to ${stage}: ${(cause as Error)?.message ?? cause}`, {
      hint: stage === "parse" ? "the file's chat template is not valid Jinja; use model.complete() with your own prompt" : "check the messages (roles, order) against what the template accepts",
      cause,
    });
  }
}

export interface RenderChatOptions {
  addGenerationPrompt: boolean;
  /** Passed as `enable_thinking` only when set, so templates see it "undefined" otherwise. */
  enableThinking?: boolean;
  bosToken?: string;
  eosToken?: string;
  tools?: unknown[];
  extra?: Record<string, unknown>;
}

const compiled = new Map<string, Template>();

export function renderChatTemplate(template: string, messages: ChatMessage[], o: RenderChatOptions): string {
  let t = compiled.get(template);
  if (!t) {
    try {
      t = new Template(template);
    } catch (err) {
      throw new ChatTemplateError("parse", err);
    }
    if (compiled.size > 16) compiled.clear();
    compiled.set(template, t);
  }
  const ctx: Record<string, unknown> = {
    messages: messages.map((m) => ({ ...m })),
    add_generation_prompt: o.addGenerationPrompt,
    bos_token: o.bosToken ?? "",
    eos_token: o.eosToken ?? "",
    ...o.extra,
  };
  if (o.tools) ctx.tools = o.tools;
  if (o.enableThinking !== undefined) ctx.enable_thinking = o.enableThinking;
  try {
    return t.render(ctx);
  } catch (err) {
    throw new ChatTemplateError("render", err);
  }
}

/**
 * True when the rendered prompt leaves the model inside an open think block (the Thinking-2507
 * template ends its generation prompt with `<think>\n`): the output then holds only `</think>`.
 */
export function promptEndsInsideThink(prompt: string): boolean {
  const open = prompt.lastIndexOf("<think>");
  return open >= 0 && prompt.indexOf("</think>", open) < 0 && prompt.slice(open + 7).trim() === "";
}
