/** Assembles the token loop's collaborators for one request from the model and its options. */
import { BARE_BUDGET_CLOSE, DEFAULT_BUDGET_CLOSE } from "../chat/reasoning-budget.ts";
import { ReasoningParser } from "../chat/reasoning-parser.ts";
import { createSampler } from "../sampling/sampler.ts";
import { constrainSampler, triggeredSampler } from "../sampling/constrained.ts";
import type { TokenSampler } from "../sampling/sampler.ts";
import { usesTools } from "./tool-events.ts";
import type { TokenPicker } from "./ports.ts";
import { compileGrammar, GrammarSchemaError, type Grammar } from "../grammar/index.ts";
import { toolCallGrammar, toolCallRest } from "../grammar/tool-calls.ts";
import type { ToolDefinition } from "../chat/types.ts";
import { InvalidArgumentError } from "../errors.ts";
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

type Pipeline = Pick<LoopParams, "picker" | "decoder" | "stop" | "channels" | "endTokens" | "forceClose" | "forceCloseBare" | "logprobs" | "tokenBytes">;

export function buildPipeline(
  core: PipelineModel,
  options: ChatOptions,
  mode: { parseReasoning: boolean; startsInReasoning: boolean },
): Pipeline {
  const channels: ChannelPort = mode.parseReasoning ? new ReasoningParser({ startsInReasoning: mode.startsInReasoning }) : contentOnly();
  const sampler = createSampler(options, core.defaults);
  const grammar = answerGrammar(options);
  const picker = grammar
    ? constrainSampler(sampler, {
        grammar,
        tokenizer: core.tokenizer,
        endTokens: core.endTokens,
        phase: () => (channels.channel === "reasoning" ? "free" : channels.opening ? "opening" : "answer"),
        openThink: mode.parseReasoning ? core.tokenizer.tokenId("<think>") : undefined,
      })
    : lazyToolGrammar(sampler, core, options, channels);
  return {
    picker,
    decoder: new StreamDecoder(core.tokenizer),
    stop: new StopStringMatcher(options.stop ?? []),
    channels,
    endTokens: core.endTokens,
    logprobs: options.logprobs,
    tokenBytes: (t) => core.tokenizer.tokenBytes(t),
    forceClose: mode.parseReasoning ? core.tokenizer.encode(DEFAULT_BUDGET_CLOSE, { special: true }) : undefined,
    forceCloseBare: mode.parseReasoning ? core.tokenizer.encode(BARE_BUDGET_CLOSE, { special: true }) : undefined,
  };
}

/** The grammar the answer must follow, if any (compiled once per spec object). */
export function answerGrammar(options: ChatOptions): Grammar | undefined {
  if (options.grammar !== undefined) return compileGrammar(options.grammar);
  const forced = forcedTools(options);
  if (forced) return toolCallGrammar(forced, options.parallelToolCalls ?? true);
  const f = options.responseFormat;
  if (f === undefined || f.type === "text") return undefined;
  return compileGrammar(f);
}

/**
 * tool_choice auto: the answer is free, but a `<tool_call>` the model writes (Qwen3's single
 * token) starts a grammar for the call's JSON and closing tag. Tools whose schemas the engine
 * cannot compile leave calls unconstrained (auto mode never refuses a request for them).
 */
function lazyToolGrammar(sampler: TokenPicker & TokenSampler, core: PipelineModel, options: ChatOptions, channels: ChannelPort): TokenPicker {
  const trigger = core.tokenizer.tokenId("<tool_call>");
  if (!usesTools(options) || forcedTools(options) || trigger === undefined) return sampler;
  let grammar: Grammar;
  try {
    grammar = toolCallRest(options.tools!);
  } catch (err) {
    if (err instanceof GrammarSchemaError) return sampler;
    throw err;
  }
  return triggeredSampler(sampler, {
    grammar,
    tokenizer: core.tokenizer,
    endTokens: core.endTokens,
    trigger,
    phase: () => (channels.channel === "reasoning" ? "free" : "answer"),
  });
}

/** Whether every call the model can make is held to the call grammar (forced, or auto with the tools' schemas compiled). */
export function callsConstrained(core: Pick<PipelineModel, "tokenizer">, options: ChatOptions): boolean {
  if (!usesTools(options)) return false;
  if (forcedTools(options)) return true;
  if (core.tokenizer.tokenId("<tool_call>") === undefined) return false;
  try {
    toolCallRest(options.tools!);
    return true;
  } catch (err) {
    if (err instanceof GrammarSchemaError) return false;
    throw err;
  }
}

/** The tools one of which must be called (tool_choice "required" or a named function), if so. */
function forcedTools(o: ChatOptions): ToolDefinition[] | undefined {
  const choice = o.toolChoice;
  if (!o.tools || o.tools.length === 0 || choice === undefined || choice === "auto" || choice === "none") return undefined;
  if (choice === "required") return o.tools;
  const name = choice.function?.name;
  const tool = o.tools.find((t) => t.function.name === name);
  if (!tool) {
    throw new InvalidArgumentError(`toolChoice names ${JSON.stringify(name)?.slice(0, 80)}, which is not among the tools`, {
      expected: o.tools.map((t) => t.function.name).join(", ").slice(0, 300),
    });
  }
  return [tool];
}

/** Raw completions: everything is answer text. */
function contentOnly(): ChannelPort {
  return {
    channel: "content",
    push: (text) => [{ channel: "content", text }],
    finish: () => ({ pieces: [], truncated: false }),
  };
}
