/**
 * An evaluation interrupted while a local model is answering (Ctrl-C) stores nothing for that
 * item: a half-written answer would be scored as if the model had finished, and `--resume` would
 * never ask the item again. The interruption is taken while tokens are streaming (the first
 * reasoning or answer token), not at a chosen moment in time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel } from "../../src/sdk/load.ts";
import type { Model } from "../../src/sdk/types.ts";
import { LocalClient } from "../../src/evals/clients/local.ts";
import { pendingTasks, runPlan } from "../../src/evals/runner.ts";
import { BENCHMARKS } from "../../src/evals/benchmarks.ts";
import { readRun } from "../../src/evals/store.ts";
import type { ClosedItem } from "../../src/evals/types.ts";
import { testModel } from "../helpers/models.ts";

/** The real model; each session it opens aborts `controller` on its first streamed token. */
function abortingOnFirstToken(model: Model, controller: AbortController): Model {
  return new Proxy(model, {
    get(target, key, receiver) {
      if (key !== "createSession") return Reflect.get(target, key, receiver);
      return (...args: Parameters<Model["createSession"]>) => {
        const session = target.createSession(...args);
        const chat = session.chat.bind(session);
        session.chat = async function* (...a: Parameters<typeof chat>) {
          for await (const ev of chat(...a)) {
            if (ev.type === "reasoning" || ev.type === "content") controller.abort();
            yield ev;
          }
        } as typeof session.chat;
        return session;
      };
    },
  });
}

const item = (id: string): ClosedItem => ({ kind: "closed", id, question: `Question ${id}: which option?`, options: [["A", "one"], ["B", "two"]], labels: ["A", "B"], gold: "A" });

test("an item interrupted while the local model answers is not stored, and --resume asks it again", { timeout: 120_000 }, async () => {
  const model = await loadModel(await testModel({ shape: "tiny", dtype: "q8_0" }), { contextLength: 512 });
  try {
    const controller = new AbortController();
    const client = LocalClient.of(abortingOnFirstToken(model, controller), "tiny");
    const out = mkdtempSync(join(tmpdir(), "medpsy-interrupt-"));
    const medqa = BENCHMARKS.find((b) => b.name === "medqa")!;
    const plan = { benchmarks: [{ benchmark: medqa, items: [item("q1"), item("q2")] }], seeds: [1], sampling: { temperature: 0.6, topK: 20, topP: 0.95, maxTokens: 200 }, out, client, signal: controller.signal };

    // Direct: the client rejects with the interruption instead of returning a partial answer.
    await assert.rejects(client.generate([{ role: "user", content: "Hello?" }], { ...plan.sampling, seed: 1 }, controller.signal));

    // Through the runner: an interruption is not a failure, and nothing was stored.
    const fresh = new AbortController();
    await runPlan({ ...plan, client: LocalClient.of(abortingOnFirstToken(model, fresh), "tiny"), signal: fresh.signal });
    assert.ok(fresh.signal.aborted, "the run was interrupted while tokens streamed");
    assert.deepEqual(readRun(out, "medqa", 0), [], "no half-written answer is stored");
    assert.equal(pendingTasks(plan).length, 2, "both items are still to do");
  } finally {
    await model.close();
  }
});
