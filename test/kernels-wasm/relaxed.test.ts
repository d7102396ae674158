// The relaxed-SIMD build must either be rejected by this runtime or give bit-identical K-quant
// dot products to the plain SIMD build; createWasmKernels picks it only then.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relaxedSelfTest, loadKernelModule } from "../../src/kernels/wasm/index.ts";

/** The CPU's feature flags on Linux ("" elsewhere). */
function cpuFlags(): string {
  try {
    return readFileSync("/proc/cpuinfo", "utf8").match(/^flags\s*:(.*)$/m)?.[1] ?? "";
  } catch {
    return "";
  }
}

test("relaxed SIMD self-test: identical integer dot products or not used", async () => {
  const r = await relaxedSelfTest();
  assert.equal(r.simd.length, 3);
  assert.ok(r.simd.every((bits) => bits !== 0), "probe produced results");
  const chosen = await loadKernelModule(true);
  if (r.validates && r.relaxed!.every((v, i) => v === r.simd[i])) assert.equal(chosen.variant, "relaxed");
  else assert.equal(chosen.variant, "simd");
  assert.equal((await loadKernelModule(false)).variant, "simd");
  // The unsigned byte dot (Q8_0 prompts) only with relaxed SIMD, and only where it is exact.
  assert.equal(chosen.byteDot, chosen.variant === "relaxed" && r.byteDot === true);
  assert.equal((await loadKernelModule(false)).byteDot, false);
});

test("the byte-dot self-test agrees with the CPU: exact on x86 with AVX-VNNI (V8 emits the VEX vpdpbusd)", { skip: !/\bavx_vnni\b/.test(cpuFlags()) && "no AVX-VNNI on this CPU (or not Linux)" }, async () => {
  const r = await relaxedSelfTest();
  if (!r.validates) return;
  assert.equal(r.byteDot, true);
});

test("Node 24 runs relaxed SIMD correctly", { skip: !process.versions.node.startsWith("24") }, async () => {
  const r = await relaxedSelfTest();
  assert.ok(r.validates);
  assert.deepEqual(Array.from(r.relaxed!), Array.from(r.simd));
});
