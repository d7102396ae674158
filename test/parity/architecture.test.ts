/**
 * Qwen2 and Gemma 3 against llama.cpp (node-llama-cpp 3.21.1) on the same generated GGUF files:
 * tokenization, last-position log-probabilities and 32 greedy tokens (cases and prompts in
 * ./architecture-cases.ts). Every prompt crosses Gemma's sliding window, and the greedy runs step
 * 32 rows at a time, so a window layer's cache (window − 1 + 32 slots) moves its window to the
 * front during them.
 *
 * Tolerances as logits.test.ts states and justifies them for Qwen3, with llama.cpp's own noise
 * measured on the same prompt whenever ours exceeds the floor: F32 max |Δ log p| ≤ max(1e-3,
 * 2 × llama.cpp's spread), that spread being the larger of its batch-vs-token-by-token and its
 * flash-attention-on-vs-off differences (each reorders its float sums); quantized files KL(llama
 * ‖ medpsy) ≤ 4e-2 nats and the same argmax wherever llama.cpp's top two are more than 0.4 nats
 * apart. Greedy tokens must be identical, except where the two engines part at a tie: a step
 * where llama.cpp's own two candidates are closer than the precision both engines share —
 * 1e-3 on F32; on quantized files 0.3 (the most one activation code landing on the other side of
 * a rounding boundary moves a logit of a 2–4 layer random model, logits.test.ts) or llama.cpp's
 * own spread at that very step (flash attention on vs off), whichever is larger — and where the
 * two distributions still agree within the KL bound. llama.cpp parts from itself the same way:
 * on the small Qwen2 Q4_K_M file its flash-attention run differs from its plain one by up to
 * 0.51 in log p, more than medpsy does (0.41). The figures are printed as test diagnostics.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { testModel, type Dtype } from "../helpers/models.ts";
import { loadReference, referenceCpuBuild, type ReferenceModel } from "../helpers/llama.ts";
import { compareLogProbs, logSoftmax } from "../helpers/compare.ts";
import { openEngine } from "../helpers/engine.ts";
import { ARCH_CASES, CHAT, RAW_PROMPTS } from "./architecture-cases.ts";

const F32_FLOOR = 1e-3;
const QUANT_KL_BOUND = 4e-2;
const TIE: Partial<Record<Dtype, number>> = { f32: 1e-3 };
const QUANT_TIE = 0.3;
const GREEDY_TOKENS = 32;
const STEP_ROWS = 32;

function topTwoMargin(lp: Float64Array): number {
  let a = -Infinity, b = -Infinity;
  for (const v of lp) {
    if (v > a) { b = a; a = v; } else if (v > b) b = v;
  }
  return a - b;
}

/** llama.cpp with flash attention against its plain run `theirs` on the same tokens: max |Δ log p|. */
async function flashSpread(flash: ReferenceModel, ids: number[], theirs: Float64Array): Promise<number> {
  return compareLogProbs(await flash.logProbs(ids), theirs).maxAbsDiff;
}

/** llama.cpp's spread on this prompt: token by token, and with flash attention, against its batch run. */
async function referenceSpread(ref: ReferenceModel, flash: ReferenceModel, ids: number[], theirs: Float64Array): Promise<number> {
  const byToken = compareLogProbs(await ref.logProbs(ids, 1), theirs).maxAbsDiff;
  return Math.max(byToken, await flashSpread(flash, ids, theirs));
}

for (const { arch, shape, dtype } of ARCH_CASES) {
  test(`${arch} ${shape} ${dtype}: tokens, logits and greedy tokens match llama.cpp`, async (t) => {
    const path = await testModel({ arch, shape, dtype });
    const ref = await loadReference(path);
    // llama.cpp with flash attention, loaded once per file when its spread is needed.
    let flashRef: ReferenceModel | undefined;
    const flash = async () => (flashRef ??= await loadReference(path, 512, { flashAttention: true }));
    const model = await loadModel(path, { contextLength: 512 });
    const engine = await openEngine(path, 512, STEP_ROWS);
    const against = `llama.cpp ${referenceCpuBuild()} build`;
    try {
      assert.equal(model.info.architecture, arch);
      const prompts = [model.renderChat(CHAT), ...RAW_PROMPTS];
      for (const prompt of prompts) {
        const ids = ref.tokenize(prompt, true);
        assert.deepEqual(model.tokenize(prompt, { special: true }), ids, "tokenization differs");

        const theirs = await ref.logProbs(ids);
        const cmp = compareLogProbs(logSoftmax(await model.logits(ids)), theirs);
        if (dtype === "f32") {
          const spread = cmp.maxAbsDiff > F32_FLOOR ? await referenceSpread(ref, await flash(), ids, theirs) : 0;
          const bound = Math.max(F32_FLOOR, 2 * spread);
          assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, `argmax differs from ${against} (${JSON.stringify(cmp)})`);
          assert.ok(cmp.maxAbsDiff <= bound, `max |Δ log p| ${cmp.maxAbsDiff} > ${bound} against ${against} (its own spread ${spread})`);
          t.diagnostic(`${ids.length} tokens: max |Δ log p| ${cmp.maxAbsDiff.toExponential(2)} (bound ${bound.toExponential(2)}, llama.cpp's spread ${spread ? spread.toExponential(2) : "not needed"}), KL ${cmp.kl.toExponential(2)}`);
        } else {
          t.diagnostic(`${ids.length} tokens: KL ${cmp.kl.toExponential(2)} (bound ${QUANT_KL_BOUND}), max |Δ log p| ${cmp.maxAbsDiff.toFixed(3)}, top-two margin ${topTwoMargin(theirs).toFixed(3)}`);
          assert.ok(cmp.kl <= QUANT_KL_BOUND, `KL ${cmp.kl} > ${QUANT_KL_BOUND} against ${against} (max |Δ| ${cmp.maxAbsDiff})`);
          if (topTwoMargin(theirs) > 0.4) assert.equal(cmp.argmaxOurs, cmp.argmaxTheirs, `argmax differs from ${against} (${JSON.stringify(cmp)})`);
        }

        const want = await ref.greedy(ids, GREEDY_TOKENS);
        const got = await engine.greedy(ids, GREEDY_TOKENS);
        const k = got.findIndex((tok, i) => tok !== want[i]);
        if (k >= 0) {
          const prefix = [...ids, ...want.slice(0, k)];
          const lp = await ref.logProbs(prefix);
          const gap = Math.abs(lp[want[k]!]! - lp[got[k]!]!);
          const there = compareLogProbs(logSoftmax(await model.logits(prefix)), lp);
          const own = dtype === "f32" ? 0 : await flashSpread(await flash(), prefix, lp);
          const tie = Math.max(TIE[dtype] ?? QUANT_TIE, own);
          t.diagnostic(`greedy parted at step ${k} of ${GREEDY_TOKENS}: llama.cpp's gap ${gap.toFixed(3)} (tie ≤ ${tie.toFixed(3)}; its own flash-attention spread there ${own.toFixed(3)}), KL there ${there.kl.toExponential(2)}`);
          assert.ok(gap <= tie, `greedy tokens differ at step ${k} for ${JSON.stringify(prompt.slice(0, 40))}: llama.cpp's gap ${gap} is no tie (≤ ${tie})`);
          if (dtype !== "f32") assert.ok(there.kl <= QUANT_KL_BOUND, `greedy tokens differ at step ${k}: KL ${there.kl} there`);
        } else {
          assert.deepEqual(got, want);
          t.diagnostic(`${got.length} greedy tokens identical`);
        }
      }
    } finally {
      await model.close();
      await engine.dispose();
      await ref.dispose();
      await flashRef?.dispose();
    }
  });
}

test("gemma3: a Hugging Face safetensors folder gives the GGUF's logits (the (1 + w) norms added on load)", async () => {
  const gguf = await loadModel(await testModel({ arch: "gemma3", shape: "tiny", dtype: "f32" }), { contextLength: 256 });
  const hf = await loadModel(await testModel({ arch: "gemma3", shape: "tiny", dtype: "f32", format: "safetensors" }), { contextLength: 256 });
  try {
    assert.equal(hf.info.architecture, "gemma3");
    const prompt = gguf.renderChat(CHAT);
    const ids = gguf.tokenize(prompt, { special: true });
    assert.deepEqual(hf.tokenize(prompt, { special: true }), ids);
    // Same F32 weights (the converter's +1 and the loader's +1 are the same f32 sums): same bits.
    assert.deepEqual(await hf.logits(ids), await gguf.logits(ids));
  } finally {
    await gguf.close();
    await hf.close();
  }
});
