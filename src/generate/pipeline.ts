/** Assembles the token loop's collaborators for one request from the model and its options. */
import { BARE_BUDGET_CLOSE, DEFAULT_BUDGET_CLOSE } from "../chat/reasoning-budget.ts";
import { ReasoningParser } from "../chat/reasoning-parser.ts";
import { createSampler } from "../sampling/sampler.ts";
import type { SamplingDefaults } from "../sampling/types.ts";
import { StreamDecoder, type Tokenizer } from "../tokenizer/index.ts";
import type { LoopParams } from "./loop.ts";
import type { ChannelPort } from "./ports.ts";
import { StopStringMatcher } from "./stop-strings.ts";
import type { ChatOptions } from "./types.ts";

/** What the pipeline needs of a loaded model. */
export interface PipelineModel {
  tokenizer: Tokenizer;
  defaults: SamplingDefaults;
  /** Tokens that end generation. */
  endTokens: ReadonlySet<number>;
}

type Pipeline = Pick<LoopParams, "picker" | "decoder" | "stop" | "channels" | "endTokens" | "forceClose" | "forceCloseBare">;

export function buildPipeline(
  core: PipelineModel,
  options: ChatOptions,
  mode: { parseReasoning: boolean; startsInReasoning: boolean },
): Pipeline {
  const picker = createSampler(options, core.defaults);
  return {
    picker,
    decoder: new StreamDecoder(core.tokenizer),
    stop: new StopStringMatcher(options.stop ?? []),
    channels: mode.parseReasoning ? new ReasoningParser({ startsInReasoning: mode.startsInReasoning }) : contentOnly(),
    endTokens: core.endTokens,
    forceClose: mode.parseReasoning ? core.tokenizer.encode(DEFAULT_BUDGET_CLOSE, { special: true }) : undefined,
    forceCloseBare: mode.parseReasoning ? core.tokenizer.encode(BARE_BUDGET_CLOSE, { special: true }) : undefined,
  };
}

/** Raw completions: everything is answer text. */
function contentOnly(): ChannelPort {
  return {
    channel: "content",
    push: (text) => [{ channel: "content", text }],
    finish: () => ({ pieces: [], truncated: false }),
  };
}
