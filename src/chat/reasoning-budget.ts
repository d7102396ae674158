/**
 * Reasoning budget: once the model has spent N tokens thinking, medpsy closes the think block on
 * its behalf and lets it answer. The inserted text follows Qwen's guidance for thinking models
 * (a short sentence that tells the model to conclude, then `</think>`), configurable.
 */
export const DEFAULT_BUDGET_CLOSE =
  "\n\nConsidering the limited time, I have to give the solution based on the thinking directly now.\n</think>\n\n";
