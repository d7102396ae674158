// WASM matmul / getRows on every weight type against a local f64 port of llama.cpp's math,
// single-threaded and with 2 threads, odd row counts (uneven thread split), n = 1 and batched.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createWasmKernels, relaxedSelfTest } from "../../src/kernels/wasm/index.ts";
import { dequant, lcg, randomWeights, refMatmul, rowBytes, toF16 } from "./local-ref.ts";

const TYPES: [string, number, number][] = [
  ["F32", 0, 72], ["F16", 1, 72], ["BF16", 30, 72], ["Q8_0", 8, 96], ["Q4_0", 2, 64], ["Q4_1", 3, 64],
  ["Q5_0", 6, 64], ["Q5_1", 7, 64], ["Q4_K", 12, 512], ["Q5_K", 13, 512], ["Q6_K", 14, 512],
];

const kernels = await Promise.all([
  createWasmKernels({ threads: 1 }),
  createWasmKernels({ threads: 2 }),
  createWasmKernels({ threads: 1, relaxed: false }),
]);
after(async () => { for (const k of kernels) await k.dispose(); });

for (const K of kernels) {
  for (const [name, type, cols] of TYPES) {
    test(`${K.name}: ${name} matmul matches f64 reference (rows 7, n 1, 3, 6)`, () => {
      const rnd = lcg(type * 31 + cols);
      const rows = 7;
      const w = randomWeights(type, rows, cols, rnd);
      const up = K.allocWeight(name, type, rows, cols);
      up.bytes.set(w);
      up.commit();
      for (const n of [1, 3, 6]) {
        const x = new Float32Array(n * cols).map(() => rnd() * 2 - 1);
        const y = new Float32Array(n * rows);
        K.matmul(up.handle, x, n, y);
        const ref = refMatmul(type, w, rows, cols, x, n);
        // Tolerance: f32 accumulation order, plus Q8_1's f16-rounded block sum for Q4_1/Q5_1.
        const rel = type === 3 || type === 7 ? 3e-3 : 2e-5;
        for (let i = 0; i < y.length; i++) {
          const mag = Math.abs(ref[i]!) + 1;
          assert.ok(Math.abs(y[i]! - ref[i]!) <= rel * mag * Math.sqrt(cols), `${name} y[${i}] = ${y[i]} vs ${ref[i]}`);
        }
      }
    });
    test(`${K.name}: ${name} getRows dequantizes like ggml`, () => {
      const rnd = lcg(type + 5);
      const rows = 3;
      const w = randomWeights(type, rows, cols, rnd);
      const up = K.allocWeight(name, type, rows, cols);
      up.bytes.set(w);
      up.commit();
      const out = new Float32Array(2 * cols);
      K.getRows(up.handle, [2, 0], out);
      const e2 = dequant(type, w, 2 * rowBytes(type, cols), cols);
      const e0 = dequant(type, w, 0, cols);
      for (let i = 0; i < cols; i++) {
        assert.ok(Math.abs(out[i]! - e2[i]!) <= 1e-6 * (1 + Math.abs(e2[i]!)), `row 2 [${i}]`);
        assert.ok(Math.abs(out[cols + i]! - e0[i]!) <= 1e-6 * (1 + Math.abs(e0[i]!)), `row 0 [${i}]`);
      }
      assert.throws(() => K.getRows(up.handle, [3], out), /row id out of range/);
    });
  }
}

test("a large matrix split over 2 threads equals the single-thread result bit for bit", () => {
  const [K1, K2] = kernels as [typeof kernels[0], typeof kernels[0]];
  const rnd = lcg(99);
  const rows = 1031, cols = 256;
  for (const type of [8, 12, 14]) {
    const w = randomWeights(type, rows, cols, rnd);
    const x = new Float32Array(2 * cols).map(() => rnd() - 0.5);
    const ys = [K1, K2].map((K) => {
      const up = K.allocWeight("w", type, rows, cols);
      up.bytes.set(w);
      up.commit();
      const y = K.allocF32(2 * rows);
      K.matmul(up.handle, x, 2, y);
      return Array.from(y);
    });
    assert.deepEqual(ys[1], ys[0]);
  }
});

test("weights sharing one input: a thread's rows may start anywhere in the next weight (row quads, whole tiles)", () => {
  // A 7-row weight first, so the second weight's chunks start off its 16-row tiles and 4-row quads.
  const rnd = lcg(31);
  for (const [type, cols] of [[8, 96], [12, 256], [1, 72]] as const) {
    const wa = randomWeights(type, 7, cols, rnd), wb = randomWeights(type, 101, cols, rnd);
    for (const n of [1, 5, 21]) {
      const x = new Float32Array(n * cols).map(() => rnd() - 0.5);
      const results = kernels.map((K) => {
        const ua = K.allocWeight("a", type, 7, cols), ub = K.allocWeight("b", type, 101, cols);
        ua.bytes.set(wa); ua.commit();
        ub.bytes.set(wb); ub.commit();
        const ya = K.allocF32(n * 7), yb = K.allocF32(n * 101), alone = K.allocF32(n * 101);
        K.matmulSameInput([ua.handle, ub.handle], x, n, [ya, yb]);
        K.matmul(ub.handle, x, n, alone);
        assert.deepEqual(Array.from(yb), Array.from(alone), `${K.name} type ${type} n ${n}`);
        return Array.from(yb);
      });
      const ref = refMatmul(type, wb, 101, cols, x, n);
      results[0]!.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) <= 1e-3 * (1 + Math.abs(ref[i]!)) * Math.sqrt(cols), `type ${type} y[${i}] ${v} vs ${ref[i]}`));
    }
  }
});

// Types with batched (several tokens per pass) kernels: each must give a token the bits it gets alone.
const BATCHED: [string, number, number][] = [["Q8_0", 8, 160], ["F16", 1, 517], ["BF16", 30, 517], ["Q4_K", 12, 512], ["Q5_K", 13, 512], ["Q6_K", 14, 512]];
for (const [name, type, cols] of BATCHED) {
  test(`${name}: a batched prompt gives each token the bits it gets alone (every kernel path agrees)`, () => {
    const rnd = lcg(7 + type);
    // 53 rows: whole 16-row tiles, a partial tile, and (Q8_0) rows outside any row quad;
    // 13 tokens, and 21 (the prompt tiles: K-quant, F16 / BF16 widened, Q8_0 byte dot).
    const rows = 53;
    const w = randomWeights(type, rows, cols, rnd);
    for (const [K, n] of kernels.flatMap((K) => [[K, 13], [K, 21]] as const)) {
      const up = K.allocWeight("w", type, rows, cols);
      up.bytes.set(w);
      up.commit();
      const x = new Float32Array(n * cols).map(() => rnd() * 2 - 1);
      const batched = new Float32Array(n * rows);
      K.matmul(up.handle, x, n, batched);
      for (let t = 0; t < n; t++) {
        const alone = new Float32Array(rows);
        K.matmul(up.handle, x.subarray(t * cols, (t + 1) * cols), 1, alone);
        assert.deepEqual(Array.from(batched.subarray(t * rows, (t + 1) * rows)), Array.from(alone), `${K.name} n ${n} token ${t}`);
      }
      const got = new Float32Array(2 * cols);
      K.getRows(up.handle, [50, 17], got);
      for (const [i, r] of [[0, 50], [1, 17]] as const) {
        const want = dequant(type, w, r * rowBytes(type, cols), cols);
        for (let c = 0; c < cols; c++) assert.ok(Math.abs(got[i * cols + c]! - want[c]!) <= 1e-6 * (1 + Math.abs(want[c]!)), `${K.name} row ${r} [${c}]`);
      }
    }
  });
}

// Concurrent sequences' decode steps reach matmul as small batches (2 to 15 tokens): Q4_K and
// Q6_K take their 4- and 2-token kernels there, Q4_K from its host-set threshold the tile kernels.
test("small batches (2–15 tokens, as concurrent decode steps give): Q4_K and Q6_K give each token the bits it gets alone, on the 4-/2-token kernels and Q4_K's tile kernels alike", () => {
  const rnd = lcg(19);
  const rows = 37, cols = 512;
  for (const [type, name] of [[12, "Q4_K"], [14, "Q6_K"]] as const) {
    const w = randomWeights(type, rows, cols, rnd);
    for (const K of kernels) {
      const up = K.allocWeight("w", type, rows, cols);
      up.bytes.set(w);
      up.commit();
      for (const n of [2, 3, 5, 6, 7, 8, 9, 11, 15]) {
        const x = new Float32Array(n * cols).map(() => rnd() * 2 - 1);
        const alone = new Float32Array(n * rows);
        for (let t = 0; t < n; t++) K.matmul(up.handle, x.subarray(t * cols, (t + 1) * cols), 1, alone.subarray(t * rows, (t + 1) * rows));
        for (const tileFrom of [2, 8, 16]) {
          K.setQ4kTileMinTokens(tileFrom);
          const batched = new Float32Array(n * rows);
          K.matmul(up.handle, x, n, batched);
          assert.deepEqual(Array.from(batched), Array.from(alone), `${K.name} ${name} n ${n}, tiles from ${tileFrom}`);
        }
        K.setQ4kTileMinTokens(8);
      }
    }
  }
});

test("Q4_K prompts of 16+ tokens (tile-unpacked weights, 4 tokens per byte dot or per i16 pair sums) give each token the bits it gets alone; Q6_K shares the pass", async () => {
  const rnd = lcg(41);
  // 53 rows: whole tiles and a partial one; 768 columns: 3 blocks; n = 37: groups of 16, 16, 4 and one leftover token.
  const rows = 53, cols = 768, n = 37;
  const w4 = randomWeights(12, rows, cols, rnd), w6 = randomWeights(14, 19, cols, rnd);
  const x = new Float32Array(n * cols).map(() => rnd() * 2 - 1);
  x[5] = 40; // a large activation: its block's quants reach ±127
  // The pair kernel packs 16-product sums into i16: the extremes (weights 15, scales 63, codes
  // −128) reach 16·15·128 = 30,720 there. Rows 0..4 all-15 weights, tokens 2 and 30 all −1.
  for (let r = 0; r < 5; r++) for (let b = 0; b < cols / 256; b++) w4.fill(0xff, r * 144 * (cols / 256) + b * 144 + 4, r * 144 * (cols / 256) + (b + 1) * 144);
  // Q6_K's pair-sum kernel sums two vectors' pairs in i16: all-63 values (ql, qh bytes 0xff)
  // against −128 codes reach 4·63·128 = 32,256 there. Rows 0..2, with their scales at 127.
  for (let r = 0; r < 3; r++) {
    for (let b = 0; b < cols / 256; b++) {
      const at = r * 210 * (cols / 256) + b * 210;
      w6.fill(0xff, at, at + 192);
      w6.fill(0x7f, at + 192, at + 208);
    }
  }
  for (const t of [2, 30]) x.fill(-1, t * cols, (t + 1) * cols);
  const ref = refMatmul(12, w4, rows, cols, x, n), ref6 = refMatmul(14, w6, 19, cols, x, n);
  // Without the byte dot (as on x86 without VNNI) the i16 pair-sum kernels run: both paths on any host.
  const pairSums = await createWasmKernels({ threads: 2, byteDot: false });
  for (const K of [...kernels, pairSums]) {
    const u4 = K.allocWeight("q4", 12, rows, cols), u6 = K.allocWeight("q6", 14, 19, cols);
    u4.bytes.set(w4); u4.commit();
    u6.bytes.set(w6); u6.commit();
    const y4 = new Float32Array(n * rows), y6 = new Float32Array(n * 19);
    K.matmulSameInput([u4.handle, u6.handle], x, n, [y4, y6]);
    for (let t = 0; t < n; t++) {
      const alone = new Float32Array(rows), alone6 = new Float32Array(19);
      K.matmul(u4.handle, x.subarray(t * cols, (t + 1) * cols), 1, alone);
      K.matmul(u6.handle, x.subarray(t * cols, (t + 1) * cols), 1, alone6);
      assert.deepEqual(Array.from(y4.subarray(t * rows, (t + 1) * rows)), Array.from(alone), `${K.name} Q4_K token ${t}`);
      assert.deepEqual(Array.from(y6.subarray(t * 19, (t + 1) * 19)), Array.from(alone6), `${K.name} Q6_K token ${t}`);
    }
    y4.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) <= 2e-5 * (1 + Math.abs(ref[i]!)) * Math.sqrt(cols), `${K.name} y[${i}] ${v} vs ${ref[i]}`));
    y6.forEach((v, i) => assert.ok(Math.abs(v - ref6[i]!) <= 2e-5 * (1 + Math.abs(ref6[i]!)) * Math.sqrt(cols), `${K.name} Q6_K y[${i}] ${v} vs ${ref6[i]}`));
  }
  await pairSums.dispose();
});

test("rejects unsupported types, foreign handles and short buffers", () => {
  const K = kernels[0]!;
  assert.throws(() => K.allocWeight("q8k", 15, 1, 256), { code: "WASM_UNSUPPORTED_TYPE" }); // Q8_K: activations only
  assert.throws(() => K.allocWeight("odd", 8, 1, 33), { code: "WASM_BAD_ARGUMENT" });
  const up = K.allocWeight("w", 0, 2, 4);
  assert.throws(() => K.matmul(up.handle, new Float32Array(4), 1, new Float32Array(2)), /committed handle/);
  up.commit();
  assert.throws(() => K.matmul(up.handle, new Float32Array(3), 1, new Float32Array(2)), /too short/);
  assert.throws(() => kernels[1]!.matmul(up.handle, new Float32Array(4), 1, new Float32Array(2)), { code: "WASM_BAD_ARGUMENT" });
});

test("F16 weights: zeros, subnormals, negatives and the largest finite value convert exactly", () => {
  const K = kernels[0]!;
  const bits = [0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x7bff, 0xfbff, 0x3c00, 0xc000, 0x0400, 0x8400, 0x3555, 0xb555, 0x0200, 0x7000, 0xf000];
  const up = K.allocWeight("f16", 1, 1, 16);
  new Uint16Array(up.bytes.buffer, up.bytes.byteOffset, 16).set(bits);
  up.commit();
  const values = bits.map((b) => new Float16Array(new Uint16Array([b]).buffer)[0]!);
  for (let i = 0; i < 16; i++) {
    const x = new Float32Array(16);
    x[i] = 1;
    const y = new Float32Array(1);
    K.matmul(up.handle, x, 1, y);
    assert.equal(y[0], values[i]! + 0, `f16 bits 0x${bits[i]!.toString(16)}`);
  }
  const out = new Float32Array(16);
  K.getRows(up.handle, [0], out);
  assert.deepEqual(Array.from(out), values);
});

test("F16 subnormal weights held apart (few) or in place (many): exact either way, the same bits alone or in a batch, in every build", () => {
  const rnd = lcg(61);
  // 53 rows: 16-row tiles (the 8-row decode kernel) and a partial one; 203 columns: a scalar tail.
  const rows = 53, cols = 203, n = 37;
  const x = new Float32Array(n * cols).map(() => rnd() * 2 - 1);
  for (const [label, count] of [["few", 40], ["many", 3000]] as const) {
    const bits = new Uint16Array(rows * cols).map(() => toF16((rnd() * 2 - 1) * 0.5));
    const at = new Set<number>();
    while (at.size < count) at.add(Math.floor(rnd() * rows * cols));
    for (const i of at) bits[i] = (1 + Math.floor(rnd() * 0x3ff)) | (rnd() < 0.5 ? 0x8000 : 0); // subnormal
    at.add(cols - 1).add(2 * cols + 5); // a tail column and a leading one
    bits[cols - 1] = 0x0001;
    bits[2 * cols + 5] = 0x83ff;
    const w = new Uint8Array(bits.buffer);
    const ref = refMatmul(1, w, rows, cols, x, n);
    const values = Array.from(new Float16Array(bits.buffer), (v) => v);
    let first: number[] | undefined;
    for (const K of kernels) {
      const up = K.allocWeight("w", 1, rows, cols);
      up.bytes.set(w);
      up.commit();
      // Held apart: the few read as 0 in place (so the kernels never meet an f32 subnormal).
      const held = new Uint16Array(up.bytes.buffer, up.bytes.byteOffset, rows * cols);
      for (const i of at) assert.equal(held[i], label === "few" ? 0 : bits[i], `${K.name} ${label}: weight ${i} as held`);
      const y = new Float32Array(n * rows);
      K.matmul(up.handle, x, n, y);
      for (let t = 0; t < n; t++) {
        const alone = new Float32Array(rows);
        K.matmul(up.handle, x.subarray(t * cols, (t + 1) * cols), 1, alone);
        const d = alone.findIndex((v, r) => !Object.is(v, y[t * rows + r]));
        assert.equal(d, -1, `${K.name} ${label}: token ${t} row ${d}: ${y[t * rows + d]} in the batch vs ${alone[d]} alone`);
      }
      y.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) <= 2e-6 * (1 + Math.abs(ref[i]!)) * Math.sqrt(cols), `${K.name} ${label}: y[${i}] ${v} vs ${ref[i]}`));
      first ??= Array.from(y);
      const other = Array.from(y).findIndex((v, i) => !Object.is(v, first![i]));
      assert.equal(other, -1, `${K.name} ${label}: y[${other}] differs from ${kernels[0]!.name}`);
      const out = new Float32Array(rows * cols);
      K.getRows(up.handle, Array.from({ length: rows }, (_, r) => r), out);
      const bad = values.findIndex((v, i) => !Object.is(out[i], v));
      assert.equal(bad, -1, `${K.name} ${label}: getRows value ${bad}: ${out[bad]} vs ${values[bad]}`);
    }
  }
});

test("uploads of float weights scan for NaN / Inf in the kernels' memory (first index, or −1)", () => {
  const K = kernels[0]!;
  const rows = 7, cols = 37; // 259 values: whole vectors and a scalar tail
  // Each type's largest finite values (all exponent bits but one set) must not count.
  for (const [type, bytesPer, max, put] of [
    [0, 4, 3.4028234663852886e38, (dv: DataView, i: number, v: number) => dv.setFloat32(4 * i, v, true)],
    [1, 2, 65504, (dv: DataView, i: number, v: number) => dv.setUint16(2 * i, toF16(v), true)],
    [30, 2, 3.3895313892515355e38, (dv: DataView, i: number, v: number) => dv.setUint16(2 * i, new Uint32Array(new Float32Array([v]).buffer)[0]! >>> 16, true)],
  ] as const) {
    for (const at of [-1, 0, 9, 130, 258]) {
      const up = K.allocWeight("w", type, rows, cols);
      const dv = new DataView(up.bytes.buffer, up.bytes.byteOffset, rows * cols * bytesPer);
      for (let i = 0; i < rows * cols; i++) put(dv, i, i % 3 === 0 ? 1e-7 : i % 3 === 1 ? max : -max);
      if (at >= 0) put(dv, at, at % 2 ? Infinity : NaN);
      if (at >= 0 && at + 7 < rows * cols) put(dv, at + 7, -Infinity); // a later one is not the first
      assert.equal(up.firstNonFinite!(), at, `type ${type}: first non-finite value`);
    }
  }
});

test("Q8_0 on the unsigned byte dot (x86 VNNI) gives the portable path's bits (decode; prompt groups of 16, 8, 4 and leftovers)", async (t) => {
  const { byteDot } = await relaxedSelfTest();
  if (!byteDot) {
    t.skip("this CPU's relaxed byte dot is not exact on unsigned bytes (no VNNI): only the portable path runs here");
    return;
  }
  const fast = kernels[1]!;
  assert.match(fast.name, /bytedot/);
  const portable = await createWasmKernels({ threads: 2, byteDot: false });
  try {
    assert.doesNotMatch(portable.name, /bytedot/);
    const rnd = lcg(99);
    // 53 rows: two tiles at once (decode), whole tiles, a partial tile, rows outside any row
    // quad; 96 columns: 3 blocks.
    const rows = 53, cols = 96;
    const w = randomWeights(8, rows, cols, rnd);
    // Extreme quants too: -128 and 127 weights (a hostile file may hold -128), saturated activations.
    w[2 + 5] = 0x80;
    w[2 + 6] = 0x7f;
    const ups = [fast, portable].map((K) => {
      const up = K.allocWeight("w", 8, rows, cols);
      up.bytes.set(w);
      up.commit();
      return up.handle;
    });
    for (const n of [1, 4, 8, 16, 21, 37]) {
      const x = new Float32Array(n * cols).map(() => rnd() * 2 - 1);
      x[0] = 1e3;
      const a = new Float32Array(n * rows), b = new Float32Array(n * rows);
      fast.matmul(ups[0]!, x, n, a);
      portable.matmul(ups[1]!, x, n, b);
      assert.deepEqual(Array.from(a), Array.from(b), `n ${n}`);
      const ref = refMatmul(8, w, rows, cols, x, n);
      a.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) <= 2e-5 * (1 + Math.abs(ref[i]!)) * Math.sqrt(cols), `n ${n} y[${i}] ${v} vs ${ref[i]}`));
    }
    // Decode of a tall matrix: threads claim 64+ rows at a time, so the 16- and 8-quad passes run.
    for (const [threads, tall] of [[1, 611], [2, 1109]] as const) {
      const K1 = threads === 1 ? await createWasmKernels({ threads: 1 }) : fast;
      const tw = randomWeights(8, tall, 64, rnd);
      const [u1, u2] = [K1, portable].map((K) => {
        const up = K.allocWeight("tall", 8, tall, 64);
        up.bytes.set(tw);
        up.commit();
        return up.handle;
      });
      const x = new Float32Array(64).map(() => rnd() * 2 - 1);
      const a = new Float32Array(tall), b = new Float32Array(tall);
      K1.matmul(u1!, x, 1, a);
      portable.matmul(u2!, x, 1, b);
      const d = a.findIndex((v, i) => !Object.is(v, b[i]));
      assert.equal(d, -1, `${threads} thread(s), ${tall} rows: y[${d}] ${a[d]} on the byte dot vs ${b[d]}`);
      if (K1 !== fast) await K1.dispose();
    }
  } finally {
    await portable.dispose();
  }
});
