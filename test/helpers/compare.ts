/** Comparing two next-token distributions given as log-probabilities. */

export function logSoftmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! - lse;
  return out;
}

export interface Comparison {
  /** Max |Δ log p| after removing the constant offset (see compareLogProbs). */
  maxAbsDiff: number;
  /** The constant removed: median of (ours − theirs). */
  offset: number;
  /** KL(theirs ‖ ours) in nats. */
  kl: number;
  argmaxOurs: number;
  argmaxTheirs: number;
}

/**
 * Compares over tokens the reference gives log p > floor (float32 probabilities underflow).
 *
 * node-llama-cpp normalizes its probabilities with a float32 running sum over all 151,936
 * tokens; that sum carries a relative error of up to ~1e-4..1e-3, which shifts every one of its
 * log-probabilities by the same constant. That constant is the reference's arithmetic, not a
 * difference between the models, so it is measured (median of ours − theirs), reported and
 * removed before taking the maximum.
 */
export function compareLogProbs(ours: Float64Array, theirs: Float64Array, floor = -30): Comparison {
  if (ours.length < theirs.length) throw new Error(`vocabulary sizes differ: ${ours.length} vs ${theirs.length}`);
  let kl = 0;
  let argmaxOurs = 0;
  let argmaxTheirs = 0;
  const diffs: number[] = [];
  for (let i = 0; i < ours.length; i++) if (ours[i]! > ours[argmaxOurs]!) argmaxOurs = i;
  for (let i = 0; i < theirs.length; i++) {
    const t = theirs[i]!;
    if (t > theirs[argmaxTheirs]!) argmaxTheirs = i;
    if (!(t > floor)) continue;
    diffs.push(ours[i]! - t);
  }
  const sorted = Float64Array.from(diffs).sort();
  const offset = sorted.length ? sorted[sorted.length >> 1]! : 0;
  let maxAbsDiff = 0;
  for (const d of diffs) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(d - offset));
  // KL with the reference's normalization error removed from its log-probabilities.
  for (let i = 0; i < theirs.length; i++) {
    const t = theirs[i]!;
    if (t > floor) kl += Math.exp(t) * (t + offset - ours[i]!);
  }
  return { maxAbsDiff, offset, kl: Math.max(0, kl), argmaxOurs, argmaxTheirs };
}
