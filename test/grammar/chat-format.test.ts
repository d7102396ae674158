/** SDK: chat(messages, { responseFormat }) on a random-weight model answers valid JSON every time; reasoning stays free. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileGrammar, GrammarSchemaError, loadModel, type ChatOptions } from "../../src/index.ts";
import { testModel } from "../helpers/models.ts";
import { schemaErrors } from "./schema-check.ts";

const record = {
  type: "object",
  properties: {
    patient: { type: "string", maxLength: 10 },
    age: { type: "integer", minimum: 0, maximum: 120 },
    triage: { enum: ["routine", "urgent", "emergency"] },
    temp_c: { type: "number", minimum: 34, maximum: 43 },
    meds: { type: "array", items: { type: "string", maxLength: 6 }, maxItems: 2 },
  },
  required: ["patient", "age", "triage", "temp_c"],
  additionalProperties: false,
};

async function answer(model: Awaited<ReturnType<typeof loadModel>>, options: ChatOptions) {
  let content = "";
  let reasoning = "";
  let stop = "";
  for await (const ev of model.chat([{ role: "user", content: "Extract the record: Ann, 34, fever 38.2, taking paracetamol." }], { ...options, safety: false })) {
    if (ev.type === "content") content += ev.text;
    else if (ev.type === "reasoning") reasoning += ev.text;
    else if (ev.type === "done") stop = ev.stopReason;
  }
  return { content, reasoning, stop };
}

test("responseFormat json_schema: every seed's answer parses and validates; the reasoning before it is free text", async () => {
  const model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 512, threads: 1 });
  try {
    for (let seed = 1; seed <= 4; seed++) {
      const r = await answer(model, { responseFormat: { type: "json_schema", schema: record }, reasoningBudget: 6, maxTokens: 200, seed });
      assert.equal(r.stop, "stop", r.content);
      assert.deepEqual(schemaErrors(JSON.parse(r.content), record), [], r.content);
      assert.ok(r.reasoning.length > 0);
    }
    // A compiled grammar works the same, greedy included.
    const g = compileGrammar({ type: "json_schema", schema: { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false } });
    const r = await answer(model, { grammar: g, reasoningBudget: 4, maxTokens: 80, temperature: 0 });
    assert.equal(typeof JSON.parse(r.content).ok, "boolean");
    // A regular expression over the whole answer (SDK only).
    const yn = await answer(model, { responseFormat: { type: "regex", pattern: "(Yes|No), [0-9]{1,2} days?\\." }, reasoningBudget: 4, maxTokens: 60, seed: 3 });
    assert.match(yn.content, /^(Yes|No), [0-9]{1,2} days?\.$/);
    // A schema the engine cannot honour is refused when the call is made.
    assert.throws(() => model.chat([{ role: "user", content: "x" }], { responseFormat: { type: "json_schema", schema: { type: "array", uniqueItems: true } } }), (e: unknown) => e instanceof GrammarSchemaError && e.keyword === "uniqueItems");
  } finally {
    await model.close();
  }
});
