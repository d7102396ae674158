/**
 * logprob events equal the log-softmax of the logits the sampler drew from, recomputed here
 * independently: the model's logits for the same prefix (Model.logits, a separate sequence and a
 * batched prefill), logit bias added, log-softmax in float64. Tolerance 2e-3: the two paths
 * (one decode step per token vs one prefill) sum in different orders in float32.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";
import { logSoftmax } from "../helpers/compare.ts";

const TOL = 2e-3;

test("logprobs (chosen and top-5) equal log-softmax of the biased logits, for every generated token; logit_bias applies", async () => {
  const model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 256, threads: 1 });
  try {
    const prompt = "The normal adult heart rate is";
    const ids = model.tokenize(prompt, { special: true });
    // A bias that changes what is sampled: the greedy first token banned, another boosted.
    const greedy = (await model.logits(ids)).reduce((best, v, i, a) => (v > a[best]! ? i : best), 0);
    const boosted = model.tokenize(" fast")[0]!;
    const logitBias = { [greedy]: -100, [boosted]: 3 };
    const events: Array<{ token: number; logprob: number; top: Array<{ token: number; logprob: number }> }> = [];
    for await (const ev of model.complete(prompt, { maxTokens: 6, temperature: 0.8, seed: 5, logprobs: 5, logitBias })) {
      if (ev.type === "logprob") events.push(ev);
    }
    assert.equal(events.length, 6);
    assert.notEqual(events[0]!.token, greedy, "the banned token is not drawn");
    const prefix = [...ids];
    for (const ev of events) {
      const logits = await model.logits(prefix);
      for (const [t, b] of Object.entries(logitBias)) logits[Number(t)] += b;
      const ref = logSoftmax(logits);
      assert.ok(Math.abs(ev.logprob - ref[ev.token]!) < TOL, `chosen ${ev.logprob} vs ${ref[ev.token]}`);
      const order = Array.from(ref.keys()).sort((a, b) => ref[b]! - ref[a]!).slice(0, 5);
      assert.equal(ev.top.length, 5);
      ev.top.forEach((t, k) => {
        assert.ok(Math.abs(t.logprob - ref[t.token]!) < TOL);
        // Same ranking, up to near-ties within the tolerance.
        assert.ok(Math.abs(ref[order[k]!]! - t.logprob) < TOL, `rank ${k}`);
      });
      prefix.push(ev.token);
    }
    // logprobs 0: the chosen token's only; none asked: no events.
    const zero = [];
    for await (const ev of model.complete(prompt, { maxTokens: 2, seed: 5, logprobs: 0 })) if (ev.type === "logprob") zero.push(ev);
    assert.equal(zero.length, 2);
    assert.deepEqual(zero[0]!.top, []);
    for await (const ev of model.complete(prompt, { maxTokens: 2, seed: 5 })) assert.notEqual(ev.type, "logprob");
  } finally {
    await model.close();
  }
});

test("under a grammar the logprobs are those of the masked distribution: every listed alternative is allowed, and they sum to at most 1", async () => {
  const model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 256, threads: 1 });
  try {
    const events: Array<{ token: number; bytes: Uint8Array; logprob: number; top: Array<{ token: number; bytes: Uint8Array; logprob: number }> }> = [];
    let content = "";
    for await (const ev of model.complete("Answer:", { maxTokens: 4, seed: 2, logprobs: 20, responseFormat: { type: "json_schema", schema: { enum: ["yes", "no"] } } })) {
      if (ev.type === "logprob") events.push(ev);
      if (ev.type === "content") content += ev.text;
    }
    assert.ok(["yes", "no"].includes(JSON.parse(content)), content);
    const first = events[0]!;
    // Only tokens that can start "yes" or "no" in quotes have any probability.
    for (const t of first.top) {
      const text = new TextDecoder().decode(t.bytes).trimStart();
      assert.ok(['"yes"', '"no"'].some((v) => v.startsWith(text)), text);
    }
    assert.ok(first.top.reduce((s, t) => s + Math.exp(t.logprob), 0) <= 1 + 1e-9);
    assert.ok(first.top.length < 20, "masked tokens are not listed");
  } finally {
    await model.close();
  }
});
