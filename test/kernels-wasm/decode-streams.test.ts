// Decode's two weight-reading patterns (long sequential streams, or short streams side by side
// within 16-row tiles) give the same bits on every type and thread split, and "auto" settles on
// one while results stay bit-identical call after call.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createWasmKernels, type WasmKernelOptions } from "../../src/kernels/wasm/index.ts";
import { DecodeStreamTuner, EARLY_PAIRS, SEGMENT_CALLS, SEGMENTS_EACH, TUNE_MIN_BYTES, type DecodeStreams } from "../../src/kernels/wasm/decode-tuner.ts";
import { lcg, randomWeights, refMatmul } from "./local-ref.ts";

// cols: F32/F16/BF16 with a tail past the last 8-group; K-quants one or two super-blocks.
const TYPES: [string, number, number][] = [
  ["F32", 0, 76], ["F16", 1, 76], ["BF16", 30, 76], ["Q8_0", 8, 96], ["Q4_0", 2, 64],
  ["Q4_K", 12, 512], ["Q5_K", 13, 256], ["Q6_K", 14, 512],
];

const open: { dispose(): Promise<void> }[] = [];
after(async () => { for (const k of open) await k.dispose(); });
async function kernels(options: WasmKernelOptions) {
  const K = await createWasmKernels(options);
  open.push(K);
  return K;
}

const configs: [string, WasmKernelOptions][] = [
  ["1 thread", { threads: 1 }],
  ["2 threads", { threads: 2 }],
  ["2 threads, plain SIMD", { threads: 2, relaxed: false }],
  ["2 threads, Q8_0 without the byte dot", { threads: 2, byteDot: false }],
];

for (const [label, options] of configs) {
  test(`${label}: decode gives the same bits reading long or short streams (every type, tall and odd row counts, a range spanning two weights)`, async () => {
    const long = await kernels({ ...options, decodeStreams: "long" });
    const short = await kernels({ ...options, decodeStreams: "short" });
    assert.equal(long.decodeStreams, "long");
    assert.equal(short.decodeStreams, "short");
    const rnd = lcg(77);
    for (const [name, type, cols] of TYPES) {
      // 611 and 1109 rows: several whole 16- and 64-row groups per thread plus ragged ends; 7 + 101
      // in one pass: the second weight's rows start mid-tile and mid-quad in a thread's range.
      for (const shapes of [[611], [1109], [7, 101]]) {
        const ws = shapes.map((rows) => randomWeights(type, rows, cols, rnd));
        const x = new Float32Array(cols).map(() => rnd() * 2 - 1);
        const outs = [long, short].map((K) => {
          const hs = ws.map((w, i) => {
            const up = K.allocWeight(`${name}-${i}`, type, shapes[i]!, cols);
            up.bytes.set(w);
            up.commit();
            return up.handle;
          });
          const ys = shapes.map((rows) => new Float32Array(rows));
          K.matmulSameInput(hs, x, 1, ys);
          return ys;
        });
        for (let i = 0; i < shapes.length; i++) {
          const a = outs[0]![i]!, b = outs[1]![i]!;
          const d = a.findIndex((v, j) => !Object.is(v, b[j]));
          assert.equal(d, -1, `${name} ${shapes.join("+")} rows, weight ${i}: y[${d}] ${a[d]} (long) vs ${b[d]} (short)`);
          const ref = refMatmul(type, ws[i]!, shapes[i]!, cols, x, 1);
          for (let j = 0; j < a.length; j++) {
            assert.ok(Math.abs(a[j]! - ref[j]!) <= 2e-5 * (Math.abs(ref[j]!) + 1) * Math.sqrt(cols), `${name} y[${j}] ${a[j]} vs reference ${ref[j]}`);
          }
        }
      }
    }
  });
}

test("auto: the first large one-token matmuls alternate the patterns, then one stays; every call gives the same bits", async () => {
  const K = await kernels({ threads: 2 });
  const rows = 1024, cols = 1024; // Q8_0: 1,088 KiB, above the tuner's threshold
  const w = randomWeights(8, rows, cols, lcg(5));
  const up = K.allocWeight("big", 8, rows, cols);
  up.bytes.set(w);
  up.commit();
  const x = new Float32Array(cols).map((_, i) => Math.cos(i));
  const first = new Float32Array(rows), y = new Float32Array(rows);
  K.matmul(up.handle, x, 1, first);
  const seen = new Set<DecodeStreams>([K.decodeStreams]);
  for (let i = 0; i < 2 * SEGMENT_CALLS * SEGMENTS_EACH + 8; i++) {
    K.matmul(up.handle, x, 1, y);
    seen.add(K.decodeStreams);
    const d = y.findIndex((v, j) => !Object.is(v, first[j]));
    assert.equal(d, -1, `call ${i} (${K.decodeStreams} streams): y[${d}] ${y[d]} vs ${first[d]}`);
  }
  assert.deepEqual([...seen].sort(), ["long", "short"], "both patterns ran while tuning");
  const settled = K.decodeStreams;
  for (let i = 0; i < 3 * SEGMENT_CALLS; i++) K.matmul(up.handle, x, 1, y);
  assert.equal(K.decodeStreams, settled, "the choice stays once made");
});

test("a decodeStreams option other than auto, long or short is refused with what was expected", async () => {
  await assert.rejects(createWasmKernels({ threads: 1, decodeStreams: "fast" as never }), (e: Error) => {
    assert.match(e.message, /decodeStreams/);
    assert.match(String((e as { expected?: unknown }).expected ?? e.message), /auto/);
    return true;
  });
});

test("the tuner keeps the faster pattern by the median ratio of adjacent segments, long unless short wins by its margin, and never times small or fixed-pattern matmuls", () => {
  const run = (rate: Record<DecodeStreams, (i: number) => number>): DecodeStreams => {
    const applied: DecodeStreams[] = [];
    const t = new DecodeStreamTuner("auto", (p) => applied.push(p));
    assert.equal(applied[0], "long", "starts on the default");
    for (let i = 0; t.tuning; i++) {
      assert.ok(i < 10_000, "settles");
      assert.ok(t.wants(TUNE_MIN_BYTES));
      t.record(TUNE_MIN_BYTES, TUNE_MIN_BYTES / rate[t.current](i));
    }
    assert.equal(t.wants(1 << 30), false, "nothing timed once settled");
    assert.equal(applied.at(-1), t.current);
    return t.current;
  };
  assert.equal(run({ long: () => 1e4, short: () => 2e4 }), "short");
  assert.equal(run({ long: () => 2e4, short: () => 1e4 }), "long");
  assert.equal(run({ long: () => 1e4, short: () => 1.05e4 }), "long", "within the margin: the default");
  // One wild segment each way does not decide it.
  assert.equal(run({ long: (i) => (i < SEGMENT_CALLS ? 1e6 : 1e4), short: (i) => (i % 97 === 0 ? 1 : 3e4) }), "short");
  // The host's speed drifts 3× while tuning (both patterns alike), short 1.5× faster throughout:
  // rates pooled over time overlap, the pairs' ratios do not.
  const drift = (i: number) => (Math.floor(i / (4 * SEGMENT_CALLS)) % 2 ? 3 : 1);
  assert.equal(run({ long: (i) => 1e4 * drift(i), short: (i) => 1.5e4 * drift(i) }), "short");
  assert.equal(run({ long: (i) => 1.5e4 * drift(i), short: (i) => 1e4 * drift(i) }), "long");
  // A clear difference settles after EARLY_PAIRS pairs; a close one takes every segment.
  const calls = (rate: Record<DecodeStreams, number>) => {
    const t = new DecodeStreamTuner("auto", () => {});
    let n = 0;
    for (; t.tuning; n++) t.record(TUNE_MIN_BYTES, TUNE_MIN_BYTES / rate[t.current]);
    return n;
  };
  assert.equal(calls({ long: 1e4, short: 2e4 }), 2 * EARLY_PAIRS * SEGMENT_CALLS);
  assert.equal(calls({ long: 2e4, short: 1e4 }), 2 * EARLY_PAIRS * SEGMENT_CALLS);
  assert.equal(calls({ long: 1e4, short: 1.2e4 }), 2 * SEGMENTS_EACH * SEGMENT_CALLS);
  const fixed = new DecodeStreamTuner("short", () => {});
  assert.equal(fixed.current, "short");
  assert.equal(fixed.tuning, false);
  assert.equal(fixed.wants(1 << 30), false);
  assert.equal(new DecodeStreamTuner("auto", () => {}).wants(TUNE_MIN_BYTES - 1), false, "small matmuls measure overhead");
});
