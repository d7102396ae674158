/**
 * `medpsy pull` against a local server with the hub's API shapes (tree listing with LFS sizes
 * and sha256, paginated; resolve URLs redirecting to a CDN host): quantization picked by label
 * from the listing, an unknown one refused at once with what the repository has, `--list`,
 * safetensors folders, resume after a dropped connection, a stall (the mock holds the
 * connection; the client's stall timer ends it), a server that ignores Range, corrupted files
 * (LFS sha256 and git blob ids), missing and gated repositories, offline use of the cache.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { pullModel, listModelFiles, resolveModel, listCached, HubIntegrityError, HubNotFoundError, HubAuthError, HubUnreachableError } from "../../src/hub/index.ts";
import { inspectModel } from "../../src/sdk/load.ts";
import { chooseQuantThatFits } from "../../src/sdk/fit.ts";
import { InsufficientMemoryError } from "../../src/sdk/memory.ts";
import { InvalidArgumentError } from "../../src/errors.ts";
import { availableParallelism } from "node:os";
import { testModel } from "../helpers/models.ts";
import { makeTestModel } from "../../src/testmodel/index.ts";
import { startMockHub, type MockFile, type MockHub } from "./helpers/mock-hub.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);
const REPO = "qvac/MedPsy-1.7B-GGUF";
const HF_REPO = "qvac/MedPsy-1.7B";
let hub: MockHub;
let model: Buffer;
let sha: string;
let folderFiles: MockFile[];
const FIT_REPO = "qvac/MedPsy-Tiny-GGUF";
const fitFiles: Record<string, string> = {};

test.before(async () => {
  model = readFileSync(await testModel({ shape: "tiny", dtype: "q8_0" }));
  sha = createHash("sha256").update(model).digest("hex");
  // A sharded folder: weights in several .safetensors files and model.safetensors.index.json.
  const folder = join(mkdtempSync(join(tmpdir(), "medpsy-hf-")), "MedPsy-1.7B");
  await makeTestModel({ shape: "tiny", dtype: "bf16", format: "safetensors", seed: 1, out: folder, shardBytes: 8 << 20 });
  folderFiles = readdirSync(folder).map((f) => ({ path: f, bytes: readFileSync(join(folder, f)) }));
  // One tiny model in four of llama.cpp's file types, for --fit.
  for (const dtype of ["q8_0", "q4_k_m", "q3_k_m", "iq2_xxs"] as const) fitFiles[dtype] = await testModel({ shape: "tiny", dtype });
  hub = await startMockHub({
    [FIT_REPO]: Object.entries(fitFiles).map(([d, p]) => ({ path: `MedPsy-Tiny-${d.toUpperCase()}.gguf`, bytes: readFileSync(p) })),
    [REPO]: [
      { path: ".gitattributes", bytes: Buffer.from("*.gguf filter=lfs diff=lfs merge=lfs -text\n") },
      { path: "MedPsy-1.7B-Q4_K_M.gguf", bytes: model },
      { path: "MedPsy-1.7B-Q8_0.gguf", bytes: model.subarray(0, 4096) },
      { path: "MedPsy-1.7B-IQ4_XS.gguf", bytes: model.subarray(0, 3000) },
      { path: "MedPsy-1.7B-Q3_K_M.gguf", bytes: model.subarray(0, 2000) },
      { path: "bf16/MedPsy-1.7B-BF16-00001-of-00002.gguf", bytes: model.subarray(0, 1000) },
      { path: "bf16/MedPsy-1.7B-BF16-00002-of-00002.gguf", bytes: model.subarray(1000, 2000) },
      { path: "README.md", bytes: Buffer.from("# card") },
    ],
    [HF_REPO]: [...folderFiles, { path: "README.md", bytes: Buffer.from("# card") }, { path: "assets/figure.png", bytes: Buffer.alloc(100, 7) }],
    "acme/private-GGUF": [{ path: "x-Q4_K_M.gguf", bytes: Buffer.from("secret") }],
  });
});
test.after(async () => hub.close());

const fresh = () => mkdtempSync(join(tmpdir(), "medpsy-cache-"));
const opts = (cache: string, extra = {}) => ({ cache, endpoint: hub.url, backoffMs: 10, ...extra });

test("pull a known name: the qvac repository's Q4_K_M by default, verified, cached; a second pull downloads nothing", async () => {
  const cache = fresh();
  const r = await pullModel("medpsy-1.7b", opts(cache));
  assert.equal(r.repo, REPO);
  assert.equal(r.file, "MedPsy-1.7B-Q4_K_M.gguf");
  assert.equal(r.sha256, sha);
  assert.equal(r.commit, "c0ffee");
  assert.ok(readFileSync(r.path).equals(model));
  assert.equal(hub.log.authOnCdn, 0);
  const again = await pullModel("medpsy-1.7b", opts(cache));
  assert.equal(again.downloaded, false);
  for (const [spec, file] of [["medpsy-1.7b:q8_0", "MedPsy-1.7B-Q8_0.gguf"], ["medpsy-1.7b:IQ4_XS", "MedPsy-1.7B-IQ4_XS.gguf"], [`${REPO}:q3_k_m`, "MedPsy-1.7B-Q3_K_M.gguf"]]) {
    assert.equal((await pullModel(spec!, opts(cache))).file, file, spec);
  }
});

test("an unknown quantization fails at once, naming what the repository has; labels compare whole", async () => {
  const cache = fresh();
  const sent = hub.log.bytesSent;
  for (const q of ["iq1_s", "q4_k", "q3_k"]) {
    await assert.rejects(pullModel(`medpsy-1.7b:${q}`, opts(cache)), (e: unknown) => {
      assert.ok(e instanceof HubNotFoundError, String(e));
      assert.match(e.message, new RegExp(`a ${q.toUpperCase()} file in ${REPO}`));
      assert.match(e.hint ?? "", /the repository has: Q3_K_M \(0\.00 GB\), IQ4_XS \(0\.00 GB\), Q8_0 \(0\.00 GB\), Q4_K_M/);
      assert.doesNotMatch(e.hint ?? "", /BF16/, "shards of a split file are not offered");
      return true;
    });
  }
  assert.equal(hub.log.bytesSent, sent, "nothing downloaded");
  assert.deepEqual(listCached(cache), []);
});

test("a :QUANT that is no quantization label is refused before the hub is asked", async () => {
  const pages = hub.log.treePages;
  for (const spec of ["medpsy-1.7b:banana", "medpsy-4b:4bit", `${REPO}:q4 k m`]) {
    await assert.rejects(pullModel(spec, opts(fresh())), (e: unknown) => {
      assert.ok(e instanceof InvalidArgumentError, String(e));
      assert.match(e.message, /is not a quantization label/);
      assert.match(e.hint ?? "", /pull --list/);
      return true;
    });
  }
  assert.equal(hub.log.treePages, pages, "no listing was asked for");
});

test("listing: every file with its size and quantization, across tree pages; `pull --list` prints it", async () => {
  hub.pageSize = 3;
  const pages = hub.log.treePages;
  try {
    const l = await listModelFiles("medpsy-1.7b", { endpoint: hub.url, cache: fresh() });
    assert.ok(hub.log.treePages - pages >= 3, "followed the Link header");
    assert.equal(l.repo, REPO);
    assert.deepEqual(l.files.map((f) => f.path).sort(), [".gitattributes", "MedPsy-1.7B-IQ4_XS.gguf", "MedPsy-1.7B-Q3_K_M.gguf", "MedPsy-1.7B-Q4_K_M.gguf", "MedPsy-1.7B-Q8_0.gguf", "README.md", "bf16/MedPsy-1.7B-BF16-00001-of-00002.gguf", "bf16/MedPsy-1.7B-BF16-00002-of-00002.gguf"]);
    const q4 = l.files.find((f) => f.path === "MedPsy-1.7B-Q4_K_M.gguf")!;
    assert.deepEqual([q4.quant, q4.size, q4.sha256], ["Q4_K_M", model.length, sha]);
    assert.equal(l.files.find((f) => f.path === "README.md")!.quant, undefined);
    assert.match(l.files.find((f) => f.path === "README.md")!.gitOid ?? "", /^[0-9a-f]{40}$/);
  } finally {
    hub.pageSize = 1000;
  }
  const env = { ...process.env, MEDPSY_CACHE: fresh(), MEDPSY_HUB_ENDPOINT: hub.url };
  const out = (await run(process.execPath, ["bin/medpsy.js", "pull", "--list", "medpsy-1.7b"], { cwd: root, env })).stdout;
  assert.match(out, /^qvac\/MedPsy-1\.7B-GGUF \(gguf\):/);
  assert.match(out, /Q4_K_M\s+0\.05 GB\s+MedPsy-1\.7B-Q4_K_M\.gguf/);
  assert.match(out, /IQ4_XS\s+0\.00 GB\s+MedPsy-1\.7B-IQ4_XS\.gguf/);
});

test("a safetensors name pulls the whole folder (shards, index, config, tokenizer), each file checked; the folder loads", async () => {
  const cache = fresh();
  const r = await pullModel("medpsy-1.7b-hf", opts(cache));
  assert.equal(r.repo, HF_REPO);
  assert.deepEqual([...r.files].sort(), folderFiles.map((f) => f.path).sort(), "weights and configs, not the card or images");
  assert.ok(r.files.includes("model.safetensors.index.json") && r.files.filter((f) => f.endsWith(".safetensors")).length >= 2, `sharded: ${r.files}`);
  for (const f of folderFiles) assert.ok(readFileSync(join(r.path, f.path)).equals(f.bytes), f.path);
  const info = await inspectModel(r.path);
  assert.equal(info.format, "safetensors");
  assert.equal((await pullModel("medpsy-1.7b-hf", opts(cache))).downloaded, false);
  assert.equal(await resolveModel("medpsy-1.7b-hf", { cache, offline: true }), r.path);
  // A small file kept in git is checked against its git blob id.
  hub.faults = { corrupt: true };
  await assert.rejects(pullModel("medpsy-1.7b-hf", opts(fresh())), (e: unknown) => e instanceof HubIntegrityError && /git blob/.test(String(e.expected)));
  hub.faults = {};
});

test("a dropped connection resumes with Range", async () => {
  const cache = fresh();
  hub.log.ranges.length = 0;
  hub.faults = { dropAfter: { bytes: 100_000, times: 1 } };
  const r = await pullModel(`${REPO}:MedPsy-1.7B-Q4_K_M.gguf`, opts(cache));
  assert.equal(r.sha256, sha);
  assert.deepEqual(hub.log.ranges, ["bytes=100000-"]);
  hub.faults = {};
});

test("a stalled connection is given up by the client's stall timer and the download resumes where it stopped", async () => {
  hub.log.ranges.length = 0;
  const stalls = hub.log.stalls;
  hub.faults = { stallAfter: { bytes: 50_000, times: 1 } };
  const ended = hub.stallEnded();
  const s = await pullModel("medpsy-1.7b", opts(fresh(), { stallMs: 1000 }));
  await ended; // the mock saw the client hang up on the stalled connection
  assert.equal(hub.log.stalls - stalls, 1);
  assert.equal(s.sha256, sha);
  assert.ok(hub.log.ranges.includes("bytes=50000-"), `resumed from the stall: ${hub.log.ranges}`);
  hub.faults = {};
});

test("a server that ignores Range restarts cleanly; a corrupted file is refused and removed", async () => {
  const cache = fresh();
  hub.faults = { dropAfter: { bytes: 70_000, times: 1 }, ignoreRange: true };
  const r = await pullModel("medpsy-1.7b", opts(cache));
  assert.equal(r.sha256, sha);
  hub.faults = { corrupt: true };
  const cache2 = fresh();
  await assert.rejects(pullModel("medpsy-1.7b", opts(cache2)), HubIntegrityError);
  assert.deepEqual(listCached(cache2), [], "nothing left behind");
  hub.faults = {};
});

test("clear errors: unknown repo or file, gated repo without token, hub unreachable", async () => {
  const cache = fresh();
  await assert.rejects(pullModel("nobody/nothing-GGUF", opts(cache)), HubNotFoundError);
  const listsFiles = (e: unknown) => e instanceof HubNotFoundError && /the repository has: .*MedPsy-1\.7B-Q4_K_M\.gguf/.test(e.hint ?? "");
  await assert.rejects(pullModel(`${REPO}:missing.gguf`, opts(cache)), listsFiles);
  hub.faults = { gated: ["acme/private-GGUF"] };
  await assert.rejects(pullModel("acme/private-GGUF", opts(cache)), (e: unknown) => e instanceof HubAuthError && /--token/.test((e as HubAuthError).hint ?? ""));
  const ok = await pullModel("acme/private-GGUF", opts(cache, { token: "good-token" }));
  assert.equal(readFileSync(ok.path, "utf8"), "secret");
  assert.equal(hub.log.authOnCdn, 0, "the token never reaches the CDN host");
  hub.faults = {};
  await assert.rejects(pullModel("medpsy-1.7b", { cache, endpoint: "http://127.0.0.1:9" }), HubUnreachableError);
});

test("CLI: pull, models, and ask -m NAME served from the cache with the hub gone", async () => {
  const cache = fresh();
  const env = { ...process.env, MEDPSY_CACHE: cache, MEDPSY_HUB_ENDPOINT: hub.url };
  const pulled = await run(process.execPath, ["bin/medpsy.js", "pull", "medpsy-1.7b", "--json"], { cwd: root, env });
  assert.equal(JSON.parse(pulled.stdout).sha256, sha);
  const listed = await run(process.execPath, ["bin/medpsy.js", "models"], { cwd: root, env });
  assert.match(listed.stdout, /qvac\/MedPsy-1\.7B-GGUF\/MedPsy-1\.7B-Q4_K_M\.gguf .* verified sha256/);
  const offline = { ...env, MEDPSY_HUB_ENDPOINT: "http://127.0.0.1:9" };
  const asked = await run(process.execPath, ["bin/medpsy.js", "ask", "-m", "medpsy-1.7b", "--max-tokens", "3", "--json", "hello"], { cwd: root, env: offline });
  assert.equal(JSON.parse(asked.stdout).usage.reasoningTokens + JSON.parse(asked.stdout).usage.contentTokens, 3);
  assert.equal(await resolveModel("medpsy-1.7b", { cache, offline: true }), listCached(cache)[0]!.path);
  await assert.rejects(run(process.execPath, ["bin/medpsy.js", "pull", "medpsy-4b"], { cwd: root, env: offline }), (e: any) => e.code === 1 && /cannot reach the model hub/.test(e.stderr) && /hint:/.test(e.stderr));
  // A partial download is listed as such.
  writeFileSync(join(cache, "models", "qvac--MedPsy-1.7B-GGUF", "MedPsy-1.7B-Q8_0.gguf.part"), "abc");
  assert.match((await run(process.execPath, ["bin/medpsy.js", "models"], { cwd: root, env })).stdout, /partial download/);
  assert.ok(!existsSync(join(cache, "registry.json")));
});

test("--fit: the largest file whose estimate (read from its header in byte ranges, not its weights) fits the memory given", async () => {
  const ctx = 512;
  const need = async (d: string) => (await inspectModel(fitFiles[d]!, { contextLength: ctx })).memory!.total;
  const [q8, q4, q3] = [await need("q8_0"), await need("q4_k_m"), await need("q3_k_m")];
  assert.ok(q8 > q4 && q4 > q3, "the estimates order the files");
  const sent = hub.log.bytesSent;
  const c = await chooseQuantThatFits(FIT_REPO, { endpoint: hub.url, cache: fresh(), contextLength: ctx, available: Math.ceil(q4), threads: availableParallelism() });
  assert.equal(c.file.quant, "Q4_K_M");
  assert.equal(c.estimate.total, q4, "the remote estimate is the local one");
  assert.deepEqual(c.tooLarge.map((t) => t.quant), ["Q8_0"]);
  assert.ok(hub.log.bytesSent - sent < readFileSync(fitFiles.q8_0!).length, "headers only, no weights");
  // Less than the smallest needs: a typed error naming it.
  await assert.rejects(chooseQuantThatFits(FIT_REPO, { endpoint: hub.url, cache: fresh(), contextLength: ctx, available: 1e6, threads: 2 }), (e: unknown) => e instanceof InsufficientMemoryError && /IQ2_XXS/.test(e.message));
  // The CLI: --fit --ctx --memory picks, says why, and pulls it.
  const env = { ...process.env, MEDPSY_CACHE: fresh(), MEDPSY_HUB_ENDPOINT: hub.url };
  const out = await run(process.execPath, ["bin/medpsy.js", "pull", FIT_REPO, "--fit", "--ctx", String(ctx), "--memory", String(Math.ceil(q3)), "--json"], { cwd: root, env });
  assert.match(out.stderr, /fits: Q3_K_M .*too large: Q8_0 .*Q4_K_M/);
  assert.equal(JSON.parse(out.stdout).file, "MedPsy-Tiny-Q3_K_M.gguf");
});
