/**
 * Last-position log-probabilities of medpsy vs llama.cpp (node-llama-cpp 3.21.1) on generated
 * GGUF files of the 2- and 3-bit K-quants and every I-quant: one file per type with every 2-D
 * tensor in it (llama-quantize --pure; the grid I-quants hold random valid blocks), and the
 * mixes llama.cpp's quantizer writes for every K- and I-quant file type (Q2_K_S … Q6_K,
 * IQ1_S … IQ4_XS; Q4_K_M is in logits.test.ts) on shapes that take their per-layer and grouped-query rules (small: 4 query heads per KV head)
 * and their fallbacks for rows a 256-block does not divide (odd: IQ → IQ4_NL, Q3_K → Q4_0).
 *
 * Bounds as test/parity/logits.test.ts justifies for quantized files: KL(llama ‖ medpsy) ≤ 4e-2
 * nats and the same argmax wherever llama.cpp's top two are more than 0.4 nats apart (both
 * engines quantize activations to Q8_K / Q8_0 alike and sum integers exactly; float order and
 * the odd activation code that lands on the other side of a rounding boundary differ).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { typeName, typeFromName } from "../../src/tensor/dtypes.ts";
import { testModel, type Dtype, type Shape } from "../helpers/models.ts";
import { loadReference, referenceCpuBuild } from "../helpers/llama.ts";
import { compareLogProbs, logSoftmax } from "../helpers/compare.ts";
import { PROMPTS } from "./logits-cases.ts";

const QUANT_KL_BOUND = 4e-2;

/** One pure file per type: the file type whose main type it is. */
const PURE: Array<[Dtype, string]> = [
  ["q2_k", "Q2_K"], ["q3_k_m", "Q3_K"], ["iq1_s", "IQ1_S"], ["iq1_m", "IQ1_M"], ["iq2_xxs", "IQ2_XXS"], ["iq2_xs", "IQ2_XS"],
  ["iq2_m", "IQ2_S"], ["iq3_xxs", "IQ3_XXS"], ["iq3_s", "IQ3_S"], ["iq4_nl", "IQ4_NL"], ["iq4_xs", "IQ4_XS"],
];
const MIXES: Array<[Shape, Dtype]> = [
  ["small", "q3_k_s"], ["small", "q3_k_m"], ["small", "q3_k_l"], ["small", "q4_k_s"], ["small", "q5_k_s"], ["small", "q5_k_m"], ["small", "q6_k"],
  ["small", "iq4_xs"], ["small", "iq3_m"], ["tiny", "iq3_xs"], ["tiny", "iq3_xxs"], ["tiny", "iq2_m"], ["tiny", "iq2_s"], ["tiny", "iq2_xs"],
  ["tiny", "iq1_m"], ["tiny", "iq1_s"], ["tiny", "q2_k"], ["tiny", "q2_k_s"],
  ["odd", "iq2_xxs"], ["odd", "q3_k_s"],
];

function topTwoMargin(lp: Float64Array): number {
  let a = -Infinity, b = -Infinity;
  for (const v of lp) {
    if (v > a) { b = a; a = v; } else if (v > b) b = v;
  }
  return a - b;
}

async function compare(shape: Shape, dtype: Dtype, pure: boolean, mainType?: string): Promise<void> {
  const path = await testModel({ shape, dtype, pure });
  const ref = await loadReference(path);
  const model = await loadModel(path, { contextLength: 256 });
  try {
    if (mainType) assert.deepEqual(Object.keys(model.info.tensorTypes).sort(), ["F32", mainType].sort(), "a pure file holds its type only");
    for (const prompt of PROMPTS) {
      const ids = ref.tokenize(prompt, true);
      const theirs = await ref.logProbs(ids);
      const cmp = compareLogProbs(logSoftmax(await model.logits(ids)), theirs);
      const against = `llama.cpp ${referenceCpuBuild()} build`;
      assert.ok(cmp.kl <= QUANT_KL_BOUND, `KL ${cmp.kl} > ${QUANT_KL_BOUND} against ${against} (max |Δ| ${cmp.maxAbsDiff})`);
      if (topTwoMargin(theirs) > 0.4) assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, `argmax differs from ${against} (${JSON.stringify(cmp)})`);
    }
  } finally {
    await model.close();
    await ref.dispose();
  }
}

for (const [dtype, type] of PURE) {
  test(`logits match llama.cpp: tiny, every tensor ${type}`, async () => {
    assert.equal(typeName(typeFromName(type)!), type);
    await compare("tiny", dtype, true, type);
  });
}
for (const [shape, dtype] of MIXES) {
  test(`logits match llama.cpp: ${shape} ${dtype.toUpperCase()} as llama.cpp's quantizer lays it out`, () => compare(shape, dtype, false));
}
