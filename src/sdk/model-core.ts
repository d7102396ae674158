/**
 * What every session of a loaded model shares: weights and forward pass, tokenizer, chat
 * template, sampling defaults and the safety wrapper.
 */
import type { Engine } from "../engine/open.ts";
import type { Tokenizer } from "../tokenizer/index.ts";
import { renderChatTemplate, promptEndsInsideThink } from "../chat/template.ts";
import { InvalidArgumentError } from "../errors.ts";
import { applySafety, type SafetyContext } from "../safety/apply.ts";
import { resolveSafetyPolicy } from "../safety/policy.ts";
import type { EmergencyClassifier } from "../safety/second-opinion.ts";
import type { SafetyPolicy } from "../safety/policy.ts";
import type { ChatEvent, ChatMessage, ChatStreamEvent, Model, RenderOptions, SafetyChatOptions, SamplingDefaults } from "./types.ts";


/** The card's sampling, used when the file carries no generation config. */
export const CARD_DEFAULTS: SamplingDefaults = { temperature: 0.6, topK: 20, topP: 0.95, minP: 0 };
/** The card's maximum of new tokens per answer. */
export const CARD_MAX_NEW_TOKENS = 16_384;

export interface ModelCoreParts {
  /** Kernels, forward pass and the batch scheduler every session's sequence shares. */
  engine: Engine;
  tokenizer: Tokenizer;
  chatTemplate: string | undefined;
  defaults: SamplingDefaults;
  /** End-of-generation ids: the tokenizer's plus generation_config's eos_token_id. */
  endTokens: Set<number>;
  contextLength: number;
  /** The file or folder the model was loaded from (its hash goes into audit records). */
  modelPath?: string;
}

export class ModelCore {
  readonly engine: Engine;
  readonly tokenizer: Tokenizer;
  readonly chatTemplate: string | undefined;
  readonly defaults: SamplingDefaults;
  readonly endTokens: Set<number>;
  readonly contextLength: number;
  readonly defaultMaxTokens = CARD_MAX_NEW_TOKENS;
  readonly modelPath: string | undefined;
  /** The model's triage second opinion, set by the Model that owns this core (local-model.ts). */
  emergencyClassifier: EmergencyClassifier | undefined;

  constructor(p: ModelCoreParts) {
    this.engine = p.engine;
    this.tokenizer = p.tokenizer;
    this.chatTemplate = p.chatTemplate;
    this.defaults = p.defaults;
    this.endTokens = p.endTokens;
    this.contextLength = p.contextLength;
    this.modelPath = p.modelPath;
  }

  renderChat(messages: ChatMessage[], options: RenderOptions = {}): string {
    if (!this.chatTemplate) {
      throw new InvalidArgumentError("the model file carries no chat template", {
        expected: "tokenizer.chat_template (GGUF) or chat_template (tokenizer_config.json)",
        found: "none",
        hint: "use model.complete() with your own prompt format",
      });
    }
    const tk = this.tokenizer;
    return renderChatTemplate(this.chatTemplate, messages, {
      addGenerationPrompt: options.addGenerationPrompt ?? true,
      enableThinking: options.enableThinking,
      tools: options.tools && options.tools.length > 0 ? options.tools : undefined,
      bosToken: tk.bosId !== undefined ? tk.decode([tk.bosId], { skipSpecial: false }) : "",
      eosToken: tk.eosId !== undefined ? tk.decode([tk.eosId], { skipSpecial: false }) : "",
    });
  }

  promptOpensThink(prompt: string): boolean {
    return promptEndsInsideThink(prompt);
  }

  /**
   * The safety layer (src/safety: triage, referral, disclaimer) around the model's event stream,
   * on by default; `safety: false` turns it off for a call, a policy object configures it.
   */
  withSafety(messages: ChatMessage[], events: AsyncIterable<ChatEvent>, safety: SafetyChatOptions["safety"], settings: Record<string, unknown> = {}): AsyncIterable<ChatStreamEvent> {
    if (safety === false) return events;
    const path = this.modelPath;
    const modelHash = path ? async () => (await import("./model-hash.ts")).modelSha256(path) : undefined;
    return this.safetyWrapper(messages, events, safety, { settings, modelHash, classify: this.emergencyClassifier });
  }

  safetyWrapper: SafetyWrapper = (messages, events, policy, context) => applySafety(messages, events, resolveSafetyPolicy(policy), context);
}

export type SafetyWrapper = (
  messages: ChatMessage[],
  events: AsyncIterable<ChatEvent>,
  policy: Partial<SafetyPolicy> | undefined,
  context: SafetyContext,
) => AsyncIterable<ChatStreamEvent>;

export type { Model };
