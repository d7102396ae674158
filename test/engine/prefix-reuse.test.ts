/**
 * A sequence that reuses its cached prefix (a continued conversation, a prompt that parts from
 * the cached one, decoding then continuing) gives the logits of the same tokens evaluated fresh,
 * bit for bit, on every K-quant batch path (kqPrompt forced through MEDPSY_WASM_KQ_PROMPT, the
 * switch the engine's kernels read). Bit-identical because every batched kernel gives each token
 * the bits it gets alone (test/kernels/conformance-paths.ts) and attention's order of additions
 * does not depend on where a prompt was cut (test/engine/batched-step.test.ts): the reused
 * part runs 21 tokens (tile kernels, 16 + 4 + 1), the new parts 16 and 5 (tiles, groups, leftovers).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { openEngine, argmax } from "../helpers/engine.ts";
import { testModel } from "../helpers/models.ts";
import { KQ_PROMPT_ENV, KQ_PROMPT_PATHS } from "../../src/kernels/wasm/kernels.ts";
import { loadKernelModule } from "../../src/kernels/wasm/module.ts";

// The forced tile paths exist in the relaxed-SIMD build only (Node ≥ 22 has it everywhere).
const relaxed = (await loadKernelModule()).variant === "relaxed";
const paths = KQ_PROMPT_PATHS.filter((p) => relaxed || p === "auto" || p === "blocks");

const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength)));
const tokens = (count: number, seed: number) => Array.from({ length: count }, (_, i) => 1000 + ((seed * 7919 + i * 104_729) % 140_000));

/** Logits of the continued prompt per path: every path must give the same bits. */
const continuedBits = new Map<string, number[]>();

for (const path of paths) {
  test(`qwen3 tiny q4_k_m, kqPrompt ${path}: a reused cached prefix gives a fresh prompt's logits, bit for bit`, async () => {
    const before = process.env[KQ_PROMPT_ENV];
    process.env[KQ_PROMPT_ENV] = path;
    let e;
    try {
      e = await openEngine(await testModel({ shape: "tiny", dtype: "q4_k_m" }), 256, 64);
    } finally {
      if (before === undefined) delete process.env[KQ_PROMPT_ENV];
      else process.env[KQ_PROMPT_ENV] = before;
    }
    const engine = e.engine;
    const fresh = async (t: number[]) => {
      const s = engine.newSequence(256);
      try {
        return bits(await s.prefill(t));
      } finally {
        s.reset();
      }
    };
    try {
      const prompt = tokens(21, 1);
      const a = engine.newSequence(256);
      assert.deepEqual(bits(await a.prefill(prompt)), await fresh(prompt), "the first prompt");
      // Continued: 21 cached tokens kept, 16 new ones evaluated.
      const continued = [...prompt, ...tokens(16, 2)];
      assert.equal(a.commonPrefix(continued), 21);
      const reused = bits(await a.prefill(continued));
      assert.deepEqual(reused, await fresh(continued), "a continued prompt (37 tokens, 21 reused)");
      continuedBits.set(path, reused);
      // Parting from the cache after 16 tokens: the rest is dropped and 5 new tokens run.
      const parted = [...prompt.slice(0, 16), ...tokens(5, 3)];
      assert.deepEqual(bits(await a.prefill(parted)), await fresh(parted), "a prompt parting after 16 cached tokens");
      // Decoding, then continuing the conversation.
      const seq = [...parted];
      let logits = await a.prefill(seq);
      for (let i = 0; i < 3; i++) {
        seq.push(argmax(logits));
        logits = await a.append(seq[seq.length - 1]!);
      }
      const next = [...seq, ...tokens(16, 4)];
      assert.deepEqual(bits(await a.prefill(next)), await fresh(next), "decoded, then continued");
    } finally {
      await e.dispose();
    }
  });
}

test("every K-quant batch path gives the continued prompt the same logits", () => {
  assert.equal(continuedBits.size, paths.length);
  const [first, ...rest] = [...continuedBits.entries()];
  for (const [path, b] of rest) assert.deepEqual(b, first![1], `${path} vs ${first![0]}`);
});
