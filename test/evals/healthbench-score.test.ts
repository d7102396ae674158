/** HealthBench arithmetic on hand-made examples: negative points, no per-example clipping, tags, themes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleScore, scoreHealthBench } from "../../src/evals/healthbench-score.ts";
import { bootstrapStd, percentile } from "../../src/evals/stats.ts";

test("example score: met points over positive points; negative items subtract; not clipped per example", () => {
  assert.equal(exampleScore([{ points: 5, met: true }, { points: 3, met: false }, { points: -2, met: false }]), 5 / 8);
  assert.equal(exampleScore([{ points: 5, met: false }, { points: -4, met: true }]), -4 / 5);
  assert.equal(exampleScore([{ points: -4, met: true }]), null, "no positive points: no score");
});

test("overall clips the mean, themes and rubric tags use their own items", () => {
  const s = scoreHealthBench([
    { tags: ["theme:emergency_referrals"], verdicts: [{ points: 10, met: true, tags: ["axis:accuracy"] }, { points: 5, met: false, tags: ["axis:completeness"] }] },
    { tags: ["theme:hedging"], verdicts: [{ points: 4, met: false, tags: ["axis:accuracy"] }, { points: -8, met: true, tags: ["axis:accuracy"] }] },
  ]);
  // Examples: 10/15 and -8/4 = -2 → mean -0.667 → clipped to 0.
  assert.equal(s.overall.value, 0);
  assert.equal(s.themes["Emergency Referrals"]!.value, 10 / 15);
  assert.equal(s.themes["Responding Under Uncertainty"]!.value, 0);
  // axis:accuracy: example 1 → 10/10, example 2 → -8/4; mean -0.5 → 0.
  assert.equal(s.rubricTags["axis:accuracy"]!.value, 0);
  assert.equal(s.rubricTags["axis:completeness"]!.value, 0);
});

test("seeded bootstrap is reproducible; percentiles are nearest-rank", () => {
  const xs = [0.1, 0.5, 0.9, 0.3, 0.7];
  const f = (s: number[]) => s.reduce((a, b) => a + b) / s.length;
  assert.equal(bootstrapStd(xs, f, 1000, 3), bootstrapStd(xs, f, 1000, 3));
  assert.ok(bootstrapStd(xs, f, 1000, 3) > 0.05 && bootstrapStd(xs, f, 1000, 3) < 0.2);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
  assert.equal(percentile([5, 1, 3], 50), 3);
});
