/**
 * Figures the MedPsy model card publishes, shown as reference columns in reports. Only numbers
 * stated in the card are here; a benchmark without a published figure shows "—".
 */
export const CARD = {
  label: "MedPsy (model card)",
  closedAverage: 0.7054,
  benchmarks: { healthbench: 0.74, healthbench_hard: 0.58 } as Record<string, number>,
  /** Mean tokens per response: MedPsy vs its base model (Qwen3-4B-Thinking-2507): the 3.2× figure. */
  tokensPerResponse: { medpsy: 909, base: 2953 },
};
