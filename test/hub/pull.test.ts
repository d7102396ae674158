/**
 * `medpsy pull` against a local server that mimics the hub: redirects to a CDN, resume after a
 * dropped connection, stall detection, a server that ignores Range, a corrupted file, missing
 * and gated repositories, offline; then the cache is listed and used without the network.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { pullModel, resolveModel, listCached, HubIntegrityError, HubNotFoundError, HubAuthError, HubUnreachableError } from "../../src/hub/index.ts";
import { testModel } from "../helpers/models.ts";
import { startMockHub, type MockHub } from "./helpers/mock-hub.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);
const REPO = "tetherai/MedPsy-1.7B-GGUF";
let hub: MockHub;
let model: Buffer;
let sha: string;

test.before(async () => {
  model = readFileSync(await testModel({ shape: "tiny", dtype: "q8_0" }));
  sha = createHash("sha256").update(model).digest("hex");
  hub = await startMockHub({
    [REPO]: [
      { path: "MedPsy-1.7B-Q4_K_M.gguf", bytes: model },
      { path: "MedPsy-1.7B-Q8_0.gguf", bytes: model.subarray(0, 4096) },
      { path: "README.md", bytes: Buffer.from("# card") },
    ],
    "acme/private-GGUF": [{ path: "x-Q4_K_M.gguf", bytes: Buffer.from("secret") }],
  });
});
test.after(async () => hub.close());

const fresh = () => mkdtempSync(join(tmpdir(), "medpsy-cache-"));
const opts = (cache: string, extra = {}) => ({ cache, endpoint: hub.url, backoffMs: 10, stallMs: 400, ...extra });

test("pull a known name: the Q4_K_M file by default, verified, cached; a second pull downloads nothing", async () => {
  const cache = fresh();
  const r = await pullModel("medpsy-1.7b", opts(cache));
  assert.equal(r.file, "MedPsy-1.7B-Q4_K_M.gguf");
  assert.equal(r.sha256, sha);
  assert.equal(r.commit, "c0ffee");
  assert.ok(readFileSync(r.path).equals(model));
  assert.equal(hub.log.authOnCdn, 0);
  const again = await pullModel("medpsy-1.7b", opts(cache));
  assert.equal(again.downloaded, false);
  const q8 = await pullModel("medpsy-1.7b:q8_0", opts(cache));
  assert.equal(q8.file, "MedPsy-1.7B-Q8_0.gguf");
});

test("a dropped connection resumes with Range; a stall is detected and retried", async () => {
  const cache = fresh();
  hub.log.ranges.length = 0;
  hub.faults = { dropAfter: { bytes: 100_000, times: 1 } };
  const r = await pullModel(`${REPO}:MedPsy-1.7B-Q4_K_M.gguf`, opts(cache));
  assert.equal(r.sha256, sha);
  assert.deepEqual(hub.log.ranges, ["bytes=100000-"]);
  hub.faults = { stallAfter: { bytes: 50_000, times: 1 } };
  const cache2 = fresh();
  const s = await pullModel("medpsy-1.7b", opts(cache2));
  assert.equal(s.sha256, sha);
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
  const listsFiles = (e: unknown) => e instanceof HubNotFoundError && /the repository has: MedPsy-1\.7B-Q4_K_M\.gguf/.test(e.hint ?? "");
  await assert.rejects(pullModel(`${REPO}:missing.gguf`, opts(cache)), listsFiles);
  await assert.rejects(pullModel("medpsy-1.7b:iq1_s", opts(cache)), listsFiles);
  hub.faults = { gated: ["acme/private-GGUF"] };
  await assert.rejects(pullModel("acme/private-GGUF", opts(cache)), (e: unknown) => e instanceof HubAuthError && /--token/.test((e as HubAuthError).hint ?? ""));
  const ok = await pullModel("acme/private-GGUF", opts(cache, { token: "good-token" }));
  assert.equal(readFileSync(ok.path, "utf8"), "secret");
  hub.faults = {};
  await assert.rejects(pullModel("medpsy-1.7b", { cache, endpoint: "http://127.0.0.1:9" }), HubUnreachableError);
});

test("CLI: pull, models, and ask -m NAME served from the cache with the hub gone", async () => {
  const cache = fresh();
  const env = { ...process.env, MEDPSY_CACHE: cache, MEDPSY_HUB_ENDPOINT: hub.url };
  const pulled = await run(process.execPath, ["bin/medpsy.js", "pull", "medpsy-1.7b", "--json"], { cwd: root, env });
  assert.equal(JSON.parse(pulled.stdout).sha256, sha);
  const listed = await run(process.execPath, ["bin/medpsy.js", "models"], { cwd: root, env });
  assert.match(listed.stdout, /tetherai\/MedPsy-1\.7B-GGUF\/MedPsy-1\.7B-Q4_K_M\.gguf .* verified sha256/);
  const offline = { ...env, MEDPSY_HUB_ENDPOINT: "http://127.0.0.1:9" };
  const asked = await run(process.execPath, ["bin/medpsy.js", "ask", "-m", "medpsy-1.7b", "--max-tokens", "3", "--json", "hello"], { cwd: root, env: offline });
  assert.equal(JSON.parse(asked.stdout).usage.reasoningTokens + JSON.parse(asked.stdout).usage.contentTokens, 3);
  assert.equal(await resolveModel("medpsy-1.7b", { cache, offline: true }), listCached(cache)[0]!.path);
  await assert.rejects(run(process.execPath, ["bin/medpsy.js", "pull", "medpsy-4b"], { cwd: root, env: offline }), (e: any) => e.code === 1 && /cannot reach the model hub/.test(e.stderr) && /hint:/.test(e.stderr));
  // A partial download is listed as such.
  writeFileSync(join(cache, "models", "tetherai--MedPsy-1.7B-GGUF", "MedPsy-1.7B-Q8_0.gguf.part"), "abc");
  assert.match((await run(process.execPath, ["bin/medpsy.js", "models"], { cwd: root, env })).stdout, /partial download/);
  assert.ok(!existsSync(join(cache, "registry.json")));
});
