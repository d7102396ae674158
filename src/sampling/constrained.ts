/**
 * A sampler under a grammar: before each draw the tokens the grammar cannot take next get -∞,
 * so the chain (penalties, top-k, top-p, temperature) sees only what may follow. The grammar
 * holds only for the answer: while the model reasons the sampler is free, and the tokens that
 * close the reasoning are not the grammar's. End tokens are allowed once the value is complete,
 * and are the only choice when nothing may follow.
 */
import { GrammarDeadEndError, GrammarMatcher, tokenTrie, type Grammar } from "../grammar/index.ts";
import type { Tokenizer } from "../tokenizer/index.ts";
import type { TokenSampler } from "./sampler.ts";

/** Where the output is: inside the reasoning (free), in the answer, or at the start where `<think>` may still open. */
export type ConstraintPhase = "free" | "answer" | "opening";

export interface ConstraintOptions {
  grammar: Grammar;
  tokenizer: Tokenizer;
  endTokens: ReadonlySet<number>;
  phase: () => ConstraintPhase;
  /** The token that opens a reasoning block, allowed in the "opening" phase. */
  openThink?: number;
}

export interface ConstrainedSampler extends TokenSampler {
  /** Allowed tokens at the last constrained pick (1 = allowed), for logprobs; undefined when free. */
  readonly lastMask: Uint8Array | undefined;
  /** The grammar is complete and nothing may follow it. */
  readonly done?: boolean;
}

export function constrainSampler(inner: TokenSampler, o: ConstraintOptions): ConstrainedSampler {
  const trie = tokenTrie(o.tokenizer);
  const matcher = new GrammarMatcher(o.grammar, trie);
  const allowed = new Uint8Array(trie.vocabSize);
  let masked: Float32Array | undefined;
  let lastMask: Uint8Array | undefined;
  /** The last pick was made under the grammar: its token, once accepted, moves the matcher. */
  let constrained = false;

  return {
    get lastMask() {
      return lastMask;
    },
    get lastLogits() {
      return inner.lastLogits;
    },
    get done() {
      return matcher.mustEnd;
    },
    // The mask needs every logit: never from a top k.
    topNeeded: () => 0,
    pickTop() {
      throw new RangeError("a grammar-constrained pick needs the full logits (topNeeded is 0)");
    },
    pick(logits) {
      const phase = o.phase();
      constrained = phase !== "free";
      if (phase === "free") {
        lastMask = undefined;
        return inner.pick(logits);
      }
      let count = matcher.mustEnd ? (allowed.fill(0), 0) : matcher.fillAllowed(allowed);
      if (matcher.canEnd) for (const t of o.endTokens) if (t < allowed.length && !allowed[t]) { allowed[t] = 1; count++; }
      if (phase === "opening" && o.openThink !== undefined && !allowed[o.openThink]) { allowed[o.openThink] = 1; count++; }
      if (count === 0) throw new GrammarDeadEndError(matcher.output);
      if (!masked || masked.length !== logits.length) masked = new Float32Array(logits.length);
      for (let i = 0; i < logits.length; i++) masked[i] = i < allowed.length && allowed[i] ? logits[i]! : -Infinity;
      lastMask = allowed;
      return inner.pick(masked);
    },
    accept(token) {
      inner.accept(token);
      // Tokens the loop inserts itself (closing the reasoning at its budget) were not picked: not the grammar's.
      const mine = constrained;
      constrained = false;
      if (!mine || o.endTokens.has(token)) return;
      if (o.phase() === "opening" && token === o.openThink) return;
      if (!matcher.accept(token)) throw new GrammarDeadEndError(matcher.output);
    },
  };
}

export interface TriggerOptions extends Omit<ConstraintOptions, "openThink"> {
  /** The token that starts the constrained part (e.g. `<tool_call>`). */
  trigger: number;
}

/**
 * A grammar that holds only after a trigger token, until it is complete (a lazy grammar, as
 * llama.cpp's for tool calls): the answer is free text, but once the model writes `<tool_call>`
 * what follows is a valid call and its closing tag; then the text is free again.
 */
export function triggeredSampler(inner: TokenSampler, o: TriggerOptions): ConstrainedSampler {
  let active: ConstrainedSampler | undefined;
  let armed = false;
  const start = () => constrainSampler(inner, { ...o, endTokens: new Set(), phase: () => "answer" });
  return {
    get lastMask() {
      return active?.lastMask;
    },
    get lastLogits() {
      return active ? active.lastLogits : inner.lastLogits;
    },
    // Free text before a trigger may come from the top k; the grammar after it needs every logit.
    topNeeded: () => (active ? 0 : inner.topNeeded()),
    pick(logits) {
      if (active && active.done) active = undefined;
      armed = !active && o.phase() === "answer";
      return active ? active.pick(logits) : inner.pick(logits);
    },
    pickTop(top) {
      if (active && active.done) active = undefined;
      if (active) return active.pickTop(top);
      armed = o.phase() === "answer";
      return inner.pickTop(top);
    },
    accept(token) {
      if (active) return active.accept(token);
      inner.accept(token);
      if (armed && token === o.trigger) active = start();
      armed = false;
    },
  };
}
