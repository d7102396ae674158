/**
 * What the token loop needs from its collaborators, as small interfaces. The concrete pieces
 * (tokenizer stream decoder, stop-string matcher, reasoning parser, sampler chain) are adapted
 * to these in ./pipeline.ts, so the loop reads as the algorithm and nothing else.
 */
import type { TopLogits } from "../engine/forward.ts";

/** Picks the next token from logits (V) and remembers accepted tokens for penalties. */
export interface TokenPicker {
  pick(logits: Float32Array): number;
  /**
   * How many of the highest logits the next pick needs (1: greedy; top-k sampling: k), or 0 when
   * it needs them all (bias, penalties, a grammar, no top-k). A picker without it needs them all.
   */
  topNeeded?(): number;
  /** Picks from the `topNeeded()` highest logits alone (ids by logit descending, ties by id). */
  pickTop?(top: TopLogits): number;
  accept(token: number): void;
  /** The logits the last pick drew from (after bias, penalties, grammar), if they differ from the model's. */
  readonly lastLogits?: Float32Array;
}

/** Token ids in, complete UTF-8 text out (partial characters held back). */
export interface TextDecoderPort {
  push(token: number): string;
  flush(): string;
}

/** Holds back text that could start a stop string; reports a match. */
export interface StopPort {
  push(text: string): { text: string; stopped: boolean };
  flush(): string;
}

export type Channel = "reasoning" | "content";

/** Splits the text stream into reasoning and answer. */
export interface ChannelPort {
  /** The channel the next text belongs to (before it is seen). */
  readonly channel: Channel;
  /** Only whitespace so far: the output may still open a reasoning block. */
  readonly opening?: boolean;
  push(text: string): Array<{ channel: Channel; text: string }>;
  /** End of output; `truncated` when it ended inside the reasoning block. */
  finish(): { pieces: Array<{ channel: Channel; text: string }>; truncated: boolean };
}
