/**
 * Where a model file's time goes: every kernel call of the forward pass timed (matmuls by
 * weight name:GGML type id), first over the prompt (batches of 128), then averaged over N
 * decode steps after it. The sum is a little above the plain step time (timing calls add ~1 %).
 * Run alone: `node bench/profile-decode.ts MODEL.gguf [steps=40] [threads=2] [prompt=128]`.
 */
import { decodeStreamsNote } from "../src/bench/measure-medpsy.ts";
import { createKernels } from "../src/kernels/select.ts";
import type { Kernels, WeightHandle } from "../src/kernels/types.ts";
import { architectureFor } from "../src/model/registry.ts";
import { openModelSource } from "../src/model/source.ts";

const [file, stepsArg = "40", threadsArg = "2", promptArg = "128"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/profile-decode.ts MODEL.gguf [steps] [threads] [prompt]");
  process.exit(2);
}
const steps = Number(stepsArg);
const promptTokens = Number(promptArg);
const source = await openModelSource(file);
const inner = await createKernels({ threads: Number(threadsArg) });
const totals = new Map<string, number>();
const short = (w: WeightHandle) => `${w.name.replace(/^blk\.\d+\./, "").replace(/\.weight$/, "")}:${w.type}`;
const label = (op: string, args: unknown[]): string => {
  if (op === "matmul") return `${op} ${short(args[0] as WeightHandle)}`;
  if (op === "matmulSameInput") return `${op} ${(args[0] as WeightHandle[]).map(short).join(" + ")}`;
  return op;
};
// Every method call on the kernels is timed; nothing else changes.
const kernels = new Proxy(inner, {
  get(target, prop) {
    const v = Reflect.get(target, prop) as unknown;
    if (typeof v !== "function") return v;
    return (...args: unknown[]) => {
      const t0 = performance.now();
      const r = (v as (...a: unknown[]) => unknown).apply(target, args);
      const key = label(String(prop), args);
      totals.set(key, (totals.get(key) ?? 0) + performance.now() - t0);
      return r;
    };
  },
}) as Kernels;
const forward = await architectureFor(source.config.architecture).loadForward(source.config, source.tensors, kernels, { maxRows: 128 });
await source.close();
const cache = forward.newCache(promptTokens + steps + 1);
const logits = new Float32Array(source.config.vocabSize);
const report = (ms: number) => {
  for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1])) {
    console.log(`${v.toFixed(1).padStart(8)} ms  ${((100 * v) / ms).toFixed(1).padStart(5)} %  ${k}`);
  }
};
const tp = performance.now();
for (let at = 0; at < promptTokens; at += 128) {
  const tokens = Array.from({ length: Math.min(128, promptTokens - at) }, (_, i) => 1000 + at + i);
  await forward.step([{ cache, tokens, logits: at + 128 >= promptTokens ? logits : undefined }]);
}
const promptMs = performance.now() - tp;
console.log(`${file}: prompt of ${promptTokens} tokens in ${promptMs.toFixed(0)} ms (${((1000 * promptTokens) / promptMs).toFixed(1)} tok/s, first call includes warm-up), ${inner.name}`);
report(promptMs);
totals.clear();
const t0 = performance.now();
for (let i = 0; i < steps; i++) await forward.step([{ cache, tokens: [2000 + i], logits }]);
const perStep = (performance.now() - t0) / steps;
console.log(`${file}: ${perStep.toFixed(1)} ms per decode step (${(1000 / perStep).toFixed(2)} tok/s), ${inner.name}${decodeStreamsNote(inner)}, positions ${promptTokens}–${promptTokens + steps}`);
for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(`${(v / steps).toFixed(2).padStart(8)} ms  ${((100 * v) / steps / perStep).toFixed(1).padStart(5)} %  ${k}`);
}
await inner.dispose();
