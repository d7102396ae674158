/**
 * 64 greedy tokens identical to llama.cpp from several prompts, including rendered chat
 * prompts, and the same text through the SDK's generation loop (`complete`, temperature 0).
 *
 * Greedy decoding is exact except at a tie: when llama.cpp's own two best tokens are closer
 * than the precision both engines share (the logit tolerances of logits.test.ts: 1e-3 F32,
 * 4e-2 F16, 5e-2 BF16, 0.2 quantized), either choice is correct and the sequences may part.
 * So a divergence is accepted only at such a step, and at most one prompt per model may have one.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { testModel, type Dtype, type Shape } from "../helpers/models.ts";
import { loadReference } from "../helpers/llama.ts";
import { openEngine } from "../helpers/engine.ts";

const TIE: Record<Dtype, number> = { f32: 1e-3, f16: 4e-2, bf16: 5e-2, q8_0: 0.2, q4_k_m: 0.2 };

const CASES: Array<{ shape: Shape; dtype: Dtype }> = [
  { shape: "tiny", dtype: "f32" },
  { shape: "tiny", dtype: "q8_0" },
  { shape: "tiny", dtype: "q4_k_m" },
  { shape: "odd", dtype: "bf16" },
];

for (const { shape, dtype } of CASES) {
  test(`64 greedy tokens match llama.cpp: ${shape} ${dtype}`, async () => {
    const path = await testModel({ shape, dtype });
    const ref = await loadReference(path);
    const engine = await openEngine(path);
    const model = await loadModel(path, { contextLength: 256 });
    try {
      const chat = model.renderChat([
        { role: "system", content: "You are a careful clinical assistant." },
        { role: "user", content: "What is the first-line treatment for uncomplicated hypertension?" },
      ]);
      const multiTurn = model.renderChat([
        { role: "user", content: "I have a headache." },
        { role: "assistant", content: "How long have you had it?", reasoning_content: "Need duration." },
        { role: "user", content: "Three days, with fever and a stiff neck." },
      ]);
      const prompts = [chat, multiTurn, "Differential diagnosis of acute abdominal pain:", "患者主诉头痛三天。"];
      let diverged = 0;
      for (const prompt of prompts) {
        const ids = ref.tokenize(prompt, true);
        const theirs = await ref.greedy(ids, 64);
        const ours = await engine.greedy(ids, 64);
        const k = ours.findIndex((t, i) => t !== theirs[i]);
        if (k >= 0) {
          // Parted at step k: it must be a tie at the shared precision.
          const lp = await ref.logProbs([...ids, ...theirs.slice(0, k)]);
          const gap = Math.abs(lp[theirs[k]!]! - lp[ours[k]!]!);
          assert.ok(gap <= TIE[dtype], `greedy tokens differ at step ${k} for ${JSON.stringify(prompt.slice(0, 40))}: llama.cpp's gap ${gap} is no tie`);
          diverged++;
          continue;
        }
        assert.equal(ours.length, theirs.length);

        // The same continuation through the SDK loop (no template: raw completion).
        let text = "";
        for await (const ev of model.complete(prompt, { temperature: 0, maxTokens: 64 })) {
          if (ev.type === "content") text += ev.text;
        }
        const expected = ref.detokenize(theirs.filter((t) => !engine.endTokens.has(t)), true);
        assert.equal(text, expected);
      }
      assert.ok(diverged <= 1, `${diverged} of ${prompts.length} prompts parted at ties`);
    } finally {
      await model.close();
      await engine.dispose();
      await ref.dispose();
    }
  });
}
