/**
 * Will it fit: inspectModel's estimate (weights as the kernels hold them, one KV cache at the
 * context asked for, buffers and runtime) and loadModel refusing with a typed error, before any
 * weight is read, when the estimate exceeds the memory it may take; `medpsy info` prints it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { inspectModel, loadModel, InsufficientMemoryError, InvalidArgumentError } from "../../src/index.ts";
import { openModelSource } from "../../src/model/source.ts";
import { kvCacheBytes } from "../../src/engine/shape.ts";
import { testModel } from "../helpers/models.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);

test("the estimate: weights as held (K-quants repacked in place: their stored bytes), one KV cache that grows with the context, buffers and runtime", async () => {
  const path = await testModel({ shape: "small", dtype: "q5_k_m" });
  const a = (await inspectModel(path, { contextLength: 1024 })).memory!;
  const b = (await inspectModel(path, { contextLength: 4096 })).memory!;
  const source = await openModelSource(path);
  try {
    let stored = 0, q5k = 0;
    for (const t of source.tensors.values()) {
      stored += t.dims.length === 1 ? 4 * t.dims[0]! : t.byteLength;
      if (t.type === 13) q5k += t.byteLength;
    }
    assert.ok(q5k > 0);
    // Every type is held in its stored size (Q3_K to Q6_K are repacked in place at commit).
    assert.equal(a.weights, stored);
    assert.equal(a.kvCache, kvCacheBytes(source.config, 1024));
    assert.equal(b.kvCache - a.kvCache, kvCacheBytes(source.config, 3072));
    assert.ok(a.scratch > 0 && a.total === a.weights + a.kvCache + a.scratch);
    assert.ok(a.available! > 0 && a.fits === a.total <= a.available!);
  } finally {
    await source.close();
  }
});

test("loadModel refuses a model larger than its memory budget with a typed error naming the parts; a budget it fits in loads", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  const need = (await inspectModel(path, { contextLength: 512 })).memory!;
  await assert.rejects(loadModel(path, { contextLength: 512, memoryBudget: need.total - 1 }), (e: unknown) => {
    assert.ok(e instanceof InsufficientMemoryError, String(e));
    assert.equal(e.code, "INSUFFICIENT_MEMORY");
    assert.match(e.message, /needs about 0\.\d\d GB at a context of 512 tokens/);
    assert.match(e.expected ?? "", /weights .* \+ KV cache .* \+ buffers and runtime/);
    assert.match(e.hint ?? "", /--fit/);
    return true;
  });
  // The context is part of it: the same budget holds a shorter cache. And the estimate is an
  // upper bound of what loading and a first step really add to this process's resident memory.
  const before = process.memoryUsage().rss;
  const model = await loadModel(path, { contextLength: 256, memoryBudget: need.total - 1 });
  await model.logits([151644, 872, 198]);
  const grown = process.memoryUsage().rss - before;
  const at256 = (await inspectModel(path, { contextLength: 256 })).memory!;
  assert.ok(grown <= at256.total, `loading grew the process by ${grown} bytes, more than the ${at256.total} estimated`);
  await model.close();
  await assert.rejects(loadModel(path, { memoryBudget: -5 }), InvalidArgumentError);
});

test("medpsy info: the memory line at --ctx, and the estimate in --json", async () => {
  const path = await testModel({ shape: "tiny", dtype: "q8_0" });
  const text = (await run(process.execPath, ["bin/medpsy.js", "info", path, "--ctx", "2048"], { cwd: root })).stdout;
  // Small parts in MB (a tiny model's KV cache is not "0.00 GB"); the KV line at the same context.
  assert.match(text, /memory at 2,048 tokens\s+\d+ MB \(weights \d+ MB \+ KV cache \d\.\d MB \+ buffers and runtime \d+ MB\); [\d.]+ GB available: (fits|does NOT fit)/);
  assert.match(text, /KV cache \/ sequence\s+1 KiB per token \(2\.1 MB at 2,048 tokens, --ctx\)/);
  const plain = (await run(process.execPath, ["bin/medpsy.js", "info", path], { cwd: root })).stdout;
  assert.match(plain, /KV cache \/ sequence\s+1 KiB per token \(4\.2 MB at 4,096 tokens, the default context, or the trained one if shorter\)/, "never a context the model cannot load");
  const json = JSON.parse((await run(process.execPath, ["bin/medpsy.js", "info", path, "--json"], { cwd: root })).stdout);
  assert.equal(json.memory.contextLength, 4096); // the tiny shape's trained context is below the default 8192
  assert.ok(json.memory.total > json.memory.weights);
});
