/**
 * 64 greedy tokens identical to llama.cpp from several prompts, including rendered chat
 * prompts, and the same text through the SDK's generation loop (`complete`, temperature 0).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/index.ts";
import { testModel, type Dtype, type Shape } from "../helpers/models.ts";
import { loadReference } from "../helpers/llama.ts";
import { openEngine } from "../helpers/engine.ts";

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
      for (const prompt of prompts) {
        const ids = ref.tokenize(prompt, true);
        const theirs = await ref.greedy(ids, 64);
        const ours = await engine.greedy(ids, 64);
        assert.deepEqual(ours, theirs, `greedy tokens differ for ${JSON.stringify(prompt.slice(0, 40))}`);

        // The same continuation through the SDK loop (no template: raw completion).
        let text = "";
        for await (const ev of model.complete(prompt, { temperature: 0, maxTokens: 64 })) {
          if (ev.type === "content") text += ev.text;
        }
        const expected = ref.detokenize(theirs.filter((t) => !engine.endTokens.has(t)), true);
        assert.equal(text, expected);
      }
    } finally {
      await model.close();
      await engine.dispose();
      await ref.dispose();
    }
  });
}
