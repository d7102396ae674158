/**
 * Last-position log-probabilities of medpsy vs llama.cpp (node-llama-cpp 3.21.1) on the same
 * generated GGUF files, every supported dtype, three shapes (incl. 6 query heads — not a power
 * of two —, K-quant fallbacks to Q5_0/Q8_0 and an untied output head).
 *
 * Tolerances, and why. Both engines quantize activations the same way (ggml's vec_dot_type) but
 * sum floats in different orders (AVX-512 lanes vs WebAssembly 128-bit lanes), so results differ
 * in the last bits, and random models amplify that. llama.cpp is not one number either:
 * node-llama-cpp loads the best of its CPU builds for the machine, and those disagree with each
 * other — the sapphirerapids build (AMX tiles, AVX512-FP16) against the zen4 one, both on this
 * machine kind, by max |Δ log p| 0.018 on the tiny F16 file and KL 1.9e-2 / 1.1e-2 nats on the
 * small Q4_K_M / odd Q8_0 files; one build against itself (one batch vs token by token, which
 * reorders its sums) by up to 2.6e-3 on F32 and KL 8e-3 on Q4_K_M
 * (`npx node scripts/llama-cpu-builds.ts` measures all of it). We allow twice llama.cpp's own
 * spread: float cases measure the self-difference in the same run and allow
 *   F32: max(1e-3, 2 × self)   F16: max(4e-2, 2 × self)   BF16: max(5e-2, 2 × self)
 * (F16/BF16 add one more effect: a value within an ulp of a rounding boundary rounds the other
 * way in one engine, a 2^-11 / 2^-8 step). Quantized files re-round activations to int8 codes,
 * and one code that lands on the other side (1/127 of a block's range) moves logits by up to
 * ~0.3 on a 2–4 layer random model, so: KL(llama ‖ medpsy) ≤ 4e-2 nats, and the same argmax
 * wherever llama.cpp's top two are more than 0.4 nats apart. The exact-token checks live in
 * greedy.test.ts; every failure message names the llama.cpp build compared against.
 * "Max |Δ|" is measured after removing node-llama-cpp's normalization constant (see compare.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { testModel, type Dtype } from "../helpers/models.ts";
import { loadReference, referenceCpuBuild } from "../helpers/llama.ts";
import { compareLogProbs, logSoftmax } from "../helpers/compare.ts";
import { CASES, PROMPTS } from "./logits-cases.ts";

const FLOAT_BOUND: Partial<Record<Dtype, number>> = { f32: 1e-3, f16: 4e-2, bf16: 5e-2 };
const QUANT_KL_BOUND = 4e-2;

function topTwoMargin(lp: Float64Array): number {
  let a = -Infinity, b = -Infinity;
  for (const v of lp) {
    if (v > a) { b = a; a = v; } else if (v > b) b = v;
  }
  return a - b;
}

for (const { shape, dtype } of CASES) {
  test(`logits match llama.cpp: ${shape} ${dtype}`, async () => {
    const path = await testModel({ shape, dtype });
    const ref = await loadReference(path);
    const model = await loadModel(path, { contextLength: 256 });
    try {
      for (const prompt of PROMPTS) {
        const ids = ref.tokenize(prompt, true);
        assert.deepEqual(model.tokenize(prompt, { special: true }), ids, "tokenization differs");
        const theirs = await ref.logProbs(ids);
        const ours = logSoftmax(await model.logits(ids));
        const cmp = compareLogProbs(ours, theirs);
        const against = `llama.cpp ${referenceCpuBuild()} build`;
        const floor = FLOAT_BOUND[dtype];
        if (floor !== undefined) {
          // Only measured when needed: token-by-token evaluation is slow on F32 models.
          const self = cmp.maxAbsDiff > floor ? compareLogProbs(await ref.logProbs(ids, 1), theirs).maxAbsDiff : 0;
          const bound = Math.max(floor, 2 * self);
          assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, `argmax differs from ${against} (${JSON.stringify(cmp)})`);
          assert.ok(cmp.maxAbsDiff <= bound, `max |Δ log p| ${cmp.maxAbsDiff} > ${bound} against ${against} (its self-difference ${self})`);
        } else {
          assert.ok(cmp.kl <= QUANT_KL_BOUND, `KL ${cmp.kl} > ${QUANT_KL_BOUND} against ${against} (max |Δ| ${cmp.maxAbsDiff})`);
          if (topTwoMargin(theirs) > 0.4) assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, `argmax differs from ${against} (${JSON.stringify(cmp)})`);
        }
      }
    } finally {
      await model.close();
      await ref.dispose();
    }
  });
}
