/**
 * The model's second opinion on triage: one short constrained question to the loaded model
 * ("is this a medical emergency now? yes or no"), scored from the probabilities of its two
 * answer tokens after a single prefill (no sampling, no generation). Combined with the rules by
 * apply.ts: either one flagging an emergency makes it one, and the model's flag is its own reason.
 * A thinking model is asked after an empty think block, so its next token is the answer, not
 * reasoning; a model that puts little probability on either answer (a random-weight test model,
 * one that did not follow the question) gives no opinion rather than a coin toss.
 * Uses only the public Model API (renderChat, tokenize, logits), so it works on any model the SDK
 * loads.
 */
import type { ChatMessage, RenderOptions } from "../chat/types.ts";
import type { TriageReason } from "./types.ts";

export interface SecondOpinion {
  /** True when the model answered (answerMass ≥ MIN_ANSWER_MASS) and P(yes) ≥ the threshold. */
  emergency: boolean;
  /** Probability of all the answer tokens (every spelling of yes and no) among the whole vocabulary. */
  answerMass: number;
  /** P(yes) against P(no), from the two answer tokens' logits. */
  probability: number;
  /** Tokens in the one prefill (its cost; bench/triage-second-opinion.ts times it). */
  promptTokens: number;
}

/** What the safety layer is handed: a message in, an opinion out. */
export type EmergencyClassifier = (message: string) => Promise<SecondOpinion>;

export const CLASSIFIER_INSTRUCTION =
  "You triage messages for a medical service. Answer yes if the message describes someone having a medical emergency now that needs the emergency number or an emergency department immediately; answer no otherwise (questions, past events, fiction, pets, minor problems). Answer with one word.";
/** The message is cut to this many tokens, so the whole prompt stays near 100 tokens. */
export const MESSAGE_TOKEN_LIMIT = 48;
/** Characters tokenized to find those tokens (far more than 48 tokens ever take), so a 1 MiB message costs no more than a short one. */
const MESSAGE_CHAR_LIMIT = 2_000;
const THRESHOLD = 0.5;
/**
 * Below this share of the next-token probability on the answer words the model is not answering
 * the question (an instruction-following model asked for one word puts nearly all of it there;
 * random weights put ~6 / 151,936), so P(yes) against P(no) would be noise: no opinion.
 */
export const MIN_ANSWER_MASS = 0.5;

/**
 * The part of the SDK's Model API this needs, spelled here so the safety layer does not import the
 * SDK above it (any loaded Model is one: the SDK passes itself).
 */
export interface ClassifierModel {
  /** `special`: parse control tokens written in the text. */
  tokenize(text: string, options?: { special?: boolean }): number[];
  detokenize(ids: readonly number[]): string;
  /** Raw logits of the last position. */
  logits(ids: readonly number[]): Promise<Float32Array>;
  renderChat(messages: ChatMessage[], options?: RenderOptions): string;
}

/** Ids of the first token of each spelling of an answer word (" yes", "Yes", …). */
function answerIds(model: ClassifierModel, word: string): number[] {
  const ids = new Set<number>();
  for (const w of [word, word[0]!.toUpperCase() + word.slice(1), ` ${word}`]) {
    const t = model.tokenize(w);
    if (t.length > 0) ids.add(t[0]!);
  }
  return [...ids];
}

/** Softmax probability of the given token ids among all of `logits`. */
function massOf(logits: ArrayLike<number>, ids: number[]): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += Math.exp(logits[i]! - max);
  let part = 0;
  for (const i of ids) part += Math.exp(logits[i]! - max);
  return total > 0 ? part / total : 0;
}

/**
 * The classifier's prompt. A thinking-only template (Qwen3-Thinking-2507, MedPsy) opens a think
 * block in its generation prompt whatever enable_thinking says; it is closed empty here, as the
 * hybrid template's enable_thinking=false does, so the next token is the one-word answer.
 */
export function promptFor(model: Pick<ClassifierModel, "renderChat">, message: string): string {
  const user = `Message: "${message}"\nIs this a medical emergency now? Answer yes or no.`;
  try {
    const rendered = model.renderChat([{ role: "system", content: CLASSIFIER_INSTRUCTION }, { role: "user", content: user }], { addGenerationPrompt: true, enableThinking: false });
    return /<think>\n*$/.test(rendered) ? `${rendered.replace(/\n*$/, "")}\n\n</think>\n\n` : rendered;
  } catch {
    return `${CLASSIFIER_INSTRUCTION}\n\n${user}\nAnswer:`; // a model without a chat template
  }
}

/** The second opinion of a loaded model. */
export function modelClassifier(model: ClassifierModel): EmergencyClassifier {
  let yes: number[] | undefined, no: number[] | undefined;
  return async (message: string) => {
    yes ??= answerIds(model, "yes");
    no ??= answerIds(model, "no");
    const text = String(message ?? "");
    const ids = model.tokenize(text.slice(0, MESSAGE_CHAR_LIMIT));
    const cut = ids.length > MESSAGE_TOKEN_LIMIT || text.length > MESSAGE_CHAR_LIMIT ? `${model.detokenize(ids.slice(0, MESSAGE_TOKEN_LIMIT))}…` : text;
    const prompt = model.tokenize(promptFor(model, cut), { special: true });
    const logits = await model.logits(prompt);
    const best = (set: number[]) => Math.max(...set.map((i) => logits[i]!));
    const y = best(yes), n = best(no);
    const probability = 1 / (1 + Math.exp(n - y));
    const answerMass = massOf(logits, [...new Set([...yes, ...no])]);
    return { emergency: answerMass >= MIN_ANSWER_MASS && probability >= THRESHOLD, probability, answerMass, promptTokens: prompt.length };
  };
}

/** The reason reported when the model, not the rules, flags the emergency. */
export function secondOpinionReason(o: SecondOpinion): TriageReason {
  return {
    id: "model_second_opinion",
    label: "the loaded model judged this an emergency",
    evidence: `P(yes) ${o.probability.toFixed(2)}`,
    level: "emergency",
  };
}
