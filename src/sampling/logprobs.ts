/**
 * Log-probabilities of a step: log-softmax of the logits the sampler drew from (after logit bias,
 * penalties and the grammar's mask; before temperature and truncation, as OpenAI and vLLM report
 * them), for the chosen token and the `top` most likely ones.
 */
export interface TokenLogprob {
  token: number;
  logprob: number;
}

export function stepLogprobs(logits: Float32Array, chosen: number, top: number): { logprob: number; top: TokenLogprob[] } {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const logZ = max + Math.log(sum);
  // The `top` highest, by insertion into a short sorted list (ties: lower id first).
  const ids: number[] = [];
  if (top > 0) {
    for (let i = 0; i < logits.length; i++) {
      const v = logits[i]!;
      if (v === -Infinity) continue;
      if (ids.length === top && v <= logits[ids[top - 1]!]!) continue;
      let j = ids.length === top ? top - 1 : ids.length;
      if (ids.length < top) ids.push(i);
      while (j > 0 && logits[ids[j - 1]!]! < v) {
        ids[j] = ids[j - 1]!;
        j--;
      }
      ids[j] = i;
    }
  }
  return { logprob: logits[chosen]! - logZ, top: ids.map((token) => ({ token, logprob: logits[token]! - logZ })) };
}
