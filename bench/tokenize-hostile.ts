/**
 * Tokenizer speed on hostile text, against llama.cpp's tokenizer in the same process: for each
 * class of test/helpers/hostile-text.ts, SIZE code units (default 1 MiB) encoded by medpsy
 * (GGUF flavour) and by llama.cpp (node-llama-cpp, vocabulary-only load of the same file),
 * alternating, best of ROUNDS. Prints milliseconds and the ratio medpsy / llama.cpp.
 *
 *   node bench/tokenize-hostile.ts [MODEL.gguf] [size=1048576] [rounds=3]
 *
 * Run it alone: the two cores are shared with everything else on the machine.
 */
import { performance } from "node:perf_hooks";
import { openGguf } from "../src/formats/gguf/file.ts";
import { Tokenizer } from "../src/tokenizer/index.ts";
import { HOSTILE_CLASSES } from "../test/helpers/hostile-text.ts";
import { referenceLlama } from "../test/helpers/llama.ts";
import { testModel } from "../test/helpers/models.ts";

const [fileArg, sizeArg = String(1 << 20), roundsArg = "3"] = process.argv.slice(2);
const file = fileArg ?? (await testModel({ shape: "tiny", dtype: "q8_0" }));
const size = Number(sizeArg), rounds = Number(roundsArg);
const g = await openGguf(file);
const ours = Tokenizer.fromGgufMetadata((k) => g.metadata.get(k));
await g.close();
const llama = await referenceLlama();
const model = await llama.loadModel({ modelPath: file, vocabOnly: true } as never);

const time = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
console.log(`| class (${size} code units) | medpsy ms | llama.cpp ms | medpsy / llama.cpp |\n|---|---|---|---|`);
for (const [name, make] of Object.entries(HOSTILE_CLASSES)) {
  const text = make(size);
  let a = Infinity, b = Infinity;
  for (let r = 0; r < rounds; r++) {
    a = Math.min(a, time(() => ours.encode(text)));
    b = Math.min(b, time(() => model.tokenize(text, false)));
  }
  console.log(`| ${name} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a / b).toFixed(2)}× |`);
}
await model.dispose();
