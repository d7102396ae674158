/**
 * `--parallel N` through the official OpenAI client: 8 distinct prompts sent one at a time, then
 * all at once (streaming and not, greedy and seeded), give the same reasoning and answer text.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tinyServer } from "./helpers.ts";

const PROMPTS = [
  "What causes migraine?",
  "Tell me about kidney stones",
  "Is 38.5 °C a fever in an adult?",
  "How is type 2 diabetes diagnosed?",
  "What are the side effects of metformin?",
  "Explain atrial fibrillation simply.",
  "How much paracetamol is safe per day?",
  "What does a high CRP mean?",
];

for (const parallel of [2, 4]) {
  test(`--parallel ${parallel}: concurrent answers equal the answers alone (openai client)`, { timeout: 300_000 }, async () => {
    const t = await tinyServer({ parallel, queue: 16 });
    try {
      const ask = async (i: number): Promise<string> => {
        const body = {
          model: t.server.modelName,
          messages: [{ role: "user" as const, content: PROMPTS[i]! }],
          max_tokens: 24,
          ...(i % 2 === 0 ? { temperature: 0 } : { temperature: 0.8, seed: 1000 + i }),
        };
        if (i % 3 === 0) {
          const stream = await t.client.chat.completions.create({ ...body, stream: true });
          let reasoning = "", content = "", finish = "";
          for await (const chunk of stream) {
            const d = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
            reasoning += d?.reasoning_content ?? "";
            content += d?.content ?? "";
            finish = chunk.choices[0]?.finish_reason ?? finish;
          }
          return JSON.stringify({ reasoning, content, finish });
        }
        const r = await t.client.chat.completions.create(body);
        const m = r.choices[0]!.message as { content: string | null; reasoning_content?: string };
        return JSON.stringify({ reasoning: m.reasoning_content ?? "", content: m.content ?? "", finish: r.choices[0]!.finish_reason });
      };
      const alone: string[] = [];
      for (let i = 0; i < PROMPTS.length; i++) alone.push(await ask(i));
      assert.equal(new Set(alone).size, PROMPTS.length, "distinct prompts give distinct answers");
      const together = await Promise.all(PROMPTS.map((_, i) => ask(i)));
      const differ = together.filter((got, i) => got !== alone[i]).length;
      assert.equal(differ, 0, `${differ} of ${PROMPTS.length} answers changed under concurrency`);
      const metrics = await (await fetch(`${t.server.url}/metrics`)).text();
      const widest = Number(metrics.match(/^medpsy_batch_sequences_max (\d+)/m)?.[1]);
      assert.ok(widest >= 2 && widest <= parallel, `sequences were batched into shared steps (widest ${widest})`);
    } finally {
      await t.close();
    }
  });
}
