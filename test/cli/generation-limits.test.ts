/**
 * `ask`/`chat` limits and --no-think: on a hybrid template --no-think closes the reasoning in the
 * prompt (no budget needed); on a thinking-only template (the MedPsy models') the reasoning opens
 * anyway, so the user is told the flag has no effect and the default budget still bounds it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModel } from "../../src/sdk/load.ts";
import { generationLimits } from "../../src/cli/generation-limits.ts";
import { testModel } from "../helpers/models.ts";

const messages = [{ role: "user" as const, content: "side effects of metformin?" }];

test("--no-think on a thinking-only template says it has no effect and keeps the reasoning bounded", async () => {
  const model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 1024 });
  try {
    const off = generationLimits(model, messages, {}, false);
    assert.ok(off.notes.some((n) => /^--no-think has no effect: this model's chat template always opens the reasoning/.test(n)), off.notes.join("\n"));
    assert.ok(off.reasoningBudget !== undefined && off.reasoningBudget + off.closeCost < off.maxTokens, "a default budget still closes the reasoning before the limit");
    const on = generationLimits(model, messages, {});
    assert.deepEqual([on.maxTokens, on.reasoningBudget], [off.maxTokens, off.reasoningBudget], "the same limits as without the flag");
    assert.ok(!on.notes.some((n) => n.includes("--no-think")));
  } finally {
    await model.close();
  }
});

test("--no-think on a hybrid template turns the reasoning off: no note about it, no budget chosen", async () => {
  const model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0", template: "hybrid" }), { contextLength: 1024 });
  try {
    const off = generationLimits(model, messages, {}, false);
    assert.ok(!off.notes.some((n) => n.includes("--no-think")), off.notes.join("\n"));
    assert.equal(off.reasoningBudget, undefined);
    const on = generationLimits(model, messages, {});
    assert.ok(on.reasoningBudget !== undefined, "thinking on: the default budget is chosen");
  } finally {
    await model.close();
  }
});

test("--reasoning-budget 0 costs no new tokens (the empty think block is the prompt's): no closing-text note", async () => {
  const model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 1024 });
  try {
    const zero = generationLimits(model, messages, { maxTokens: 30, reasoningBudget: 0 });
    assert.deepEqual(zero.notes, []);
    const tight = generationLimits(model, messages, { maxTokens: 20, reasoningBudget: 1 });
    assert.ok(tight.notes.some((n) => /<\/think> alone closes it/.test(n)), tight.notes.join("\n"));
  } finally {
    await model.close();
  }
});
