// The bench's multi-round summary: medians per engine, ratios taken within a round, engine
// order alternated so drift in machine speed favours neither engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatComparison, roundOrder, summarize } from "../../src/bench/compare.ts";
import type { BenchResult } from "../../src/bench/types.ts";

const result = (engine: BenchResult["engine"], decode: number, prompt = 10): BenchResult => ({
  engine, loadSeconds: 1, promptTokens: 512, promptTokensPerSecond: prompt, timeToFirstTokenSeconds: 512 / prompt,
  generatedTokens: 64, decodeTokensPerSecond: decode, peakRssBytes: 1e9, threads: 2,
});

test("roundOrder alternates the engines: A B, B A, A B", () => {
  assert.deepEqual(roundOrder(["medpsy", "llama.cpp"], 0), ["medpsy", "llama.cpp"]);
  assert.deepEqual(roundOrder(["medpsy", "llama.cpp"], 1), ["llama.cpp", "medpsy"]);
  assert.deepEqual(roundOrder(["medpsy"], 1), ["medpsy"]);
});

test("summarize: medians per engine, ratio = median of the per-round ratios", () => {
  // Round 2 ran on a machine half as fast for both engines: it moves neither median ratio.
  const rounds = [
    [result("medpsy", 9), result("llama.cpp", 10)],
    [result("medpsy", 4.6), result("llama.cpp", 5)],
    [result("medpsy", 9.6), result("llama.cpp", 10)],
  ];
  const s = summarize(rounds);
  assert.equal(s.rounds, 3);
  assert.equal(s.results[0]!.decodeTokensPerSecond, 9);
  assert.equal(s.results[1]!.decodeTokensPerSecond, 10);
  assert.ok(Math.abs(s.ratios![1]! - 0.92) < 1e-12, `decode ratio ${s.ratios![1]}`);
  const table = formatComparison(s);
  assert.match(table, /decode tok\/s\s+9\.00\s+10\.00\s+0\.92×/);
  assert.equal(summarize([[result("medpsy", 3)]]).ratios, undefined);
  assert.throws(() => summarize([]), RangeError);
});
