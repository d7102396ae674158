/**
 * Last-position log-probabilities of medpsy vs llama.cpp (node-llama-cpp 3.21.1) on the same
 * generated GGUF files, every supported dtype, three shapes (incl. 6 query heads — not a power
 * of two —, K-quant fallbacks to Q5_0/Q8_0 and an untied output head).
 *
 * Tolerances, and why. Both engines quantize activations the same way (ggml's vec_dot_type) but
 * sum floats in different orders (AVX-512 lanes vs WebAssembly 128-bit lanes), so results differ
 * in the last bits, and random models amplify that: llama.cpp against itself — the same prompt
 * in one batch and token by token, which reorders its sums — differs by up to 2.6e-3 on these
 * files. So each float case measures that self-difference in the same run and allows
 *   F32: max(1e-3, 2 × self)   F16: max(1e-2, 2 × self)   BF16: max(5e-2, 2 × self)
 * (F16/BF16 add one more effect: a value within an ulp of a rounding boundary rounds the other
 * way in one engine, a 2^-11 / 2^-8 step). Quantized files re-round activations to int8 codes,
 * and one code that lands on the other side (1/127 of a block's range) moves logits by up to
 * ~0.2 on a 2–4 layer random model, so: KL(llama ‖ medpsy) ≤ 1e-2 nats, and the same argmax
 * wherever llama.cpp's top two are more than 0.4 nats apart.
 * "Max |Δ|" is measured after removing node-llama-cpp's normalization constant (see compare.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { testModel, type Dtype, type Shape } from "../helpers/models.ts";
import { loadReference } from "../helpers/llama.ts";
import { compareLogProbs, logSoftmax } from "../helpers/compare.ts";

const PROMPTS = [
  "<|im_start|>user\nA 58-year-old man has crushing chest pain radiating to his left arm. What should he do?<|im_end|>\n<|im_start|>assistant\n<think>\n",
  "Metformin 500 mg twice daily; HbA1c 8.2% → 7.1% over 3 months.",
  "The patient's BP was 142/91 mmHg.  \n\n\tNo known drug allergies (NKDA).",
];

const FLOAT_BOUND: Partial<Record<Dtype, number>> = { f32: 1e-3, f16: 1e-2, bf16: 5e-2 };

function topTwoMargin(lp: Float64Array): number {
  let a = -Infinity, b = -Infinity;
  for (const v of lp) {
    if (v > a) { b = a; a = v; } else if (v > b) b = v;
  }
  return a - b;
}

const CASES: Array<{ shape: Shape; dtype: Dtype }> = [
  { shape: "tiny", dtype: "f32" },
  { shape: "tiny", dtype: "f16" },
  { shape: "tiny", dtype: "bf16" },
  { shape: "tiny", dtype: "q8_0" },
  { shape: "tiny", dtype: "q4_k_m" },
  { shape: "small", dtype: "f32" },
  { shape: "small", dtype: "q4_k_m" },
  { shape: "odd", dtype: "f32" },
  { shape: "odd", dtype: "q8_0" },
];

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
        const ours = logSoftmax(model.logits(ids));
        const cmp = compareLogProbs(ours, theirs);
        const floor = FLOAT_BOUND[dtype];
        if (floor !== undefined) {
          // Only measured when needed: token-by-token evaluation is slow on F32 models.
          const self = cmp.maxAbsDiff > floor ? compareLogProbs(await ref.logProbs(ids, 1), theirs).maxAbsDiff : 0;
          const bound = Math.max(floor, 2 * self);
          assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, `argmax differs (${JSON.stringify(cmp)})`);
          assert.ok(cmp.maxAbsDiff <= bound, `max |Δ log p| ${cmp.maxAbsDiff} > ${bound} (llama.cpp self ${self})`);
        } else {
          assert.ok(cmp.kl <= 1e-2, `KL ${cmp.kl} > 1e-2 (max |Δ| ${cmp.maxAbsDiff})`);
          if (topTwoMargin(theirs) > 0.4) assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, `argmax differs (${JSON.stringify(cmp)})`);
        }
      }
    } finally {
      await model.close();
      await ref.dispose();
    }
  });
}
