/**
 * Gemma 3's sliding-window layers keep only their window (plus one step's rows) in the KV cache,
 * moving it to the front as a sequence grows. Whatever the cache did, a sequence's logits are
 * those of the same tokens evaluated fresh, bit for bit: continuing after the window moved
 * (the cached prefix is reused), going back to a prefix the window layers have dropped (all is
 * evaluated again), a sequence copied from another, and several sequences in one step.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { openEngine, argmax } from "../helpers/engine.ts";
import { testModel } from "../helpers/models.ts";

const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength)));

test("gemma3: prefix reuse, rewinding past a moved window and copies give a fresh prompt's logits", async () => {
  // tiny: window 16, one global layer in six; 16 rows a step, so window layers hold 31 slots.
  const e = await openEngine(await testModel({ arch: "gemma3", shape: "tiny", dtype: "q8_0" }), 512, 16);
  const engine = e.engine;
  const fresh = async (tokens: number[]) => {
    const s = engine.newSequence(256);
    try {
      return Float32Array.from(await s.prefill(tokens));
    } finally {
      s.reset();
    }
  };
  try {
    const prompt = Array.from({ length: 45 }, (_, i) => 1000 + ((i * 104_729) % 200_000));
    const a = engine.newSequence(256);
    let logits = await a.prefill(prompt);
    const tokens = [...prompt];
    for (let i = 0; i < 30; i++) {
      tokens.push(argmax(logits));
      logits = await a.append(tokens[tokens.length - 1]!);
    }
    assert.deepEqual(bits(logits), bits(await fresh(tokens)), "decoded past the window: the logits of a fresh prompt");

    // Continuing the conversation: the whole cached prefix is kept, only the new tokens run.
    const longer = [...tokens, 5000, 6000, 7000];
    assert.deepEqual(bits(await a.prefill(longer)), bits(await fresh(longer)), "a continued prompt");

    // Rewinding to a prefix the window layers no longer hold: evaluated again, same logits.
    const rewound = [...prompt.slice(0, 20), 4242, 4343];
    assert.deepEqual(bits(await a.prefill(rewound)), bits(await fresh(rewound)), "a prompt parting inside the dropped window");

    // A copy of a sequence whose window moved continues as the original would.
    await a.prefill(longer);
    const b = engine.newSequence(256);
    b.copyFrom(a);
    const next = [...longer, 777];
    assert.deepEqual(bits(await b.append(777)), bits(await fresh(next)), "a copied sequence");
    a.reset();
    b.reset();
  } finally {
    await e.dispose();
  }
});
