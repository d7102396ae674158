/**
 * The tokens that may come next: the vocabulary trie walked with the matcher's state. A token is
 * allowed when every one of its bytes keeps some thread alive. Inside a string the plain tokens
 * are allowed by a count check (see token-trie.ts) and only the rest of the trie is walked.
 */
import { plainBudget, stepState, type State } from "./matcher.ts";
import type { TokenTrie } from "./token-trie.ts";

/** Marks allowed[id] = 1 for every token that can follow `state`; returns how many. */
export function allowedTokens(trie: TokenTrie, state: State, allowed: Uint8Array): number {
  allowed.fill(0);
  let count = 0;
  const budget = plainBudget(state);
  const fast = budget >= 0;
  if (fast) {
    const plain = trie.plainChars;
    for (let id = 0; id < plain.length; id++) {
      const c = plain[id]!;
      if (c >= 0 && c <= budget) {
        allowed[id] = 1;
        count++;
      }
    }
  }
  const { byte, end, tokStart, ids, nonPlainBelow } = trie;
  const visit = (node: number, st: State): void => {
    for (let c = node + 1; c < end[node]!; c = end[c]!) {
      if (fast && !nonPlainBelow[c]) continue;
      const next = stepState(st, byte[c]!);
      if (next.length === 0) continue;
      for (let k = tokStart[c]!; k < tokStart[c + 1]!; k++) {
        const id = ids[k]!;
        if (!allowed[id]) {
          allowed[id] = 1;
          count++;
        }
      }
      visit(c, next);
    }
  };
  visit(0, state);
  return count;
}

/** The state after a token's bytes (empty when the token does not fit). */
export function advance(state: State, text: string): State {
  let st = state;
  for (let i = 0; i < text.length && st.length > 0; i++) st = stepState(st, text.charCodeAt(i));
  return st;
}
