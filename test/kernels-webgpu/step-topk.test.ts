// The step's device top-k through the engine (forward pass → scheduler → sequence → token loop)
// on WebGPU: a slice asking `top` gets exactly the CPU sampler's top k of the logits a slice
// asking for all of them gets from the same step; the token loop then picks the same tokens from
// k pairs as from the full logits — greedy and seeded top-k sampling — while the CPU backends
// (maxTopK 0) keep reading full logits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { testModel } from "../helpers/models.ts";
import { openEngine } from "../helpers/engine.ts";
import { argmax, candidates, createSampler } from "../../src/sampling/sampler.ts";
import { runLoop } from "../../src/generate/loop.ts";
import type { TokenPicker } from "../../src/generate/ports.ts";
import type { Sequence } from "../../src/engine/sequence.ts";
import { gpuOrSkip } from "./gpu.ts";

const PROMPT = [9707, 11, 1879, 0, 576, 2613, 315, 279];
const STEPS = 5;

/** Tokens the loop picks (no text handling: every token is answer content). */
async function loopTokens(seq: Sequence, picker: TokenPicker): Promise<number[]> {
  const out: number[] = [];
  const events = runLoop({
    sequence: seq, prompt: PROMPT, picker, maxTokens: STEPS, endTokens: new Set(),
    decoder: { push: (t) => (out.push(t), ""), flush: () => "" },
    stop: { push: (text) => ({ text, stopped: false }), flush: () => "" },
    channels: { channel: "content", push: (text) => [{ channel: "content", text }], finish: () => ({ pieces: [], truncated: false }) },
  });
  for await (const _ of events) { /* drain */ }
  return out;
}

test("the CPU backend selects nothing on a device: maxTopK 0, the loop reads full logits", async () => {
  const e = await openEngine(await testModel({ shape: "tiny", dtype: "q8_0" }), 64, 16, "wasm");
  try {
    assert.equal(e.engine.forward.maxTopK, 0);
    const seq = e.engine.newSequence(64);
    await assert.rejects(seq.appendManyTop([1], 1), { name: "InvalidArgumentError", message: /top k is out of range/ });
  } finally {
    await e.dispose();
  }
});

if (await gpuOrSkip()) {
  // One engine for both tests (pipelines compile once; lavapipe is slow at it).
  const e = await openEngine(await testModel({ shape: "tiny", dtype: "q4_k_m" }), 64, 16, "webgpu");
  test.after(() => e.dispose());

  test("webgpu step: top k of a slice equals the CPU's top k of the full logits another slice gets in the same step", async () => {
    assert.ok(e.engine.forward.maxTopK >= 64);
    const full = e.engine.newSequence(64), top = e.engine.newSequence(64), greedy = e.engine.newSequence(64);
    await Promise.all([full.prefill(PROMPT.slice(0, -1)), top.prefill(PROMPT.slice(0, -1)), greedy.prefill(PROMPT.slice(0, -1))]);
    let next = PROMPT.at(-1)!;
    for (let step = 0; step < 4; step++) {
      const k = [40, 1, 64, 7][step]!;
      // One step, three slices: all logits, their top k, their argmax.
      const [logits, t, g] = await Promise.all([full.append(next), top.appendManyTop([next], k), greedy.appendManyTop([next], 1)]);
      const want = candidates(logits, k);
      assert.deepEqual(Array.from(t.ids), want, `step ${step}`);
      assert.deepEqual(Array.from(t.values), want.map((i) => logits[i]!));
      assert.equal(g.ids[0], argmax(logits));
      next = argmax(logits);
    }
  });

  test("webgpu token loop: greedy and seeded top-k sampling pick the same tokens from the device's top k as from full logits", async () => {
    const defaults = { temperature: 0.6, topK: 20, topP: 0.95, minP: 0 };
    for (const options of [{ temperature: 0 }, { temperature: 1.5, seed: 7 }]) {
      // The same sampler with its top-k entry points hidden: the loop asks for full logits.
      const plain = createSampler(options, defaults);
      const fullPicker: TokenPicker = { pick: (l) => plain.pick(l), accept: (t) => plain.accept(t) };
      const topSampler = createSampler(options, defaults);
      const seqFull = e.engine.newSequence(64), seqTop = e.engine.newSequence(64);
      let topSteps = 0;
      const appendManyTop = seqTop.appendManyTop.bind(seqTop);
      seqTop.appendManyTop = (tokens, k) => (topSteps++, appendManyTop(tokens, k));
      // Both loops at once: their steps share the device (and mix a full and a top-k slice).
      const [a, b] = await Promise.all([loopTokens(seqFull, fullPicker), loopTokens(seqTop, topSampler)]);
      assert.deepEqual(b, a, JSON.stringify(options));
      assert.equal(topSteps, STEPS, "every step after the prompt read only the top k");
      e.engine.release(seqFull);
      e.engine.release(seqTop);
    }
  });
}
