/**
 * The token loop: prompt → KV cache → sample → decode → stop strings → reasoning/answer
 * channels → typed events. One call per request; cancellation via AbortSignal at each token.
 */
import type { ChatEvent, StopReason } from "./types.ts";
import type { Sequence } from "../engine/sequence.ts";
import type { ChannelPort, StopPort, TextDecoderPort, TokenPicker } from "./ports.ts";
import { stepLogprobs } from "../sampling/logprobs.ts";
import type { TopLogits } from "../engine/forward.ts";

export interface LoopParams {
  sequence: Sequence;
  prompt: readonly number[];
  picker: TokenPicker;
  decoder: TextDecoderPort;
  stop: StopPort;
  channels: ChannelPort;
  /** Tokens that end generation (EOS/EOT of the file). */
  endTokens: ReadonlySet<number>;
  maxTokens: number;
  /** Reasoning budget: after this many reasoning tokens, `forceClose` tokens are inserted. */
  reasoningBudget?: number;
  /** Token ids that close the think block: a sentence asking to conclude, then `</think>`. */
  forceClose?: readonly number[];
  /** Just `</think>` (tokenize("\n</think>\n\n")): a budget of 0, or when the sentence does not fit. */
  forceCloseBare?: readonly number[];
  signal?: AbortSignal;
  /** Emit a `logprob` event per answer token with this many alternatives. */
  logprobs?: number;
  /** A token's bytes (for logprob events). */
  tokenBytes?: (token: number) => Uint8Array;
}

function logprobEvent(p: LoopParams, logits: Float32Array, token: number): ChatEvent {
  const bytes = p.tokenBytes ?? (() => new Uint8Array(0));
  const r = stepLogprobs(logits, token, p.logprobs ?? 0);
  return { type: "logprob", token, bytes: bytes(token), logprob: r.logprob, top: r.top.map((t) => ({ token: t.token, bytes: bytes(t.token), logprob: t.logprob })) };
}

export async function* runLoop(p: LoopParams): AsyncGenerator<ChatEvent> {
  const seq = p.sequence;
  let reasoningTokens = 0;
  let contentTokens = 0;
  let stopReason: StopReason = "length";
  let forced = false;
  let stopStringHit = false;

  const events = (pieces: Array<{ channel: "reasoning" | "content"; text: string }>): ChatEvent[] =>
    pieces.filter((x) => x.text.length > 0).map((x) => ({ type: x.channel, text: x.text }));

  /** Routes newly decoded text through stop strings and channels; true when a stop string hit. */
  function* emit(text: string): Generator<ChatEvent, boolean> {
    const r = p.stop.push(text);
    if (r.text) yield* events(p.channels.push(r.text));
    return r.stopped;
  }

  // A budget of 0 lets no reasoning token through: the block is closed in the prompt, as the
  // template renders thinking off. Those tokens are the prompt's (usage), not the answer's.
  let prompt = p.prompt;
  if (p.reasoningBudget === 0 && p.forceCloseBare && p.channels.channel === "reasoning" && prompt.length + p.forceCloseBare.length < seq.contextLength) {
    prompt = [...prompt, ...p.forceCloseBare];
    p.channels.push("</think>");
    forced = true;
  }
  // The next pick's need: its top k selected on the device (greedy: 1) where the backend can and
  // nothing needs the whole distribution (logprobs; bias, penalties, grammars: topNeeded 0).
  const topK = (): number => {
    const k = p.logprobs === undefined && p.picker.pickTop ? (p.picker.topNeeded?.() ?? 0) : 0;
    return k <= seq.maxTopK ? k : 0;
  };
  let logits: Float32Array | TopLogits = await seq.prefill(prompt, p.signal);
  let generated = 0;
  for (;;) {
    if (p.signal?.aborted) {
      stopReason = "abort";
      break;
    }
    if (generated >= p.maxTokens || seq.tokens.length >= seq.contextLength) {
      stopReason = "length";
      break;
    }
    const wasAnswer = p.channels.channel === "content";
    const token: number = logits instanceof Float32Array ? p.picker.pick(logits) : p.picker.pickTop!(logits);
    if (p.logprobs !== undefined && wasAnswer && !p.endTokens.has(token) && logits instanceof Float32Array) yield logprobEvent(p, p.picker.lastLogits ?? logits, token);
    if (p.endTokens.has(token)) {
      stopReason = "stop";
      break;
    }
    p.picker.accept(token);
    generated++;
    // A token belongs to the reasoning if the block was open before it or it opened the block.
    const wasReasoning = p.channels.channel === "reasoning";
    const hit = yield* emit(p.decoder.push(token));
    if (wasReasoning || p.channels.channel === "reasoning") reasoningTokens++;
    else contentTokens++;
    if (hit) {
      stopReason = "stop";
      stopStringHit = true;
      break;
    }

    const budgetHit = p.reasoningBudget !== undefined && !forced && p.channels.channel === "reasoning" && reasoningTokens >= p.reasoningBudget;
    // Close only when the closing text and at least one answer token still fit: the sentence, else `</think>` alone.
    const fits = (c: readonly number[] | undefined) => c !== undefined && generated + c.length < p.maxTokens && seq.tokens.length + 1 + c.length < seq.contextLength;
    const close = !budgetHit ? undefined : p.reasoningBudget! > 0 && fits(p.forceClose) ? p.forceClose : fits(p.forceCloseBare) ? p.forceCloseBare : undefined;
    if (close) {
      // Close the think block on the model's behalf and let it answer.
      forced = true;
      for (const t of close) {
        p.picker.accept(t);
        reasoningTokens++;
        generated++;
        yield* emit(p.decoder.push(t));
      }
      const k = topK();
      logits = k > 0 ? await seq.appendManyTop([token, ...close], k) : await seq.appendMany([token, ...close]);
    } else {
      // The scheduler evaluates it with every other sequence's next token, between event-loop turns.
      const k = topK();
      logits = k > 0 ? await seq.appendManyTop([token], k) : await seq.append(token);
    }
  }

  // Flush held-back text (partial UTF-8, possible stop-string prefixes) unless a stop string hit:
  // what follows a stop string is never shown.
  if (!stopStringHit) {
    const tail = p.decoder.flush();
    stopStringHit = tail.length > 0 && (yield* emit(tail));
    const rest = stopStringHit ? "" : p.stop.flush();
    if (rest) yield* events(p.channels.push(rest));
  }
  const end = p.channels.finish();
  yield* events(end.pieces);
  yield {
    type: "done",
    stopReason,
    usage: { promptTokens: prompt.length, reasoningTokens, contentTokens },
    reasoningTruncated: end.truncated,
  };
}
