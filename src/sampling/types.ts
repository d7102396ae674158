/** What a caller may ask of the sampler, and the one shape of a model's sampling defaults. */

export interface SamplingOptions {
  /** 0 means greedy. Default: the model's generation_config, else 0.6. */
  temperature?: number;
  /** 0 disables. Default: generation_config, else 20. */
  topK?: number;
  /** 1 disables. Default: generation_config, else 0.95. */
  topP?: number;
  /** 0 disables. Default 0. */
  minP?: number;
  /** 1 disables. Default 1. */
  repetitionPenalty?: number;
  /** 0 disables. Default 0. */
  presencePenalty?: number;
  /** 0 disables. Default 0. */
  frequencyPenalty?: number;
  /** How many recent tokens the penalties look at. Default 64. */
  penaltyLastN?: number;
  /** Makes sampling reproducible. Default: random. */
  seed?: number;
  /** Added to the logits of these token ids before anything else (OpenAI's logit_bias; −100 bans, +100 all but forces). */
  logitBias?: Record<number, number>;
}

/** A model's sampling defaults: its generation config over the card's (see sdk CARD_DEFAULTS). */
export type SamplingDefaults = Required<Pick<SamplingOptions, "temperature" | "topK" | "topP" | "minP">>;

/**
 * The k highest logits of a step, highest first, ties to the lower id (argmax's and top-k's
 * order): what a greedy or top-k pick needs instead of the whole vocabulary.
 */
export interface TopCandidates {
  readonly ids: Int32Array;
  readonly values: Float32Array;
}
