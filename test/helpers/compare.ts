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
  maxAbsDiff: number;
  /** KL(theirs ‖ ours) in nats. */
  kl: number;
  argmaxOurs: number;
  argmaxTheirs: number;
}

/** Compares over tokens the reference gives log p > floor (float32 probabilities underflow). */
export function compareLogProbs(ours: Float64Array, theirs: Float64Array, floor = -30): Comparison {
  if (ours.length < theirs.length) throw new Error(`vocabulary sizes differ: ${ours.length} vs ${theirs.length}`);
  let maxAbsDiff = 0;
  let kl = 0;
  let argmaxOurs = 0;
  let argmaxTheirs = 0;
  for (let i = 0; i < ours.length; i++) if (ours[i]! > ours[argmaxOurs]!) argmaxOurs = i;
  for (let i = 0; i < theirs.length; i++) {
    const t = theirs[i]!;
    if (t > theirs[argmaxTheirs]!) argmaxTheirs = i;
    if (!(t > floor)) continue;
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(t - ours[i]!));
    kl += Math.exp(t) * (t - ours[i]!);
  }
  return { maxAbsDiff, kl: Math.max(0, kl), argmaxOurs, argmaxTheirs };
}
