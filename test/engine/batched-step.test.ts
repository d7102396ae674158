/**
 * A sequence's logits are bit-identical whether it is evaluated alone or in a step with other
 * sequences — of other lengths, at other positions, prefilling or decoding — on every weight
 * type, through the WebAssembly kernels (2 threads) and the batch scheduler.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { openEngine, argmax } from "../helpers/engine.ts";
import { testModel, type Dtype, type Shape } from "../helpers/models.ts";
import { BatchScheduler } from "../../src/engine/scheduler.ts";
import type { Sequence } from "../../src/engine/sequence.ts";

const FILES: [Shape, Dtype][] = [
  ["tiny", "f32"], ["tiny", "f16"], ["tiny", "bf16"], ["tiny", "q8_0"], ["tiny", "q4_k_m"],
  ["odd", "q8_0"], ["odd", "bf16"], ["small", "q4_k_m"],
];

/** Prompts of different lengths (3 to 70 tokens: one-token, 4-, 8- and 16-row kernel paths). */
function prompts(count: number): number[][] {
  const lengths = [3, 29, 11, 70, 1, 17, 5, 40];
  return Array.from({ length: count }, (_, s) => Array.from({ length: lengths[s % lengths.length]! }, (_, i) => 1000 + ((s * 7919 + i * 104_729) % 140_000)));
}

const bits = (x: Float32Array) => new Uint32Array(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength));

function assertSameBits(got: Float32Array, want: Float32Array, what: string): void {
  const a = bits(got), b = bits(want);
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) assert.fail(`${what}: logit ${i} differs (${got[i]} batched, ${want[i]} alone)`);
  }
}

/** Greedy trace of one sequence alone: logits after the prompt and after each decoded token. */
async function alone(seq: Sequence, prompt: number[], decode: number): Promise<{ tokens: number[]; logits: Float32Array[] }> {
  const logits = [Float32Array.from(await seq.prefill(prompt))];
  const tokens: number[] = [];
  for (let i = 0; i < decode; i++) {
    tokens.push(argmax(logits[logits.length - 1]!));
    logits.push(Float32Array.from(await seq.append(tokens[i]!)));
  }
  return { tokens, logits };
}

for (const [shape, dtype] of FILES) {
  test(`${shape} ${dtype}: sequences batched together give the bits they give alone`, { timeout: 300_000 }, async () => {
    const e = await openEngine(await testModel({ shape, dtype }), 256, 128);
    try {
      const { engine } = e;
      const P = prompts(6);
      const DECODE = 4;
      const ref = [];
      for (const p of P) ref.push(await alone(engine.newSequence(256), p, DECODE));

      // All at once, straight through the forward pass: every prompt in one step (other lengths
      // and positions beside it), then every sequence's decode row in one step, DECODE times.
      const caches = P.map(() => engine.forward.newCache(256));
      const out = P.map(() => new Float32Array(engine.shape.vocabSize));
      const split = 3; // two steps of prompts, so the second mixes prefill rows with decode rows
      await engine.forward.step(P.slice(0, split).map((tokens, s) => ({ cache: caches[s]!, tokens, logits: out[s] })));
      P.slice(0, split).forEach((_, s) => assertSameBits(out[s]!, ref[s]!.logits[0]!, `seq ${s} prompt (step 1)`));
      await engine.forward.step([
        ...P.slice(0, split).map((_, s) => ({ cache: caches[s]!, tokens: [ref[s]!.tokens[0]!], logits: out[s] })),
        ...P.slice(split).map((tokens, j) => ({ cache: caches[split + j]!, tokens, logits: out[split + j] })),
      ]);
      P.forEach((_, s) => assertSameBits(out[s]!, ref[s]!.logits[s < split ? 1 : 0]!, `seq ${s} after step 2`));
      for (let t = 1; t < DECODE; t++) {
        await engine.forward.step(P.map((_, s) => ({ cache: caches[s]!, tokens: [ref[s]!.tokens[s < split ? t : t - 1]!], logits: out[s] })));
        P.forEach((_, s) => assertSameBits(out[s]!, ref[s]!.logits[s < split ? t + 1 : t]!, `seq ${s} decode ${t}`));
      }

      // Through a scheduler with a small prompt chunk: prompts are cut where they never were alone,
      // and sequences start at different times, so chunks share steps with decode rows.
      const scheduler = new BatchScheduler(engine.forward, { prefillChunk: 8 });
      const traces = await Promise.all(
        P.map(async (p, s) => {
          for (let wait = 0; wait < s; wait++) await new Promise((r) => setImmediate(r));
          const cache = engine.forward.newCache(256);
          const logits = new Float32Array(engine.shape.vocabSize);
          const got: Float32Array[] = [];
          await scheduler.run(cache, p, logits);
          got.push(Float32Array.from(logits));
          for (let t = 0; t < DECODE; t++) {
            await scheduler.run(cache, [ref[s]!.tokens[t]!], logits);
            got.push(Float32Array.from(logits));
          }
          return got;
        }),
      );
      traces.forEach((got, s) => got.forEach((l, t) => assertSameBits(l, ref[s]!.logits[t]!, `scheduled seq ${s} step ${t}`)));
      assert.ok(scheduler.widestStep >= 4, `sequences shared steps (widest ${scheduler.widestStep})`);
    } finally {
      await e.dispose();
    }
  });
}

test("the scheduler: an aborted request leaves at the next step, a full cache is refused, others go on", async () => {
  const e = await openEngine(await testModel({ shape: "tiny", dtype: "q8_0" }), 64, 16);
  try {
    const { engine } = e;
    const scheduler = new BatchScheduler(engine.forward, { prefillChunk: 4 });
    const long = Array.from({ length: 60 }, (_, i) => 2000 + i);
    const ac = new AbortController();
    const a = engine.forward.newCache(64), b = engine.forward.newCache(64);
    const la = new Float32Array(engine.shape.vocabSize), lb = new Float32Array(engine.shape.vocabSize);
    const pa = scheduler.run(a, long, la, ac.signal);
    const pb = scheduler.run(b, long.slice(0, 12), lb);
    await new Promise((r) => setImmediate(r));
    ac.abort();
    assert.equal(await pa, false, "aborted before its last chunk");
    assert.ok(a.length < long.length && a.length % 4 === 0, `whole chunks only (${a.length})`);
    assert.equal(await pb, true);
    assert.equal(b.length, 12);
    await assert.rejects(scheduler.run(b, long), /context/i);
    await assert.rejects(scheduler.run(b, [engine.shape.vocabSize]), /out of range/);
    const again = scheduler.run(b, [5]);
    await assert.rejects(scheduler.run(b, [6]), /already being evaluated/);
    assert.equal(await again, true);
    assert.equal(b.length, 13);
  } finally {
    await e.dispose();
  }
});

test("a sequence started as a copy of another's cache gives the bits of a fresh prefill", async () => {
  const e = await openEngine(await testModel({ shape: "small", dtype: "q4_k_m" }), 128, 64);
  try {
    const { engine } = e;
    const prompt = prompts(4)[3]!; // 70 tokens
    const fresh = await alone(engine.newSequence(128), prompt, 3);
    const a = engine.newSequence(128);
    await a.prefill(prompt);
    const b = engine.newSequence(128);
    b.copyFrom(a);
    assert.deepEqual(b.tokens, a.tokens);
    const got = await alone(b, prompt, 3); // prefill keeps the copied prefix, evaluates the last token again
    got.logits.forEach((l, t) => assertSameBits(l, fresh.logits[t]!, `copied sequence step ${t}`));
    assert.equal(a.tokens.length, prompt.length, "the source is untouched");
  } finally {
    await e.dispose();
  }
});
