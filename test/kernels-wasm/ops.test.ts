// rmsNorm, RoPE (NeoX), KV store, attention, SwiGLU and add against plain f64 math that follows
// ggml's rounding points (F16 cache, Q and softmax weights rounded to F16); buffers both inside
// the WASM memory and in ordinary JS arrays; 1 and 2 threads; many heads and odd head counts.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createWasmKernels } from "../../src/kernels/wasm/index.ts";
import { f16, toF16, lcg } from "./local-ref.ts";

const kernels = await Promise.all([createWasmKernels({ threads: 1 }), createWasmKernels({ threads: 2 })]);
after(async () => { for (const k of kernels) await k.dispose(); });

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => {
  for (let i = 0; i < b.length; i++) {
    assert.ok(Math.abs(a[i]! - b[i]!) <= tol * (1 + Math.abs(b[i]!)), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
};
const rand = (n: number, rnd: () => number) => new Float32Array(n).map(() => rnd() * 2 - 1);

/** Attention in f64 over caches laid out (g, cap, e), cap = cache length / (g·e). */
function refAttention(q: Float32Array, kc: Uint16Array, vc: Uint16Array, start: number, n: number, h: number, g: number, e: number): Float64Array {
  const out = new Float64Array(n * h * e);
  const cap = kc.length / (g * e);
  const at = (gg: number, t: number, c: number) => (gg * cap + t) * e + c;
  for (let i = 0; i < n; i++) for (let hh = 0; hh < h; hh++) {
    const gg = Math.floor(hh / (h / g));
    const qr = Array.from(q.subarray((i * h + hh) * e, (i * h + hh + 1) * e), (v) => f16(toF16(v)));
    const len = start + i + 1;
    const s = new Float64Array(len);
    for (let t = 0; t < len; t++) {
      let d = 0;
      for (let c = 0; c < e; c++) d += f16(kc[at(gg, t, c)]!) * qr[c]!;
      s[t] = d / Math.sqrt(e);
    }
    const m = Math.max(...s);
    let sum = 0;
    for (let t = 0; t < len; t++) sum += (s[t] = Math.exp(s[t]! - m));
    for (let t = 0; t < len; t++) {
      const p = f16(toF16(s[t]! / sum));
      for (let c = 0; c < e; c++) out[(i * h + hh) * e + c]! += p * f16(vc[at(gg, t, c)]!);
    }
  }
  return out;
}

for (const K of kernels) {
  for (const inMemory of [true, false]) {
    const buf = (n: number) => (inMemory ? K.allocF32(n) : new Float32Array(n));
    const label = `${K.name} (${inMemory ? "WASM memory" : "JS arrays"})`;

    test(`${label}: rmsNorm, swiglu, add (in place too)`, () => {
      const rnd = lcg(7);
      const n = 3, dim = 40;
      const x = buf(n * dim); x.set(rand(n * dim, rnd));
      const w = rand(dim, rnd);
      const out = buf(n * dim);
      K.rmsNorm(x, w, n, dim, 1e-6, out);
      const exp = new Float64Array(n * dim);
      for (let r = 0; r < n; r++) {
        let ss = 0;
        for (let i = 0; i < dim; i++) ss += x[r * dim + i]! ** 2;
        for (let i = 0; i < dim; i++) exp[r * dim + i] = (x[r * dim + i]! / Math.sqrt(ss / dim + 1e-6)) * w[i]!;
      }
      close(out, exp, 1e-5, "rmsNorm");
      K.rmsNorm(x, w, n, dim, 1e-6, x);
      close(x, exp, 1e-5, "rmsNorm in place");
      const g = buf(13); g.set(rand(13, rnd));
      const u = rand(13, rnd);
      const sw = Array.from(g, (v, i) => (v / (1 + Math.exp(-v))) * u[i]!);
      K.swiglu(g, u, 13, g);
      close(g, sw, 1e-6, "swiglu");
      const a = buf(11); a.set(rand(11, rnd));
      const b = rand(11, rnd);
      const sum = Array.from(a, (v, i) => Math.fround(v + b[i]!));
      K.add(a, b, 11, a);
      assert.deepEqual(Array.from(a), sum);
    });

    test(`${label}: ropeNeox rotates pairs (i, i + ropeDim/2), leaves the rest`, () => {
      const rnd = lcg(8);
      const n = 2, heads = 3, hd = 16, rd = 12, theta = 1e6;
      const x = buf(n * heads * hd); x.set(rand(n * heads * hd, rnd));
      const orig = Float32Array.from(x);
      const pos = new Int32Array([5, 300]);
      K.ropeNeox(x, n, heads, hd, rd, pos, theta);
      for (let t = 0; t < n; t++) for (let h = 0; h < heads; h++) {
        const o = (t * heads + h) * hd;
        for (let i = 0; i < rd / 2; i++) {
          const ang = pos[t]! * Math.pow(theta, (-2 * i) / rd);
          const x0 = orig[o + i]!, x1 = orig[o + i + rd / 2]!;
          close([x[o + i]!, x[o + i + rd / 2]!], [x0 * Math.cos(ang) - x1 * Math.sin(ang), x0 * Math.sin(ang) + x1 * Math.cos(ang)], 2e-4, "rope");
        }
        for (let i = rd; i < hd; i++) assert.equal(x[o + i], orig[o + i]);
      }
    });

    test(`${label}: storeKv + attention (GQA, prefill then decode)`, () => {
      const rnd = lcg(9);
      for (const [h, g, e] of [[4, 2, 16], [6, 3, 12], [40, 8, 20], [16, 4, 20], [8, 2, 12]] as const) {
        const T = 11, kvDim = g * e; // capacity above the 9 positions used: catches layout mix-ups
        const kc = inMemory ? K.allocF16(T * kvDim) : new Uint16Array(T * kvDim);
        const vc = inMemory ? K.allocF16(T * kvDim) : new Uint16Array(T * kvDim);
        const steps: [number, number][] = [[0, 5], [5, 1], [6, 3]];
        for (const [start, n] of steps) {
          const k = rand(n * kvDim, rnd), v = rand(n * kvDim, rnd);
          K.storeKv(k, v, kc, vc, start, n, g, e);
          for (let t = 0; t < n; t++) for (let gg = 0; gg < g; gg++) for (let c = 0; c < e; c++) {
            const i = (t * g + gg) * e + c, at = (gg * T + start + t) * e + c;
            assert.equal(kc[at], toF16(k[i]!));
            assert.equal(vc[at], toF16(v[i]!));
          }
          const q = buf(n * h * e); q.set(rand(n * h * e, rnd));
          const out = buf(n * h * e);
          K.attention(q, kc, vc, start, n, h, g, e, out);
          close(out, refAttention(q, kc, vc, start, n, h, g, e), 2e-5, `attention h${h} g${g}`);
        }
      }
    });
  }
}

test("SwiGLU's vector e^x: within 3 ulp of f64 silu·up from −100 to 100, no subnormal outputs", () => {
  const K = kernels[0]!;
  const n = 4001;
  const g = K.allocF32(n), u = K.allocF32(n), out = K.allocF32(n);
  for (let i = 0; i < n; i++) { g[i] = -100 + (200 * i) / (n - 1); u[i] = 1 + (i % 7) / 8; }
  K.swiglu(g, u, n, out);
  for (let i = 0; i < n; i++) {
    const x = g[i]!;
    const want = (x / (1 + Math.exp(-x))) * u[i]!;
    const ulp = Math.max(Math.abs(want) * 2 ** -23, 2 ** -126);
    // Below −88.3, e^-x is capped (it would pass f32's range): the result stays a tiny normal.
    if (x < -88.3) assert.ok(Math.abs(out[i]!) < 1e-36 && (out[i] === 0 || Math.abs(out[i]!) >= 2 ** -126), `silu(${x}) = ${out[i]}`);
    else assert.ok(Math.abs(out[i]! - want) <= 3 * ulp, `silu(${x}): ${out[i]} vs ${want}`);
  }
});

test("storeKv's vector f32 → f16 gives the scalar conversion's bits on hard values", async () => {
  const { f32ToF16 } = await import("../../src/tensor/half.ts");
  const K = kernels[0]!;
  const bits = (u: number) => new Float32Array(new Uint32Array([u]).buffer)[0]!;
  const special = [
    0, -0, 1, -1, 65504, 65519.996, 65520, -65520, 1e6, Infinity, -Infinity, NaN, bits(0xffc00001), bits(0x7f800001),
    6.103515625e-5, 6.1035e-5, 5.9604645e-8, 2.98e-8, 2.9802322e-8, 1e-10, -1e-10, bits(1), 1 + 2 ** -11, 1 + 3 * 2 ** -11,
    2049, 2051, 0.1, -0.3333333, 1.5e-7, 3.0517578e-5,
  ];
  const rnd = lcg(11);
  const e = 64, g = 3, n = 2; // 384 values: the specials, then random bit patterns
  const k = new Float32Array(n * g * e);
  const u = new Uint32Array(k.buffer);
  for (let i = 0; i < k.length; i++) u[i] = i < special.length ? new Uint32Array(new Float32Array([special[i]!]).buffer)[0]! : Math.floor(rnd() * 2 ** 32);
  const v = Float32Array.from(k).reverse();
  const kc = K.allocF16(5 * g * e), vc = K.allocF16(5 * g * e);
  K.storeKv(k, v, kc, vc, 1, n, g, e);
  for (let t = 0; t < n; t++) for (let gg = 0; gg < g; gg++) for (let c = 0; c < e; c++) {
    const i = (t * g + gg) * e + c, at = (gg * 5 + 1 + t) * e + c;
    assert.equal(kc[at], f32ToF16(k[i]!), `k[${i}] = ${k[i]} (0x${u[i]!.toString(16)})`);
    assert.equal(vc[at], f32ToF16(v[i]!), `v[${i}] = ${v[i]}`);
  }
});

test("a batch's norms, SwiGLU, adds and KV stores split over 2 threads give the single-thread bits", () => {
  const [K1, K2] = kernels as [typeof kernels[0], typeof kernels[0]];
  const rnd = lcg(23);
  // 21 rows (an uneven split), 40,003 elements (whole 64-element runs, then a scalar tail).
  const n = 21, dim = 160, len = 40003, g = 2, e = 64, cap = 30;
  const x = rand(n * dim, rnd), w = rand(dim, rnd), a = rand(len, rnd), b = rand(len, rnd);
  a[7] = 95; // a large gate: e^-x near its cap
  const k = rand(n * g * e, rnd), v = rand(n * g * e, rnd);
  const run = (K: typeof K1) => {
    const norm = new Float32Array(n * dim), sw = new Float32Array(len), sum = K.allocF32(len);
    K.rmsNorm(x, w, n, dim, 1e-6, norm);
    K.swiglu(a, b, len, sw);
    K.add(a, b, len, sum);
    const kc = K.allocF16(g * cap * e), vc = K.allocF16(g * cap * e);
    K.storeKv(k, v, kc, vc, 3, n, g, e);
    return [norm, sw, sum, kc, vc].map((arr) => Array.from(arr));
  };
  const [one, two] = [run(K1), run(K2)];
  // First differing element only: a deepEqual diff of 40,000 numbers takes minutes to print.
  ["rmsNorm", "swiglu", "add", "k cache", "v cache"].forEach((what, i) => {
    const at = one[i]!.findIndex((val, j) => !Object.is(val, two[i]![j]));
    assert.equal(at, -1, `${what}[${at}]: ${two[i]![at]} with 2 threads vs ${one[i]![at]} with 1`);
  });
});

test("attention over a batch (token pairs, odd counts, 1 and 2 threads) gives the bits of one token at a time, in both SIMD builds", async () => {
  const rnd = lcg(31);
  // The plain SIMD build too: its unfused multiply-adds must give the fused ones' bits (exact products).
  const plain = await createWasmKernels({ threads: 1, relaxed: false });
  after(() => plain.dispose());
  // Pairs (2 heads per KV head), fours, single heads; e = 12 and 20 leave SIMD tails. The long
  // contexts span several of the V passes' row blocks (16 KB of V rows each), e = 44 with a tail.
  const shapes = [[4, 2, 16, 3], [2, 1, 20, 3], [8, 2, 12, 3], [16, 4, 20, 3], [6, 3, 12, 3], [12, 2, 24, 3], [16, 8, 128, 150], [32, 8, 128, 150], [8, 2, 44, 420]] as const;
  for (const [h, g, e, start] of shapes) {
    const n = 7, cap = start + n + 2, kvDim = g * e;
    const q = rand(n * h * e, rnd).map((v, i) => (i % 5 === 0 ? v * 6 : v)); // some peaked rows
    const k = rand((start + n) * kvDim, rnd), v = rand((start + n) * kvDim, rnd);
    let first: Float32Array | undefined;
    for (const K of [...kernels, plain]) {
      const kc = K.allocF16(cap * kvDim), vc = K.allocF16(cap * kvDim);
      K.storeKv(k, v, kc, vc, 0, start + n, g, e);
      const batch = new Float32Array(n * h * e), single = new Float32Array(n * h * e);
      K.attention(q, kc, vc, start, n, h, g, e, batch);
      for (let i = 0; i < n; i++) {
        K.attention(q.subarray(i * h * e, (i + 1) * h * e), kc, vc, start + i, 1, h, g, e, single.subarray(i * h * e, (i + 1) * h * e));
      }
      const at = batch.findIndex((val, j) => !Object.is(val, single[j]));
      assert.equal(at, -1, `${K.name} h${h} g${g} e${e}: out[${at}] ${batch[at]} in the batch vs ${single[at]} alone`);
      if (start > 100) close(batch, refAttention(q, kc, vc, start, n, h, g, e), 2e-5, `${K.name} long attention h${h} g${g} e${e}`);
      first ??= batch;
      const other = batch.findIndex((val, j) => !Object.is(val, first![j]));
      assert.equal(other, -1, `${K.name} h${h} g${g} e${e}: out[${other}] ${batch[other]} vs ${first[other]} in ${kernels[0]!.name}`);
    }
  }
});

test("attention's softmax weights are rounded to f16 (subnormal steps and 0 included), as ggml rounds them", () => {
  // V rows one-hot (V[t] = unit vector t) make each output column one weight exactly: out = p.
  const rnd = lcg(37);
  for (const [h, g] of [[4, 2], [8, 2], [3, 3]] as const) {
    const e = 24, start = 2, n = 9, cap = e;
    const K = kernels[0]!;
    const kc = K.allocF16(g * cap * e), vc = K.allocF16(g * cap * e);
    for (let gg = 0; gg < g; gg++) for (let t = 0; t < start + n; t++) {
      for (let c = 0; c < e; c++) kc[(gg * cap + t) * e + c] = toF16(rnd() * 2 - 1);
      vc[(gg * cap + t) * e + t] = toF16(1);
    }
    // Large queries: peaked softmax, so many weights fall below 2^-14 (f16 subnormals) or 2^-25 (0).
    const q = rand(n * h * e, rnd).map((x) => x * 12);
    const out = new Float32Array(n * h * e);
    K.attention(q, kc, vc, start, n, h, g, e, out);
    const ref = refAttention(q, kc, vc, start, n, h, g, e);
    let tiny = 0;
    for (let i = 0; i < out.length; i++) {
      const p = out[i]!, want = ref[i]!;
      assert.equal(Math.f16round(p), p, `weight ${i} = ${p} is not an f16 value`);
      const step = Math.max(2 ** -24, 2 ** (Math.floor(Math.log2(Math.max(want, 2 ** -30))) - 10)); // f16 ulp at want
      assert.ok(Math.abs(p - want) <= step, `weight ${i}: ${p} vs ${want} (f16 step ${step})`);
      if (p > 0 && p < 2 ** -14) tiny++;
    }
    assert.ok(tiny > 0, "the case exercises f16 subnormal weights");
  }
});
