/**
 * What a long prompt arriving costs the streams already decoding: S streams decode; after a few
 * tokens a P-token prompt arrives and is prefilled chunk by chunk beside them. Prints each
 * stream's inter-token gaps before the arrival and while the prompt is being evaluated, the time
 * one prompt chunk takes alone, and the prompt's time to first logits.
 *
 *   node bench/prefill-arrival.ts MODEL.gguf [threads=2] [streams=3] [promptTokens=2000] [chunk=128]
 *
 * The scheduler's promise: a decoding stream's next token waits at most one chunk's evaluation
 * longer than usual (worst gap ≲ usual gap + one chunk; a chunk costs the prompt's time alone
 * divided by its steps).
 */
import { performance } from "node:perf_hooks";
import { openEngine } from "../src/engine/open.ts";
import { openModelSource } from "../src/model/source.ts";
import { benchTokens } from "../src/bench/types.ts";

const [file, threadsArg = "2", streamsArg = "3", promptArg = "2000", chunkArg = "128"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/prefill-arrival.ts MODEL.gguf [threads=2] [streams=3] [promptTokens=2000] [chunk=128]");
  process.exit(2);
}
const streams = Number(streamsArg), promptTokens = Number(promptArg), chunk = Number(chunkArg);
const source = await openModelSource(file);
const engine = await openEngine(source, { threads: Number(threadsArg), maxRows: chunk + streams, prefillChunk: chunk });
await source.close();
const vocab = engine.shape.vocabSize;

// The same prompt alone (after a warm-up): its mean time per chunk is the yardstick (a chunk's
// attention grows with its position, so a chunk at the start of a prompt would be too cheap).
const warm = engine.newSequence(chunk + 8);
await warm.prefill(benchTokens(chunk, vocab, 3));
const lone = engine.newSequence(promptTokens + 2);
const t0 = performance.now();
await lone.prefill(benchTokens(promptTokens, vocab, 9));
const loneMs = performance.now() - t0;
const chunkMs = loneMs / Math.ceil(promptTokens / chunk);
engine.release(lone);

const before: number[] = [], during: number[] = [];
let arrived = false, prefillDone = false;
const decodeTokens = 24;
const arrival = (async () => {
  while (!arrived) await new Promise((r) => setImmediate(r));
  const seq = engine.newSequence(promptTokens + 2);
  const ta = performance.now();
  await seq.prefill(benchTokens(promptTokens, vocab, 9));
  prefillDone = true;
  return performance.now() - ta;
})();
await Promise.all(
  Array.from({ length: streams }, async (_, s) => {
    const seq = engine.newSequence(64 + decodeTokens);
    await seq.prefill(benchTokens(32, vocab, 20 + s));
    let last = performance.now();
    for (const [i, id] of benchTokens(decodeTokens + 1000, vocab, 40 + s).entries()) {
      if (i >= decodeTokens && prefillDone) break;
      if (i === 6 && s === 0) arrived = true;
      await seq.append(id);
      const now = performance.now();
      (arrived && !prefillDone ? during : before).push(now - last);
      last = now;
      if (seq.tokens.length >= seq.contextLength) break;
    }
  }),
);
const ttft = await arrival;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
console.log(`${file}: ${streams} streams decoding, a ${promptTokens}-token prompt arrives; prompt chunk ${chunk}; ${engine.kernels.name}`);
console.log(`the prompt alone: ${loneMs.toFixed(0)} ms, ${chunkMs.toFixed(1)} ms per chunk`);
console.log(`stream inter-token gap: before ${median(before).toFixed(1)} ms (median), during the prefill median ${median(during).toFixed(1)} ms, worst ${Math.max(...during).toFixed(1)} ms`);
console.log(`worst gap − usual gap = ${(Math.max(...during) - median(before)).toFixed(1)} ms = ${((Math.max(...during) - median(before)) / chunkMs).toFixed(2)} chunks`);
console.log(`the new prompt's first logits after ${ttft.toFixed(0)} ms (${Math.ceil(promptTokens / chunk)} steps)`);
await engine.dispose();
