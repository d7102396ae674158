/** Small statistics: mean, sample std, median, p95, and a seeded bootstrap. */
import { Rng } from "../sampling/rng.ts";

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Nearest-rank percentile (p in [0, 100]). */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const clip01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Standard deviation of `stat` over `resamples` bootstrap resamples of `xs` (population std of
 * the resampled statistics, as simple-evals reports it), with a seeded generator.
 */
export function bootstrapStd(xs: number[], stat: (sample: number[]) => number, resamples = 1000, seed = 0): number {
  if (xs.length === 0) return NaN;
  const rng = new Rng(seed, "bootstrap");
  const values: number[] = [];
  const sample = new Array<number>(xs.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < xs.length; i++) sample[i] = xs[rng.nextU32() % xs.length]!;
    values.push(stat(sample));
  }
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length);
}
