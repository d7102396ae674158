/**
 * The Vercel AI SDK (`ai` + `@ai-sdk/openai-compatible`) against `medpsy serve` on a random-weight
 * model, as an app would use it: structured output from a zod schema (`Output.object`, records
 * included), a forced tool call whose input parses against the tool's zod schema, a tool loop
 * (call, result sent back, answer), streamed text with the reasoning kept apart. Every request
 * the SDK sends is recorded and replayed through the official `openai` client: both clients must
 * read the same answer from the same request.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, streamText, Output, tool, isStepCount } from "ai";
import { z } from "zod";
import { tinyServer, type TestServer } from "./helpers.ts";

let t: TestServer;
const sent: Array<Record<string, any>> = [];
let provider: ReturnType<typeof createOpenAICompatible>;
test.before(async () => {
  t = await tinyServer({ parallel: 2 });
  provider = createOpenAICompatible({
    name: "medpsy",
    baseURL: `${t.server.url}/v1`,
    supportsStructuredOutputs: true,
    includeUsage: true,
    // Records each request body so the test can replay it through the official client.
    fetch: async (url, init) => {
      if (typeof init?.body === "string") sent.push(JSON.parse(init.body));
      return fetch(url, init);
    },
  });
});
test.after(async () => t.close());

const model = () => provider.chatModel(t.server.modelName);
// The random model's reasoning would run on: a small budget closes it (the answer is what is constrained).
const providerOptions = { medpsy: { reasoning_budget: 4 } };
const lastSent = () => sent[sent.length - 1]!;

const record = z.object({
  patient: z.string().max(10),
  age: z.number().int().min(0).max(120),
  triage: z.enum(["routine", "urgent", "emergency"]),
  temp_c: z.number().min(34).max(43),
  meds: z.array(z.string().max(8)).max(2),
});
const note = "Extract the record: Ann, 34 years, fever 38.2 C, on paracetamol. Chest pain since this morning.";

test("Output.object with a zod schema: every answer parses and validates; the official client reads the same object from the same request", async () => {
  for (let seed = 1; seed <= 3; seed++) {
    const r = await generateText({ model: model(), output: Output.object({ schema: record }), prompt: note, seed, maxOutputTokens: 200, maxRetries: 0, providerOptions });
    // r.output has already passed the SDK's own zod validation (it throws NoObjectGeneratedError otherwise).
    assert.equal(r.finishReason, "stop", r.text);
    assert.deepEqual(record.parse(r.output), r.output);
    const body = lastSent();
    assert.equal(body.response_format.type, "json_schema", "supportsStructuredOutputs sends the schema, not bare JSON mode");
    assert.equal(body.reasoning_budget, 4, "providerOptions reach the request body");
    const official = await t.client.chat.completions.create({ ...body, stream: false } as any);
    assert.deepEqual(JSON.parse(official.choices[0]!.message.content!), r.output);
    assert.equal((official.choices[0]!.message as any).reasoning_content ?? "", r.reasoningText ?? "");
    assert.equal(r.usage.outputTokens, official.usage!.completion_tokens);
  }
});

test("zod records (propertyNames) are honoured: a record of an enum has exactly its keys; a record of strings takes any key; a constrained key is a 400 naming propertyNames", async () => {
  const vitals = z.object({
    scores: z.record(z.enum(["pain", "nausea"]), z.number().int().min(0).max(10)),
    labs: z.record(z.string(), z.number().min(0).max(99)),
  });
  const r = await generateText({ model: model(), output: Output.object({ schema: vitals }), prompt: note, seed: 2, maxOutputTokens: 200, maxRetries: 0, providerOptions });
  assert.deepEqual(Object.keys(r.output.scores), ["pain", "nausea"]);
  assert.deepEqual(vitals.parse(r.output), r.output);
  assert.ok(lastSent().response_format.json_schema.schema.properties.scores.propertyNames, "zod sent propertyNames");
  // A constraint on free-form keys cannot be honoured: the SDK surfaces the server's 400 naming the keyword.
  const keyed = z.object({ labs: z.record(z.string().max(6), z.number()) });
  await assert.rejects(
    generateText({ model: model(), output: Output.object({ schema: keyed }), prompt: note, maxOutputTokens: 20, maxRetries: 0, providerOptions }),
    (e: any) => e.statusCode === 400 && /'propertyNames'/.test(e.message) && /#\/properties\/labs\b/.test(e.message),
  );
});

const doseInput = z.object({ drug: z.string().max(12), weight_kg: z.number().min(1).max(200), route: z.enum(["oral", "iv"]) });
const guidelineInput = z.object({ topic: z.enum(["sepsis", "stroke", "asthma"]) });
// No execute: the app decides what to do with a call; the server never runs tool arguments.
const tools = {
  dose_lookup: tool({ description: "Weight-based dose of a drug", inputSchema: doseInput }),
  guideline: tool({ description: "Fetch a clinical guideline", inputSchema: guidelineInput }),
};
const question = "Paracetamol dose for a 20 kg child?";

test("a forced tool call (required or named) always parses into typed input matching the tool's zod schema", async () => {
  const choices = [
    { toolChoice: "required" as const, seed: 1 },
    { toolChoice: "required" as const, seed: 2 },
    { toolChoice: { type: "tool" as const, toolName: "guideline" as const }, seed: 3 },
  ];
  for (const { toolChoice, seed } of choices) {
    const r = await generateText({ model: model(), tools, toolChoice, prompt: question, seed, maxOutputTokens: 200, maxRetries: 0, providerOptions });
    assert.equal(r.finishReason, "tool-calls", r.text);
    assert.ok(r.toolCalls.length >= 1);
    for (const call of r.toolCalls) {
      assert.ok(!call.invalid, `the SDK found the call invalid: ${JSON.stringify(call)}`);
      if (typeof toolChoice === "object") assert.equal(call.toolName, toolChoice.toolName);
      const schema = call.toolName === "dose_lookup" ? doseInput : guidelineInput;
      assert.deepEqual(schema.parse(call.input), call.input);
    }
    const body = lastSent();
    assert.deepEqual(body.tool_choice, typeof toolChoice === "object" ? { type: "function", function: { name: "guideline" } } : "required");
    const official = await t.client.chat.completions.create({ ...body, stream: false } as any);
    const calls = official.choices[0]!.message.tool_calls!.map((c: any) => ({ toolName: c.function.name, input: JSON.parse(c.function.arguments), toolCallId: c.id }));
    assert.deepEqual(
      calls.map(({ toolName, input }) => ({ toolName, input })),
      r.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input })),
    );
  }
});

test("a forced tool call streamed: the SDK assembles delta.tool_calls into the same typed call", async () => {
  const s = streamText({ model: model(), tools, toolChoice: "required", prompt: question, seed: 5, maxOutputTokens: 200, maxRetries: 0, providerOptions });
  const streamed = (await s.toolCalls).map((c) => ({ toolName: c.toolName, input: c.input, invalid: c.invalid }));
  assert.equal(await s.finishReason, "tool-calls");
  const r = await generateText({ model: model(), tools, toolChoice: "required", prompt: question, seed: 5, maxOutputTokens: 200, maxRetries: 0, providerOptions });
  assert.deepEqual(streamed, r.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input, invalid: c.invalid })));
  for (const c of streamed) assert.ok(!c.invalid, JSON.stringify(c));
});

test("a tool loop: the SDK runs its tool, sends the call (with its reasoning) and the result back, and the server answers from them", async () => {
  const executed: unknown[] = [];
  const dose = tool({
    description: "Weight-based dose of a drug",
    inputSchema: doseInput,
    execute: async (input) => {
      executed.push(input);
      return { dose_mg: 300 };
    },
  });
  // Step 1 must call the tool; step 2 answers in text from its result.
  const r = await generateText({
    model: model(),
    tools: { dose_lookup: dose },
    toolChoice: "required",
    prepareStep: ({ stepNumber }) => (stepNumber === 1 ? { toolChoice: "none" as const } : undefined),
    stopWhen: isStepCount(2),
    prompt: question,
    seed: 1,
    maxOutputTokens: 200,
    maxRetries: 0,
    providerOptions,
  });
  assert.equal(r.steps.length, 2);
  assert.equal(r.steps[0]!.finishReason, "tool-calls");
  assert.deepEqual(executed, r.steps[0]!.toolCalls.map((c) => c.input));
  assert.deepEqual(doseInput.parse(executed[0]), executed[0]);
  assert.equal(r.steps[1]!.toolCalls.length, 0);
  const body = lastSent();
  const [user, assistant, toolTurn] = body.messages;
  assert.equal(user.content, question);
  assert.equal(assistant.tool_calls[0].id, toolTurn.tool_call_id);
  assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), executed[0]);
  assert.deepEqual(JSON.parse(toolTurn.content), { dose_mg: 300 });
  // The official client sent the same turn (reasoning_content on the assistant message included) reads the same answer.
  const official = await t.client.chat.completions.create({ ...body, stream: false } as any);
  assert.equal(official.choices[0]!.message.content, r.text);
  const without = await t.client.chat.completions.create({ ...body, messages: [user], max_tokens: 1, stream: false } as any);
  assert.ok(official.usage!.prompt_tokens > without.usage!.prompt_tokens + 10, "the call and its result are rendered into the second prompt");
});

test("streamText: text and reasoning arrive as separate parts, equal to the official client's stream of the same request", async () => {
  const s = streamText({ model: model(), prompt: "Is a fever of 38.2 C in an adult an emergency?", seed: 7, maxOutputTokens: 24, maxRetries: 0, providerOptions });
  let text = "";
  let reasoning = "";
  let textDeltas = 0;
  for await (const part of s.fullStream) {
    if (part.type === "text-delta") {
      text += part.text;
      textDeltas++;
    } else if (part.type === "reasoning-delta") reasoning += part.text;
    else if (part.type === "error") assert.fail(String(part.error));
  }
  assert.ok(textDeltas > 1, "the text is streamed, not sent at once");
  assert.ok(reasoning.length > 0, "the tiny model reasons first; the SDK shows it as reasoning");
  assert.ok(!text.includes("<think>") && !text.includes("</think>"), text);
  assert.equal(await s.reasoningText, reasoning);
  const usage = await s.usage;
  const body = lastSent();
  assert.equal(body.stream, true);
  const official = await t.client.chat.completions.create({ ...body } as any);
  let oText = "";
  let oReasoning = "";
  let oUsage: any;
  for await (const c of official as any) {
    oText += c.choices[0]?.delta.content ?? "";
    oReasoning += c.choices[0]?.delta.reasoning_content ?? "";
    oUsage = c.usage ?? oUsage;
  }
  assert.equal(text, oText);
  assert.equal(reasoning, oReasoning);
  assert.equal(usage.outputTokens, oUsage.completion_tokens);
  assert.equal(usage.inputTokens, oUsage.prompt_tokens);
});
