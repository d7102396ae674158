/**
 * make-test-model's quantization mixes against llama.cpp's own quantizer: the layouts
 * llama_model_quantize chose (dry run, with an importance matrix, the libllama node-llama-cpp
 * ships) for every file type on four shapes — 2 and 36 layers (its n/8, n/16 and use_more_bits
 * rules), 2, 3 and 4 query heads per KV head, tied and untied heads, rows a 256-block does not
 * divide — recorded by scripts/llama-quant-layouts.ts in test/fixtures/llama-quant-layouts.json.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { SHAPES, type ShapeName } from "../../src/testmodel/shapes.ts";
import { tensorSpecs } from "../../src/testmodel/tensors.ts";
import { tensorType, type TestDtype } from "../../src/testmodel/quant-mix.ts";
import { typeName } from "../../src/tensor/dtypes.ts";

const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "llama-quant-layouts.json"), "utf8")) as {
  llamaCpp: string;
  layouts: Record<string, Record<string, string>>;
};

/** "Q4_K*3,F32" → ["Q4_K", "Q4_K", "Q4_K", "F32"]. */
const expand = (runs: string) => runs.split(",").flatMap((r) => {
  const [t, n] = r.split("*");
  return Array<string>(Number(n ?? 1)).fill(t!);
});

for (const [shape, layouts] of Object.entries(fixture.layouts)) {
  test(`${shape}: every file type's tensor types are llama.cpp's (${Object.keys(layouts).length} file types)`, () => {
    const s = SHAPES[shape as ShapeName];
    const specs = tensorSpecs(s);
    for (const [dtype, runs] of Object.entries(layouts)) {
      const theirs = expand(runs);
      assert.equal(theirs.length, specs.length, `${shape} ${dtype}: tensor count`);
      specs.forEach((spec, i) => {
        const ours = typeName(tensorType(spec, dtype as TestDtype, { layers: s.layers, gqa: s.heads / s.kvHeads, tied: s.tied }));
        assert.equal(ours, theirs[i], `${shape} ${dtype}: ${spec.name} (llama.cpp ${fixture.llamaCpp.slice(0, 10)})`);
      });
    }
  });
}
