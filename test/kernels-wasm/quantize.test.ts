// The SIMD activation quantizers produce exactly the bytes of a scalar port of ggml's formulas
// (quantize_row_q8_K_ref; the AVX2 quantize_row_q8_0), on both module variants: ties that must
// round to even, the largest magnitude appearing twice with both signs, NaNs in a Q8_K block
// (skipped when choosing the scale), zero blocks. Any differing byte would move logits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadKernelModule } from "../../src/kernels/wasm/module.ts";
import { fillTables, instantiate, RESERVED_BYTES } from "../../src/kernels/wasm/exports.ts";
import { lcg, toF16 } from "./local-ref.ts";

const f32 = Math.fround;
const roundEven = (v: number): number => {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};
/** The interleaved (Q8_Kp) position of element e. */
const permuted = (e: number) => 16 * ((e & 31) >> 1) + 2 * (e >> 5) + (e & 1);

function expectQ8K(x: Float32Array, perm: boolean): Uint8Array {
  const out = new Uint8Array((x.length / 256) * 308);
  const dv = new DataView(out.buffer);
  for (let b = 0; b < x.length / 256; b++) {
    const o = b * 308;
    let amax = 0, max = 0;
    for (let j = 0; j < 256; j++) {
      const v = x[b * 256 + j]!;
      if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; }
    }
    if (amax === 0) continue;
    const iscale = f32(-127 / max);
    const bs = new Array<number>(16).fill(0);
    for (let j = 0; j < 256; j++) {
      const q = Math.min(127, roundEven(f32(iscale * x[b * 256 + j]!)) || 0);
      dv.setInt8(o + 4 + (perm ? permuted(j) : j), q);
      bs[j >> 4]! += q;
    }
    for (let g = 0; g < 16; g++) dv.setInt16(o + 260 + 2 * (perm ? ((g & 1) << 3) | (g >> 1) : g), bs[g]!, true);
    for (let g = 0; g < 8; g++) dv.setInt16(o + 292 + 2 * g, bs[2 * g]! + bs[2 * g + 1]!, true);
    dv.setFloat32(o, f32(1 / iscale), true);
  }
  return out;
}

/** Q8_0 as llama.cpp's x86 build: d = amax/127 (f16), q = nearest(x·127/amax). wide: Q8_0W (d as an f32x4 splat, i16 qs). */
function expectQ8_0(x: Float32Array, wide: boolean): Uint8Array {
  const bytes = wide ? 80 : 34;
  const out = new Uint8Array((x.length / 32) * bytes);
  const dv = new DataView(out.buffer);
  for (let b = 0; b < x.length / 32; b++) {
    const o = b * bytes;
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b * 32 + j]!));
    const d = f32(amax / 127);
    const id = amax ? f32(127 / amax) : 0;
    if (wide) for (let l = 0; l < 4; l++) dv.setFloat32(o + 4 * l, Math.f16round(d), true);
    else dv.setUint16(o, toF16(d), true);
    for (let j = 0; j < 32; j++) {
      const q = roundEven(f32(x[b * 32 + j]! * id)) || 0;
      if (wide) dv.setInt16(o + 16 + 2 * j, q, true);
      else dv.setInt8(o + 2 + j, q);
    }
  }
  return out;
}

/** Rows of 1024 values with the hard cases planted in fixed places. */
function inputs(seed: number, withNaN: boolean): Float32Array {
  const rnd = lcg(seed);
  const x = new Float32Array(1024).map(() => (rnd() * 2 - 1) * 3);
  // Block 0: max magnitude 127 (iscale −1 or scale 1) and exact halves that must round to even.
  x[5] = 127;
  for (let j = 0; j < 24; j++) x[40 + j] = j + 0.5;
  // Block 1: the largest magnitude twice, negative first: the first one sets the sign.
  x[256 + 3] = -9; x[256 + 200] = 9;
  // Block 2: zeros.
  x.fill(0, 512, 768);
  if (withNaN) { x[768 + 1] = NaN; x[768 + 100] = NaN; }
  return x;
}

for (const relaxed of [true, false]) {
  test(`quantizeActs (${relaxed ? "preferred variant" : "plain SIMD"}) Q8_0W: each whole group of 4 rows carries the group's 4 scales`, async () => {
    const { module } = await loadKernelModule(relaxed);
    const memory = new WebAssembly.Memory({ initial: 80, maximum: 80, shared: true });
    fillTables(memory);
    const k = instantiate(module, memory);
    const cols = 64, n = 6, xp = RESERVED_BYTES, yp = xp + 8192, tmp = yp + 8192;
    const x = new Float32Array(n * cols).map((_, i) => Math.sin(i) * (1 + (i >> 6)));
    new Float32Array(memory.buffer, xp, x.length).set(x);
    const rowBytes = k.actRowBytes(8, cols);
    assert.equal(k.quantizeActs(8, xp, cols, yp, n, 0, n, tmp), 0);
    const alone = Array.from({ length: n }, (_, r) => expectQ8_0(x.subarray(r * cols, (r + 1) * cols), true));
    const got = new Uint8Array(memory.buffer, yp, n * rowBytes);
    const scale = (r: number, b: number) => new DataView(alone[r]!.buffer).getFloat32(b * 80, true);
    for (let r = 0; r < n; r++) {
      for (let b = 0; b < cols / 32; b++) {
        const o = r * rowBytes + b * 80;
        // Rows 0–3 form a whole group; rows 4–5 (an incomplete group) keep their own splat.
        const want = r < 4 ? [0, 1, 2, 3].map((l) => scale(l, b)) : [0, 1, 2, 3].map(() => scale(r, b));
        assert.deepEqual(Array.from(new Float32Array(got.slice(o, o + 16).buffer)), want, `row ${r} block ${b} scales`);
        assert.deepEqual(got.slice(o + 16, o + 80), alone[r]!.slice(b * 80 + 16, b * 80 + 80), `row ${r} block ${b} quants`);
      }
    }
  });

  test(`quantizeActs (${relaxed ? "preferred variant" : "plain SIMD"}) gives ggml's bytes for Q8_K, Q8_Kp, Q8_0, Q8_0W`, async () => {
    const { module } = await loadKernelModule(relaxed);
    const memory = new WebAssembly.Memory({ initial: 80, maximum: 80, shared: true });
    fillTables(memory);
    const k = instantiate(module, memory);
    const xp = RESERVED_BYTES, yp = xp + 8192, tmp = yp + 8192;
    const cases: [string, number, boolean, (x: Float32Array) => Uint8Array][] = [
      ["Q8_Kp (Q4_K, Q6_K)", 12, true, (x) => expectQ8K(x, true)],
      ["Q8_Kp (Q6_K)", 14, true, (x) => expectQ8K(x, true)],
      ["Q8_Kp (Q3_K, Q5_K)", 13, true, (x) => expectQ8K(x, true)],
      ["Q8_K (grid I-quants)", 16, true, (x) => expectQ8K(x, false)],
      ["Q8_0W (Q8_0)", 8, false, (x) => expectQ8_0(x, true)],
      ["Q8_0 (Q4_0, Q5_0)", 2, false, (x) => expectQ8_0(x, false)],
    ];
    for (const [name, type, nanOk, expect] of cases) {
      for (const seed of [1, 2, 3]) {
        const x = inputs(seed, nanOk);
        new Float32Array(memory.buffer, xp, x.length).set(x);
        const len = k.actRowBytes(type, x.length);
        new Uint8Array(memory.buffer, yp, len).fill(0xaa);
        assert.equal(k.quantizeActs(type, xp, x.length, yp, 1, 0, 1, tmp), 0);
        const want = expect(x);
        assert.equal(len, want.length, `${name} row bytes`);
        assert.deepEqual(new Uint8Array(memory.buffer, yp, len).slice(), want, `${name} seed ${seed}`);
      }
    }
  });
}
