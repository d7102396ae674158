// The relaxed-SIMD build must either be rejected by this runtime or give bit-identical K-quant
// dot products to the plain SIMD build; createWasmKernels picks it only then.
import { test } from "node:test";
import assert from "node:assert/strict";
import { relaxedSelfTest, loadKernelModule } from "../../src/kernels/wasm/index.ts";

test("relaxed SIMD self-test: identical integer dot products or not used", async () => {
  const r = await relaxedSelfTest();
  assert.equal(r.simd.length, 3);
  assert.ok(r.simd.every((bits) => bits !== 0), "probe produced results");
  const chosen = await loadKernelModule(true);
  if (r.validates && r.relaxed!.every((v, i) => v === r.simd[i])) assert.equal(chosen.variant, "relaxed");
  else assert.equal(chosen.variant, "simd");
  assert.equal((await loadKernelModule(false)).variant, "simd");
});

test("Node 24 runs relaxed SIMD correctly", { skip: !process.versions.node.startsWith("24") }, async () => {
  const r = await relaxedSelfTest();
  assert.ok(r.validates);
  assert.deepEqual(Array.from(r.relaxed!), Array.from(r.simd));
});
