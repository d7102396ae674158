/**
 * Last-position log-probabilities of medpsy vs llama.cpp (node-llama-cpp 3.21.1) on the same
 * generated GGUF files, every supported dtype, three shapes (incl. non-power-of-two heads and an
 * untied output head).
 *
 * Tolerances and why:
 * - F32 weights: max |Δ log p| ≤ 1e-3 over tokens with log p > -30 (the bound). Both
 *   engines compute the same float32 operations; only summation order differs (SIMD lanes vs
 *   sequential), worth ~1e-6 relative per dot product, amplified through the layers by < 100×.
 * - F16 / BF16 weights: same bound — we round activations to F16/BF16 exactly as ggml does
 *   before its dot products, so the inputs are bit-identical and only summation order differs.
 * - Quantized (Q8_0, Q4_K_M): identical argmax and KL(llama‖medpsy) ≤ 1e-3 nats. Activations
 *   are quantized to Q8_0/Q8_K as ggml does; a rounding tie resolved differently flips one
 *   int8 code (a change of d/2 in one activation), which is why the bound is on KL rather than
 *   per-token equality. We also report the max |Δ log p| (typically < 1e-2).
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
        const exactFloat = dtype === "f32" || dtype === "f16" || dtype === "bf16";
        assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, `argmax differs (${JSON.stringify(cmp)})`);
        if (exactFloat) assert.ok(cmp.maxAbsDiff <= 1e-3, `max |Δ log p| ${cmp.maxAbsDiff} > 1e-3`);
        else assert.ok(cmp.kl <= 1e-3, `KL ${cmp.kl} > 1e-3 (max |Δ| ${cmp.maxAbsDiff})`);
      }
    } finally {
      await model.close();
      await ref.dispose();
    }
  });
}
