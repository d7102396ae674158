/**
 * Talking to endpoints: PHI reaches the judge only redacted with --redact-judge (and untouched
 * without it); token counts come from the server's split, else a local tokenizer, else an
 * estimate that says so; a server refusing top_k still gets the rest of the sampling; retries on
 * 5xx/network errors honour Retry-After and end in a typed error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { runEvaluation } from "../../src/evals/index.ts";
import { EndpointClient, EndpointError } from "../../src/evals/clients/endpoint.ts";
import { markdownReport } from "../../src/evals/report/markdown.ts";
import { loadModel } from "../../src/sdk/load.ts";
import { testModel } from "../helpers/models.ts";
import { scriptedVerdict, startScripted } from "./helpers/scripted-server.ts";

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/** A HealthBench file with identifiers in the conversation. */
function phiData(): string {
  const dir = tmp("medpsy-phi-");
  mkdirSync(join(dir, "healthbench"));
  const record = {
    prompt_id: "phi-1",
    prompt: [{ role: "user", content: "I'm John Carter, born 03/14/1961, phone 415-555-0172. My chest hurts when I climb stairs. What should I do?" }],
    rubrics: [
      { criterion: "Advises prompt in-person evaluation for exertional chest pain.", points: 8, tags: ["axis:accuracy"] },
      { criterion: "Asks about associated symptoms such as shortness of breath.", points: 4, tags: ["axis:context_awareness"] },
      { criterion: "Says the pain is certainly harmless.", points: -6, tags: ["axis:accuracy"] },
    ],
    example_tags: ["theme:emergency_referrals"],
  };
  writeFileSync(join(dir, "healthbench", "oss_eval_examples_30.jsonl"), JSON.stringify(record) + "\n");
  return dir;
}

test("PHI goes to the judge only redacted with redactJudge, and as written without it", async () => {
  const server = await startScripted();
  const data = phiData();
  try {
    const judgePrompts = async (redactJudge: boolean) => {
      server.bodies.length = 0;
      const s = await runEvaluation({ benchmarks: ["healthbench"], endpoint: { url: server.url, model: "scripted" }, judge: { url: server.url, model: "judge" }, dataDir: data, out: join(tmp("medpsy-phi-out-"), "o"), redactJudge, runs: 1, retryBackoffMs: 1 });
      const prompts = server.bodies.map((b) => (b.messages as Array<{ content: string }>)[0]!.content).filter((c) => c.startsWith("You are grading"));
      return { s, prompts };
    };
    const plain = await judgePrompts(false);
    assert.equal(plain.prompts.length, 3, "one judge call per rubric item");
    for (const p of plain.prompts) assert.match(p, /John Carter, born 03\/14\/1961, phone 415-555-0172/);
    const redacted = await judgePrompts(true);
    assert.equal(redacted.prompts.length, 3);
    for (const p of redacted.prompts) {
      assert.doesNotMatch(p, /John|Carter|03\/14\/1961|415-555-0172/);
      assert.match(p, /\[(NAME|DATE|PHONE)_\d+\]/);
      assert.match(p, /My chest hurts when I climb stairs/, "the clinical content is kept");
    }
    // The model under test always sees the conversation as written.
    const modelCall = server.bodies.find((b) => !(b.messages as Array<{ content: string }>)[0]!.content.startsWith("You are grading"))!;
    assert.match(JSON.stringify(modelCall.messages), /415-555-0172/);
    // Same verdicts either way (the scripted judge decides by criterion): same score.
    const expected = ((scriptedVerdict("Advises prompt in-person evaluation for exertional chest pain.") ? 8 : 0) + (scriptedVerdict("Asks about associated symptoms such as shortness of breath.") ? 4 : 0) + (scriptedVerdict("Says the pain is certainly harmless.") ? -6 : 0)) / 12;
    for (const r of [plain, redacted]) {
      const hb = r.s.benchmarks.healthbench!;
      assert.equal(hb.mean, Math.min(1, Math.max(0, expected)));
      assert.equal(hb.themes["Emergency Referrals"], hb.mean);
      assert.ok(hb.rubricTags!["axis:accuracy"] !== undefined && hb.rubricTags!["axis:context_awareness"] !== undefined);
    }
  } finally {
    await server.close();
  }
});

test("token counts: the server's split, else the local tokenizer, else a labelled estimate", async () => {
  const model = await testModel({ shape: "tiny", dtype: "q8_0" });
  const server = await startScripted({ noTokenSplit: true });
  try {
    const base = { benchmarks: ["medqa"], endpoint: { url: server.url, model: "scripted" }, limit: 4, runs: 1, retryBackoffMs: 1 };
    const out = join(tmp("medpsy-tok-"), "t");
    const counted = await runEvaluation({ ...base, tokenizer: model, out });
    assert.equal(counted.benchmarks.medqa!.tokens.estimated, false);
    const m = await loadModel(model);
    try {
      for (const line of readFileSync(join(out, "medqa", "run-0.jsonl"), "utf8").trim().split("\n")) {
        const r = JSON.parse(line);
        assert.equal(r.tokens.source, "tokenizer");
        assert.equal(r.tokens.reasoning, m.tokenize(r.reasoning).length);
        assert.equal(r.tokens.answer, m.tokenize(r.answerText).length);
      }
    } finally {
      await m.close();
    }
    const estimated = await runEvaluation({ ...base, out: join(tmp("medpsy-tok-"), "e") });
    assert.equal(estimated.benchmarks.medqa!.tokens.estimated, true);
    assert.equal(estimated.benchmarks.medqa!.tokens.total.mean, 30, "the server's total is kept, only the split is estimated");
    assert.match(markdownReport([estimated]), /\(est\.\)/);
  } finally {
    await server.close();
  }
});

test("a server that refuses top_k gets the rest of the card's sampling", async () => {
  const server = await startScripted({ refuseTopK: true });
  const notes: string[] = [];
  try {
    const s = await runEvaluation({ benchmarks: ["pubmedqa"], endpoint: { url: server.url, model: "scripted" }, limit: 3, runs: 1, out: join(tmp("medpsy-topk-"), "o"), concurrency: 1, retryBackoffMs: 1, progress: { write: (t: string) => (notes.push(t), true), isTTY: false } as never });
    assert.equal(s.benchmarks.pubmedqa!.n, 3);
    assert.equal(server.bodies.length, 4, "one refused request, then three without top_k");
    for (const b of server.bodies.slice(1)) {
      assert.ok(!("top_k" in b));
      assert.deepEqual([b.temperature, b.top_p, b.max_tokens], [0.6, 0.95, 16384]);
    }
    assert.ok(notes.some((n) => /does not accept top_k/.test(n)));
  } finally {
    await server.close();
  }
});

async function flaky(statuses: Array<[number, Record<string, string>?, string?]>): Promise<{ url: string; hits: number[]; close: () => Promise<void> }> {
  const hits: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const [status, headers, body] = statuses[Math.min(hits.length, statuses.length - 1)]!;
      hits.push(Date.now());
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body ?? (status === 200 ? JSON.stringify({ choices: [{ message: { content: "ok" }, finish_reason: "stop" }] }) : "{}"));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())) };
}

test("retries: 503 and 429 are retried (Retry-After honoured), 400 is not, exhausted retries are a typed error", async () => {
  const s1 = await flaky([[503], [429, { "retry-after": "0" }], [200]]);
  const retries: string[] = [];
  try {
    const c = new EndpointClient({ url: s1.url, model: "m", backoffMs: 1, onRetry: (m) => retries.push(m) });
    const json = await c.request({ messages: [] });
    assert.equal(json.choices[0].message.content, "ok");
    assert.equal(s1.hits.length, 3);
    assert.equal(retries.length, 2);
    assert.match(retries[0]!, /answered 503.*retry 1\/5/);
  } finally {
    await s1.close();
  }
  const s2 = await flaky([[400]]);
  try {
    await assert.rejects(new EndpointClient({ url: s2.url, model: "m", backoffMs: 1 }).request({ messages: [] }), (e: unknown) => e instanceof EndpointError && e.status === 400);
    assert.equal(s2.hits.length, 1, "a bad request is not repeated");
  } finally {
    await s2.close();
  }
  const s3 = await flaky([[500]]);
  try {
    await assert.rejects(new EndpointClient({ url: s3.url, model: "m", backoffMs: 1, retries: 2 }).request({ messages: [] }), (e: unknown) => e instanceof EndpointError && e.status === 500);
    assert.equal(s3.hits.length, 3);
  } finally {
    await s3.close();
  }
  // A 200 that is not JSON, or too big, is a clear error at once, not a retry loop.
  const s4 = await flaky([[200, { "content-type": "text/html" }, "<html>login</html>"]]);
  try {
    await assert.rejects(new EndpointClient({ url: s4.url, model: "m", backoffMs: 1 }).request({ messages: [] }), /not JSON: "<html>login<\/html>"/);
    await assert.rejects(new EndpointClient({ url: s4.url, model: "m", backoffMs: 1, maxBodyBytes: 8 }).request({ messages: [] }), /more than 8 bytes in one reply/);
    assert.equal(s4.hits.length, 2);
  } finally {
    await s4.close();
  }
  // Nothing listening: network errors are retried, then reported as unreachable.
  const closed = await flaky([[200]]);
  await closed.close();
  await assert.rejects(new EndpointClient({ url: closed.url, model: "m", backoffMs: 1, retries: 1 }).request({ messages: [] }), /cannot reach .*ECONNREFUSED/);
});

test("a failing request stops the run cleanly; an interruption keeps what is stored; judging is bounded", async () => {
  const failing = await startScripted({ failAfter: 5 });
  const out = join(tmp("medpsy-fail-"), "o");
  const concurrency = 3;
  try {
    await assert.rejects(
      runEvaluation({ benchmarks: ["medqa"], endpoint: { url: failing.url, model: "scripted" }, limit: 20, runs: 1, out, concurrency, retryBackoffMs: 1 }),
      (e: unknown) => e instanceof EndpointError && e.status === 400,
    );
    const stored = readFileSync(join(out, "medqa", "run-0.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(stored.length >= 1 && stored.length <= 5, `${stored.length} whole lines stored`);
  } finally {
    // Closing waits for every connection: all the requests the run ever sent have been counted.
    await failing.close();
  }
  // Five answered, then the first refusal stops the workers: at most one more request each.
  assert.ok(failing.requests <= 5 + concurrency, `${failing.requests} requests of 20: no worker went on after the failure`);

  // Interrupted after the 10th answer (the server says when): what is stored stays, and --resume finishes it.
  const ac = new AbortController();
  const slow = await startScripted({ onModelRequest: (n) => n === 10 && ac.abort(new Error("stop")) });
  try {
    const out2 = join(tmp("medpsy-stop-"), "o");
    const partial = await runEvaluation({ benchmarks: ["pubmedqa"], endpoint: { url: slow.url, model: "scripted" }, limit: 50, runs: 1, out: out2, concurrency: 2, signal: ac.signal, retryBackoffMs: 1 });
    assert.ok(partial.benchmarks.pubmedqa!.n > 0 && partial.benchmarks.pubmedqa!.n < 50, `interrupted after ${partial.benchmarks.pubmedqa!.n} items`);
    const resumed = await runEvaluation({ benchmarks: ["pubmedqa"], endpoint: { url: slow.url, model: "scripted" }, limit: 50, runs: 1, out: out2, concurrency: 8, resume: true });
    assert.equal(resumed.benchmarks.pubmedqa!.n, 50);
  } finally {
    await slow.close();
  }

  // HealthBench: rubric items are judged in parallel, never more than --concurrency at once. The
  // judge holds its replies until 3 are in flight, so reaching the bound does not depend on timing.
  const judge = await startScripted({ judgeBarrier: 3 });
  try {
    await runEvaluation({ benchmarks: ["healthbench"], endpoint: { url: judge.url, model: "scripted" }, judge: { url: judge.url, model: "judge" }, limit: 3, runs: 1, out: join(tmp("medpsy-par-"), "o"), concurrency: 3, retryBackoffMs: 1 });
    assert.equal(judge.maxJudgeInFlight, 3);
  } finally {
    await judge.close();
  }
});
