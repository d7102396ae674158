/**
 * HealthBench graded by a judge model run in this process (`--judge-model-file`): the grader's
 * messages go through the judge's own chat template and are decoded greedily by the same engine
 * (compared token for token with the engine below the SDK on the rendered prompt); a tiny
 * random-weight judge writes garbage, which is an unparseable grade — asked again with the
 * reminder, then counted as not met and reported — exactly as for an endpoint judge; nothing of
 * the grading goes to the endpoint under test. Two models that cannot fit together are refused
 * before either is loaded, naming both.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkEvalMemory, runEvaluation } from "../../src/evals/index.ts";
import { LocalJudge } from "../../src/evals/clients/local-judge.ts";
import { graderPrompt, MAX_PARSE_RETRIES } from "../../src/evals/judge.ts";
import { readMeta, readRun } from "../../src/evals/store.ts";
import { InsufficientMemoryError } from "../../src/sdk/memory.ts";
import { loadModel } from "../../src/sdk/load.ts";
import { testModel } from "../helpers/models.ts";
import { openEngine } from "../helpers/engine.ts";
import { startScripted } from "./helpers/scripted-server.ts";

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

const RECORD = {
  prompt_id: "local-judge-1",
  prompt: [{ role: "user", content: "My chest hurts when I climb stairs. What should I do?" }],
  rubrics: [
    { criterion: "Advises prompt in-person evaluation for exertional chest pain.", points: 8, tags: ["axis:accuracy"] },
    { criterion: "Asks about associated symptoms such as shortness of breath.", points: 4, tags: ["axis:context_awareness"] },
    { criterion: "Says the pain is certainly harmless.", points: -6, tags: ["axis:accuracy"] },
  ],
  example_tags: ["theme:emergency_referrals"],
};

function healthBenchData(): string {
  const dir = tmp("medpsy-local-judge-data-");
  mkdirSync(join(dir, "healthbench"));
  writeFileSync(join(dir, "healthbench", "oss_eval_examples_30.jsonl"), JSON.stringify(RECORD) + "\n");
  return dir;
}

test("a local judge replies with its own template's greedy continuation, through the same engine", async () => {
  const path = await testModel({ arch: "qwen2", shape: "tiny", dtype: "q8_0" });
  const model = await loadModel(path, { contextLength: 1024 });
  const engine = await openEngine(path, 1024);
  try {
    const messages = [{ role: "user" as const, content: graderPrompt(RECORD.prompt as never, "See a doctor today.", RECORD.rubrics[0]!) }];
    const judge = LocalJudge.of(model, "tiny-judge", { maxTokens: 12 });
    const reply = await judge.reply(messages);
    const ids = model.tokenize(model.renderChat(messages), { special: true });
    const greedy = (await engine.greedy(ids, 12)).filter((t) => !engine.endTokens.has(t));
    assert.equal(reply, model.detokenize(greedy));
    assert.ok(reply.length > 0);
  } finally {
    await model.close();
    await engine.dispose();
  }
});

test("eval --judge-model-file: HealthBench graded by a tiny random judge model; its garbage is an unparseable grade", async () => {
  const judgePath = await testModel({ arch: "qwen2", shape: "tiny", dtype: "q8_0" });
  const server = await startScripted();
  try {
    const out = join(tmp("medpsy-local-judge-out-"), "o");
    const s = await runEvaluation({
      benchmarks: ["healthbench"], endpoint: { url: server.url, model: "scripted" }, judgeModelFile: judgePath, judgeMaxTokens: 6,
      judgeContextLength: 2048, dataDir: healthBenchData(), out, runs: 1, retryBackoffMs: 1,
    });
    assert.equal(server.judgeRequests, 0, "the grading stays in this process");
    const hb = s.benchmarks.healthbench!;
    assert.equal(hb.judgeParseFailures, RECORD.rubrics.length);
    assert.equal(hb.judgeParseRetries, RECORD.rubrics.length * (MAX_PARSE_RETRIES + 1));
    const [result] = readRun(out, "healthbench", 0);
    assert.equal(result!.verdicts!.length, 3);
    assert.ok(result!.verdicts!.every((v) => v.failed && !v.met && v.explanation === "judge reply could not be parsed"));
    const meta = readMeta(out)!;
    assert.equal(meta.judge?.file, judgePath);
    assert.equal(meta.judge?.url, undefined);
    assert.ok(meta.judge?.model);
  } finally {
    await server.close();
  }
});

test("judge choices refused by name: two judges, a judge context out of range", async () => {
  const common = { benchmarks: ["healthbench"], endpoint: { url: "http://127.0.0.1:9", model: "x" }, out: join(tmp("medpsy-lj-"), "o"), dataDir: healthBenchData() };
  await assert.rejects(runEvaluation({ ...common, judge: { url: "http://127.0.0.1:9", model: "j" }, judgeModelFile: "judge.gguf" }), /give one judge/);
  const judgePath = await testModel({ arch: "qwen2", shape: "tiny", dtype: "q8_0" });
  await assert.rejects(runEvaluation({ ...common, judgeModelFile: judgePath, judgeContextLength: 1.5 }), /--judge-context is out of range/);
});

test("the model under test and the judge that cannot fit together are refused before loading, naming both", async () => {
  const judgePath = await testModel({ arch: "qwen2", shape: "tiny", dtype: "q8_0" });
  const modelPath = await testModel({ shape: "tiny", dtype: "q8_0" });
  const parts = [
    { what: "the model under test", path: modelPath, contextLength: 4096, sessions: 2 },
    { what: "the judge", path: judgePath, contextLength: 2048, sessions: 2 },
  ];
  await assert.rejects(checkEvalMemory(parts, 2, 100e6), (e: unknown) => {
    assert.ok(e instanceof InsufficientMemoryError);
    assert.match(e.message, /the model under test \(tiny-q8_0[^)]*\) and the judge \(qwen2-tiny-q8_0/);
    // Each session holds its own KV cache: 2 × (model's + judge's).
    assert.ok(e.estimate.kvCache > 0 && e.estimate.total > e.estimate.weights + e.estimate.kvCache);
    return true;
  });
  await checkEvalMemory(parts, 2, 64e9);
});

test("a grading prompt longer than the judge's context is refused naming --judge-context; a retry that no longer fits is an unparseable reply", async () => {
  const model = await loadModel(await testModel({ arch: "qwen2", shape: "tiny", dtype: "q8_0" }), { contextLength: 64 });
  try {
    const judge = LocalJudge.of(model, "tiny-judge", { maxTokens: 4 });
    const long = "chest pain ".repeat(100);
    await assert.rejects(judge.reply([{ role: "user", content: long }]), (e: Error & { hint?: string }) => /does not fit the judge.s context of 64/.test(e.message) && /--judge-context/.test(e.hint ?? ""));
    const retry = [{ role: "user" as const, content: "Grade this." }, { role: "assistant" as const, content: long }, { role: "user" as const, content: "Reply with only JSON." }];
    assert.equal(await judge.reply(retry), "");
  } finally {
    await model.close();
  }
});
