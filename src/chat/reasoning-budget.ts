/**
 * Reasoning budget: once the model has spent N tokens thinking, medpsy closes the think block on
 * its behalf and lets it answer. The inserted text follows Qwen's guidance for thinking models
 * (a short sentence that tells the model to conclude, then `</think>`), configurable.
 */
export const DEFAULT_BUDGET_CLOSE =
  "\n\nConsidering the limited time, I have to give the solution based on the thinking directly now.\n</think>\n\n";

/**
 * The bare close: a budget of 0 (the block closes before the model writes in it, which after the
 * template's `<think>\n` is the empty block Qwen renders with thinking off), and a budget whose
 * sentence would not fit in max tokens.
 */
export const BARE_BUDGET_CLOSE = "\n</think>\n\n";

/**
 * The template's enable_thinking for a request: a budget of 0 renders thinking off where the
 * template can (as llama-server's reasoning_budget 0 does), unless the caller said otherwise. A
 * thinking-only template opens the block anyway; the token loop then closes it in the prompt.
 */
export function thinkingFor(o: { enableThinking?: boolean; reasoningBudget?: number }): boolean | undefined {
  return o.enableThinking ?? (o.reasoningBudget === 0 ? false : undefined);
}
