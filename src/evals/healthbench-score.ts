/**
 * HealthBench scores as simple-evals computes them: example score = Σ points of met items ÷
 * Σ positive points (not clipped per example); a metric = mean over examples, clipped to [0, 1];
 * rubric-tag scores use only that tag's items; theme scores average the examples of a theme.
 * Std by a seeded bootstrap over examples (1,000 resamples).
 */
import { bootstrapStd, clip01, mean } from "./stats.ts";
import type { JudgeVerdict } from "./types.ts";

/** The card's theme names for HealthBench's `theme:` example tags. */
export const THEMES: Record<string, string> = {
  "theme:communication": "Expertise-Tailored Communication",
  "theme:complex_responses": "Response Depth",
  "theme:context_seeking": "Context Seeking",
  "theme:emergency_referrals": "Emergency Referrals",
  "theme:global_health": "Global Health",
  "theme:health_data_tasks": "Health Data Tasks",
  "theme:hedging": "Responding Under Uncertainty",
};

export function exampleScore(verdicts: Array<Pick<JudgeVerdict, "met" | "points">>): number | null {
  const possible = verdicts.reduce((a, v) => a + (v.points > 0 ? v.points : 0), 0);
  if (possible <= 0) return null;
  return verdicts.reduce((a, v) => a + (v.met ? v.points : 0), 0) / possible;
}

const clippedMean = (xs: number[]) => clip01(mean(xs));

export interface HealthBenchExample {
  tags: string[];
  verdicts: Array<Pick<JudgeVerdict, "met" | "points"> & { tags?: string[] }>;
}

/** A metric: clipped mean over examples, its seeded bootstrap std, and how many examples. */
export interface Metric { value: number; bootstrapStd: number; n: number }

export interface HealthBenchScores {
  overall: Metric;
  themes: Record<string, Metric>;
  rubricTags: Record<string, Metric>;
}

const metric = (xs: number[], seed: number): Metric => ({ value: clippedMean(xs), bootstrapStd: bootstrapStd(xs, clippedMean, 1000, seed), n: xs.length });

export function scoreHealthBench(examples: HealthBenchExample[], seed = 0): HealthBenchScores {
  const scored = examples.map((e) => ({ e, s: exampleScore(e.verdicts) })).filter((x): x is { e: HealthBenchExample; s: number } => x.s !== null);
  const all = scored.map((x) => x.s);
  const themes: HealthBenchScores["themes"] = {};
  for (const [tag, name] of Object.entries(THEMES)) {
    const xs = scored.filter((x) => x.e.tags.includes(tag)).map((x) => x.s);
    if (xs.length) themes[name] = metric(xs, seed);
  }
  const rubricTags: HealthBenchScores["rubricTags"] = {};
  const tagNames = new Set(examples.flatMap((e) => e.verdicts.flatMap((v) => v.tags ?? [])));
  for (const tag of [...tagNames].sort()) {
    const xs = examples.map((e) => exampleScore(e.verdicts.filter((v) => v.tags?.includes(tag)))).filter((x): x is number => x !== null);
    if (xs.length) rubricTags[tag] = metric(xs, seed);
  }
  return { overall: metric(all, seed), themes, rubricTags };
}
