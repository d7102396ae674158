/**
 * Bounded generation for `ask` and `chat`: how many new tokens, and when the reasoning is closed,
 * so that every question ends with an answer in bounded time and within the model's context.
 *
 * Closing the reasoning on the model's behalf (the reasoning budget) inserts a short sentence and
 * `</think>`, which costs tokens of its own (about 20); when the sentence does not fit under
 * --max-tokens, `</think>` alone (a few tokens) closes it; only when neither fits is there no answer.
 * So the limits are chosen, checked and explained together.
 */
import { BARE_BUDGET_CLOSE, DEFAULT_BUDGET_CLOSE } from "../chat/reasoning-budget.ts";
import { promptEndsInsideThink } from "../chat/template.ts";
import { ContextOverflowError } from "../errors.ts";
import type { ChatMessage, ChatOptions, Model, SafetyChatOptions } from "../sdk/types.ts";

/** New tokens per answer when --max-tokens is not given: room for a long answer (the card's average is ~900). */
export const CLI_MAX_TOKENS = 4096;
/** Share of the new tokens kept for the answer when the reasoning budget is chosen for the user. */
const ANSWER_SHARE = 0.25;
/** A budget leaving fewer answer tokens than this after its closing text is worth a warning. */
export const MIN_ANSWER_TOKENS = 64;

export interface GenerationLimits {
  maxTokens: number;
  reasoningBudget?: number;
  /** Tokens the budget's closing text costs (counted in maxTokens). */
  closeCost: number;
  /** Tokens of `</think>` alone, which closes the reasoning when the sentence does not fit. */
  bareCloseCost: number;
  /** What was chosen and why, for one line on stderr (empty when the user set everything sensibly). */
  notes: string[];
}

const n = (x: number) => x.toLocaleString("en-US");

/**
 * @param asked the user's --max-tokens / --reasoning-budget (undefined = not given)
 * @param enableThinking false with --no-think (no budget is chosen then, unless the template reasons anyway)
 */
export function generationLimits(
  model: Model,
  messages: ChatMessage[],
  asked: { maxTokens?: number; reasoningBudget?: number },
  enableThinking?: boolean,
): GenerationLimits {
  const prompt = model.renderChat(messages, { addGenerationPrompt: true, enableThinking });
  const promptTokens = model.tokenize(prompt, { special: true }).length;
  const context = model.info.contextLength;
  // Said before any limit is chosen: nothing can be generated after a prompt that fills the context.
  if (promptTokens >= context) throw new ContextOverflowError(promptTokens, context);
  const room = Math.max(0, context - promptTokens);
  const closeCost = model.tokenize(DEFAULT_BUDGET_CLOSE, { special: true }).length;
  const bareCloseCost = model.tokenize(BARE_BUDGET_CLOSE, { special: true }).length;
  const notes: string[] = [];
  // A thinking-only template (the MedPsy models') opens the reasoning whatever is asked.
  const reasons = enableThinking !== false || promptEndsInsideThink(prompt);
  if (enableThinking === false && reasons) {
    notes.push("--no-think has no effect: this model's chat template always opens the reasoning (--reasoning-budget shortens it; 0 leaves it empty)");
  }

  let maxTokens: number;
  if (asked.maxTokens !== undefined) {
    maxTokens = Math.max(1, Math.min(asked.maxTokens, room));
    if (maxTokens < asked.maxTokens) {
      notes.push(`--max-tokens ${n(asked.maxTokens)} does not fit: the prompt takes ${n(promptTokens)} of the ${n(context)}-token context, so at most ${n(maxTokens)} new tokens (raise --context to allow more)`);
    }
  } else {
    maxTokens = Math.max(1, Math.min(CLI_MAX_TOKENS, room));
  }

  let reasoningBudget = asked.reasoningBudget;
  if (asked.maxTokens === undefined) {
    let chose = `up to ${n(maxTokens)} new tokens (default; --max-tokens changes it)`;
    if (reasoningBudget === undefined && reasons) {
      // The answer keeps a quarter of the new tokens; the reasoning is closed before that.
      reasoningBudget = Math.max(0, Math.floor(maxTokens * (1 - ANSWER_SHARE)) - closeCost);
      chose += `, reasoning closed after ${n(reasoningBudget)} (default; --reasoning-budget changes it)`;
    }
    notes.push(chose);
  }
  // A budget of 0 costs no new tokens: the empty think block is written into the prompt.
  if (asked.reasoningBudget !== undefined && asked.reasoningBudget > 0 && asked.reasoningBudget + closeCost + MIN_ANSWER_TOKENS > maxTokens) {
    const budget = asked.reasoningBudget;
    const more = `; use --max-tokens ${n(budget + closeCost + MIN_ANSWER_TOKENS)} or more, or a smaller --reasoning-budget`;
    if (budget + bareCloseCost >= maxTokens) {
      notes.push(`closing the reasoning after ${n(budget)} tokens takes at least ${bareCloseCost} tokens of closing text, so ${n(maxTokens)} new tokens leave no room to close it or to answer${more}`);
    } else if (budget + closeCost >= maxTokens) {
      notes.push(
        `closing the reasoning after ${n(budget)} tokens: its closing sentence (${closeCost} tokens) does not fit in ${n(maxTokens)} new tokens, ` +
          `so </think> alone closes it and ${n(maxTokens - budget - bareCloseCost)} tokens are left for the answer${more}`,
      );
    } else {
      notes.push(`closing the reasoning after ${n(budget)} tokens inserts ${closeCost} tokens of closing text, so only ${n(maxTokens - budget - closeCost)} tokens are left for the answer${more}`);
    }
  }
  return { maxTokens, reasoningBudget, closeCost, bareCloseCost, notes };
}

/**
 * Why a reply ended without an answer, in words that match what the user set: the hint after an
 * unfinished reasoning must name the limit that actually stopped it.
 */
export function unfinishedReasoningHint(r: { stopReason: string; maxTokens: number; reasoningBudget?: number; closeCost: number; bareCloseCost?: number }): string {
  if (r.stopReason === "abort") return "stopped while the model was still reasoning: no answer was produced";
  if (r.stopReason === "stop") return "the model stopped before it finished reasoning: no answer was produced";
  if (r.reasoningBudget === undefined) {
    return `the reasoning used all ${n(r.maxTokens)} new tokens: no answer was produced; raise --max-tokens, or set --reasoning-budget to close the reasoning earlier`;
  }
  const bare = r.bareCloseCost ?? r.closeCost;
  if (r.reasoningBudget + bare >= r.maxTokens) {
    return `the reasoning budget (${n(r.reasoningBudget)}) could not close the reasoning: even </think> alone costs ${bare} tokens and --max-tokens ${n(r.maxTokens)} left no room for it; use --max-tokens ${n(r.reasoningBudget + r.closeCost + MIN_ANSWER_TOKENS)} or more`;
  }
  return `the context filled before the reasoning closed: no answer was produced; raise --context or lower --reasoning-budget`;
}

/**
 * generationLimits for a prompt the user typed: one too long for the context is still read by the
 * SDK's safety layer before the error, so an emergency's referral is written (to stderr, beside the
 * error, in text and JSON mode alike) rather than lost. The SDK's chat gives the triage and the
 * referral first, then refuses the prompt with the same ContextOverflowError.
 */
export async function limitsOrReferral(
  model: Model,
  messages: ChatMessage[],
  asked: { maxTokens?: number; reasoningBudget?: number } & Pick<ChatOptions & SafetyChatOptions, "safety">,
  stderr: { write(s: string): unknown },
  enableThinking?: boolean,
): Promise<GenerationLimits> {
  try {
    return generationLimits(model, messages, asked, enableThinking);
  } catch (err) {
    if (!(err instanceof ContextOverflowError) || asked.safety === false) throw err;
    try {
      for await (const ev of model.chat(messages, { maxTokens: 1, enableThinking, safety: asked.safety })) {
        if (ev.type === "notice" && ev.kind === "referral") stderr.write(`${ev.text}\n`);
      }
    } catch {
      // The same refusal: the error below says it.
    }
    throw err;
  }
}
