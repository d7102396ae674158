/** Samplers: known answers for greedy, top-k, top-p, min-p and penalties; seeds; distribution. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createSampler, argmax, candidates } from "../../src/sampling/sampler.ts";
import { StopStringMatcher } from "../../src/generate/stop-strings.ts";
import { InvalidArgumentError } from "../../src/errors.ts";

const D = { temperature: 1, topK: 0, topP: 1, minP: 0 };
const logits = Float32Array.from([1, 3, 2, 3, 0]);

test("greedy picks the highest logit, lowest id on ties", () => {
  assert.equal(argmax(logits), 1);
  assert.equal(createSampler({ temperature: 0 }, D).pick(logits), 1);
});

test("top-k 1, top-p and min-p keep only what they should", () => {
  const counts = (o: object) => {
    const s = createSampler({ seed: 3, ...o }, D);
    const c = new Map<number, number>();
    for (let i = 0; i < 2000; i++) { const t = s.pick(logits); c.set(t, (c.get(t) ?? 0) + 1); }
    return c;
  };
  assert.deepEqual([...counts({ topK: 1 }).keys()], [1]);
  // p ∝ e^[1,3,2,3,0]: tokens 1 and 3 hold 0.75 of the mass; top-p 0.7 keeps exactly those two.
  assert.deepEqual([...counts({ topP: 0.7 }).keys()].sort(), [1, 3]);
  // min-p 0.5 keeps tokens with p ≥ 0.5·p_max: e^2/e^3 = 0.37 < 0.5, so again {1, 3}.
  assert.deepEqual([...counts({ minP: 0.5 }).keys()].sort(), [1, 3]);
});

test("repetition, presence and frequency penalties follow llama.cpp's arithmetic", () => {
  const s = createSampler({ temperature: 0, repetitionPenalty: 2, presencePenalty: 0.5, frequencyPenalty: 0.25 }, D);
  s.accept(1);
  s.accept(1);
  // token 1: 3/2 − 2·0.25 − 0.5 = 0.5 → token 3 (3) wins, then 2 (2)
  assert.equal(s.pick(logits), 3);
  s.accept(3);
  assert.equal(s.pick(logits), 2);
});

test("the same seed reproduces the same draws; the distribution matches softmax(logits / T)", () => {
  const a = createSampler({ seed: 11, temperature: 0.7 }, D);
  const b = createSampler({ seed: 11, temperature: 0.7 }, D);
  const draws = (s: ReturnType<typeof createSampler>) => Array.from({ length: 50 }, () => s.pick(logits));
  assert.deepEqual(draws(a), draws(b));
  const n = 40_000, T = 0.7;
  const s = createSampler({ seed: 5, temperature: T }, D);
  const obs = new Array(5).fill(0);
  for (let i = 0; i < n; i++) obs[s.pick(logits)]++;
  const w = Array.from(logits, (v) => Math.exp(v / T));
  const z = w.reduce((x, y) => x + y, 0);
  let chi2 = 0;
  for (let i = 0; i < 5; i++) { const e = (n * w[i]!) / z; chi2 += (obs[i]! - e) ** 2 / e; }
  assert.ok(chi2 < 18.47, `chi-square ${chi2} (4 dof, p = 0.001 critical value 18.47)`);
});

test("invalid settings are typed errors", () => {
  assert.throws(() => createSampler({ temperature: -1 }, D), InvalidArgumentError);
  assert.throws(() => createSampler({ topP: 0 }, D), InvalidArgumentError);
  assert.throws(() => createSampler({ topK: 1.5 }, D), InvalidArgumentError);
  assert.throws(() => createSampler({ seed: -3 }, D), InvalidArgumentError);
});

test("stop strings across pieces: text before is released, the stop and the rest withheld", () => {
  const m = new StopStringMatcher(["</answer>", "STOP"]);
  let out = "";
  for (const piece of ["The dose is 5 m", "g.</ans", "wer> ignored"]) {
    const r = m.push(piece);
    out += r.text;
    if (r.stopped) break;
  }
  assert.equal(out, "The dose is 5 mg.");
  const n = new StopStringMatcher(["END"]);
  assert.equal(n.push("abc EN").text, "abc ");
  assert.equal(n.push("D").stopped, true);
  const o = new StopStringMatcher(["END"]);
  assert.equal(o.push("abc EN").text + o.flush(), "abc EN");
});

test("topNeeded says when k logits suffice, and pickTop from them draws what pick draws from all", () => {
  const d = { temperature: 0.6, topK: 20, topP: 0.95, minP: 0 };
  assert.equal(createSampler({ temperature: 0 }, d).topNeeded(), 1);
  assert.equal(createSampler({}, d).topNeeded(), 20);
  assert.equal(createSampler({ topK: 0 }, d).topNeeded(), 0); // every logit is a candidate
  assert.equal(createSampler({ temperature: 0, logitBias: { 3: 1 } }, d).topNeeded(), 0);
  assert.equal(createSampler({ temperature: 0, repetitionPenalty: 1.1 }, d).topNeeded(), 0);
  const many = new Float32Array(5000);
  let s = 5;
  for (let i = 0; i < many.length; i++) many[i] = Math.round(((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 64) / 8; // ties
  for (const o of [{ temperature: 0 }, { temperature: 1.3, seed: 11, topP: 0.9, minP: 0.05 }, { temperature: 0.7, seed: 3, topK: 64 }]) {
    const full = createSampler(o, d), top = createSampler(o, d);
    const k = top.topNeeded();
    const ids = candidates(many, k);
    const picks = Array.from({ length: 50 }, () => [full.pick(many), top.pickTop({ k, ids: Int32Array.from(ids), values: Float32Array.from(ids, (i) => many[i]!) })]);
    assert.deepEqual(picks.map((p) => p[1]), picks.map((p) => p[0]), JSON.stringify(o));
    if (o.temperature > 0) assert.ok(new Set(picks.map((p) => p[0])).size > 3, "the draws vary");
  }
});
