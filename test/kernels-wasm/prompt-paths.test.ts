/**
 * Every batch path of the WebAssembly kernels runs on every host: the K-quant tile kernels on
 * the byte dot and on 16-bit pair sums (forced with kqPrompt, whatever the start-up self-test
 * found), the 4-/2-token block kernels, and the plain-SIMD build; each against the reference
 * (test/kernels/conformance-paths.ts: n ∈ {1, 5, 16, 21, 37}, mixed-type fused passes), and all
 * of them the same bits.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createWasmKernels } from "../../src/kernels/wasm/index.ts";
import { KQ_PROMPT_ENV, KQ_PROMPT_PATHS, type KqPromptPath, type WasmKernels } from "../../src/kernels/wasm/kernels.ts";
import { PATH_TOKENS, runPathConformance } from "../kernels/conformance-paths.ts";
import { GgmlType as T } from "../../src/tensor/dtypes.ts";
import { quantizeRows } from "../../src/tensor/quantize.ts";
import { Rng } from "../../src/sampling/rng.ts";

const probe = await createWasmKernels({ threads: 1, warmUp: false });
const relaxed = probe.variant.startsWith("relaxed");
await probe.dispose();

for (const path of KQ_PROMPT_PATHS) {
  const forcedTiles = path === "bytedot" || path === "pairsum";
  if (forcedTiles && !relaxed) {
    test(`wasm kqPrompt ${path}`, { skip: "this runtime has no relaxed SIMD: the tile kernels are not built into the plain-SIMD module" }, () => {});
    continue;
  }
  runPathConformance(`wasm kqPrompt ${path}, 2 threads`, () => createWasmKernels({ threads: 2, warmUp: false, kqPrompt: path }));
}
runPathConformance("wasm plain SIMD, 2 threads", () => createWasmKernels({ threads: 2, warmUp: false, relaxed: false }));

test("every forced K-quant path gives the bits of every other, fused Q6_K+Q4_K and Q4_K+Q4_K+Q6_K alike", async () => {
  const rng = new Rng(3, "kq-paths");
  const cols = 768;
  const specs = [[[T.Q6_K, 24], [T.Q4_K, 36]], [[T.Q4_K, 36], [T.Q4_K, 20], [T.Q6_K, 20]]] as const;
  const bytes = specs.map((spec) => spec.map(([type, rows]) => quantizeRows(type, rng.fillNormal(new Float32Array(rows * cols), 0, 0.05), rows, cols)));
  const inputs = PATH_TOKENS.map((n) => rng.fillNormal(new Float32Array(n * cols), 0, 1));
  const run = async (K: WasmKernels) => {
    const out: number[][] = [];
    specs.forEach((spec, s) => {
      const ws = spec.map(([type, rows], i) => {
        const up = K.allocWeight("w", type, rows, cols);
        up.bytes.set(bytes[s]![i]!);
        up.commit();
        return up.handle;
      });
      PATH_TOKENS.forEach((n, j) => {
        const ys = spec.map(([, rows]) => new Float32Array(n * rows));
        K.matmulSameInput(ws, inputs[j]!, n, ys);
        for (const y of ys) out.push(Array.from(new Uint32Array(y.buffer)));
      });
    });
    return out;
  };
  const K = await createWasmKernels({ threads: 2, warmUp: false });
  let want: number[][];
  try {
    want = await run(K);
    for (const path of KQ_PROMPT_PATHS) {
      if (!relaxed && path !== "auto" && path !== "blocks") continue;
      K.setKqPrompt(path);
      assert.equal(K.kqPrompt, path);
      assert.deepEqual(await run(K), want, `kqPrompt ${path} (${K.name})`);
    }
  } finally {
    await K.dispose();
  }
  const S = await createWasmKernels({ threads: 1, warmUp: false, relaxed: false });
  try {
    assert.deepEqual(await run(S), want, "plain SIMD build");
  } finally {
    await S.dispose();
  }
});

test(`${KQ_PROMPT_ENV} forces the path when no option is given; a bad value or a tile path on the plain build is a typed error`, async () => {
  const before = process.env[KQ_PROMPT_ENV];
  try {
    process.env[KQ_PROMPT_ENV] = "blocks";
    const K = await createWasmKernels({ threads: 1, warmUp: false });
    assert.equal(K.kqPrompt, "blocks");
    assert.match(K.name, /\+kq-blocks-1t$/);
    await K.dispose();
    process.env[KQ_PROMPT_ENV] = "fastest";
    await assert.rejects(createWasmKernels({ threads: 1, warmUp: false }), { code: "WASM_BAD_ARGUMENT", message: /bad kqPrompt/ });
  } finally {
    if (before === undefined) delete process.env[KQ_PROMPT_ENV];
    else process.env[KQ_PROMPT_ENV] = before;
  }
  const S = await createWasmKernels({ threads: 1, warmUp: false, relaxed: false });
  try {
    assert.throws(() => S.setKqPrompt("pairsum" as KqPromptPath), { code: "WASM_BAD_ARGUMENT", message: /needs the relaxed-SIMD kernels/ });
  } finally {
    await S.dispose();
  }
});
