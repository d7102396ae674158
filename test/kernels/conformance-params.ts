/**
 * The kernel parameters other architectures need, on every backend against the reference
 * (src/kernels/ref, the spec): attention's scale and sliding window, linear RoPE scaling, GeGLU,
 * scale, and copyF16 within one buffer (a sliding-window KV cache moving its window).
 * Inputs reach a backend only through `constant`, results come back through `toHost` + `sync`,
 * so a device backend runs the same cases.
 *
 * Tolerances: attention 2e-3 absolute (f16 softmax weights, as the main suite); RoPE relative
 * 1e-5; GeGLU, scale and copyF16 exact (one shared f16 table, gelu-table.ts). Properties checked exactly on each
 * backend itself: a window at least as long as the row changes nothing, freqScale 1 is the
 * plain rotation, and a batch of rows gives each row the bits it gets alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AttentionOptions, Kernels } from "../../src/kernels/types.ts";
import { createRefKernels } from "../../src/kernels/ref/index.ts";
import { Rng } from "../../src/sampling/rng.ts";

function close(a: Float32Array, b: Float32Array, tol: (i: number) => number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= tol(i))) assert.fail(`${what}: element ${i}: ${a[i]} vs ${b[i]} (|Δ| ${d} > ${tol(i)})`);
  }
}

async function read<A>(K: Kernels<A, unknown>, a: A, length: number): Promise<Float32Array> {
  const out = new Float32Array(length);
  K.toHost(a, 0, length, out);
  await K.sync();
  return out;
}

export function runParamConformance(label: string, make: () => Kernels<any, any> | Promise<Kernels<any, any>>): void {
  const rng = new Rng(7, label);
  const rand = (n: number, std = 1) => rng.fillNormal(new Float32Array(n), 0, std);

  /** A backend's attention output for one case, caches filled from the same K/V values. */
  async function attend(
    K: Kernels<any, any>, kAll: Float32Array, vAll: Float32Array, q: Float32Array,
    c: { cap: number; start: number; n: number; heads: number; kvHeads: number; headDim: number },
    options?: AttentionOptions,
  ): Promise<Float32Array> {
    const kvDim = c.kvHeads * c.headDim;
    const kc = K.allocF16(c.cap * kvDim), vc = K.allocF16(c.cap * kvDim);
    K.storeKv(K.constant(kAll), K.constant(vAll), kc, vc, 0, c.start + c.n, c.kvHeads, c.headDim);
    const out = K.allocF32(q.length);
    K.attention(K.constant(q), kc, vc, c.start, c.n, c.heads, c.kvHeads, c.headDim, out, options);
    return read(K, out, q.length);
  }

  test(`${label}: attention with a scale and a sliding window agrees with the reference`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      // Group sizes 1, 2 and 4 (each takes its own fast path), rows from 1 to 21, windows that
      // cut the row, cut it only for later rows, and do not cut it at all.
      for (const [heads, kvHeads, headDim] of [[4, 4, 64], [4, 2, 64], [8, 2, 128], [8, 4, 256]] as const) {
        for (const [start, n] of [[0, 1], [30, 1], [9, 5], [3, 16], [20, 21]] as const) {
          const c = { cap: start + n + 3, start, n, heads, kvHeads, headDim };
          const kvDim = kvHeads * headDim;
          const kAll = rand((start + n) * kvDim), vAll = rand((start + n) * kvDim), q = rand(n * heads * headDim);
          for (const options of [{ scale: 0.0625 }, { window: 1 }, { window: 4, scale: 0.3 }, { window: 12 }] as AttentionOptions[]) {
            const what = `h=${heads} g=${kvHeads} e=${headDim} start=${start} n=${n} ${JSON.stringify(options)}`;
            const got = await attend(K, kAll, vAll, q, c, options);
            const want = await attend(R, kAll, vAll, q, c, options);
            close(got, want, () => 2e-3, what);
          }
          // A window covering every row's slots is no window at all, on each backend exactly.
          const plain = await attend(K, kAll, vAll, q, c);
          assert.deepEqual(await attend(K, kAll, vAll, q, c, { window: start + n }), plain, "window ≥ row length");
          assert.deepEqual(await attend(K, kAll, vAll, q, c, { scale: Math.fround(1 / Math.sqrt(headDim)) }), plain, "the default scale");
        }
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: windowed attention of a batch gives each row the bits it gets alone`, async () => {
    const K = await make();
    try {
      for (const [heads, kvHeads, headDim] of [[4, 4, 64], [4, 2, 64], [8, 2, 64]] as const) {
        const start = 6, n = 7, window = 5, cap = start + n;
        const kvDim = kvHeads * headDim, qDim = heads * headDim;
        const kAll = rand(cap * kvDim), vAll = rand(cap * kvDim), q = rand(n * qDim);
        const batch = await attend(K, kAll, vAll, q, { cap, start, n, heads, kvHeads, headDim }, { window, scale: 0.2 });
        for (let i = 0; i < n; i++) {
          const one = await attend(K, kAll, vAll, q.subarray(i * qDim, (i + 1) * qDim), { cap, start: start + i, n: 1, heads, kvHeads, headDim }, { window, scale: 0.2 });
          assert.deepEqual(one, batch.subarray(i * qDim, (i + 1) * qDim), `row ${i}, h=${heads} g=${kvHeads}`);
        }
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: RoPE with linear scaling agrees with the reference; scale 1 is the plain rotation`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      const n = 5, heads = 4;
      const pos = Int32Array.from([0, 1, 7, 300, 5000]);
      for (const [headDim, ropeDim, theta, freqScale] of [[64, 64, 1e6, 0.125], [256, 256, 1e4, 1], [128, 64, 5e6, 0.5]] as const) {
        const x = rand(n * heads * headDim);
        const a = K.constant(x), b = R.constant(x), plain = K.constant(x);
        K.ropeNeox(a, n, heads, headDim, ropeDim, pos, theta, freqScale);
        R.ropeNeox(b, n, heads, headDim, ropeDim, pos, theta, freqScale);
        const got = await read(K, a, x.length);
        close(got, b, (i) => 1e-5 * (Math.abs(b[i]!) + 1e-2), `rope e=${headDim} r=${ropeDim} scale=${freqScale}`);
        if (freqScale === 1) {
          K.ropeNeox(plain, n, heads, headDim, ropeDim, pos, theta);
          assert.deepEqual(await read(K, plain, x.length), got, "freqScale 1 = no freqScale");
        }
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: scale is one f32 product per element, exactly`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      for (const [length, s] of [[7, 16], [5000, 0.08838834764831845], [64, -3.5]] as const) {
        const x = rand(length, 3);
        const out = K.allocF32(length), want = new Float32Array(length);
        K.scale(K.constant(x), s, length, out);
        R.scale(x, s, length, want);
        assert.deepEqual(await read(K, out, length), want, `scale ${length} × ${s}`);
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: copyF16 copies raw bits, between buffers and within one as memmove`, async () => {
    const K = await make();
    try {
      // Any F16 bits will do: storeKv fills a cache with kvHeads 1, so no layout is assumed.
      const length = 96;
      const fill = async () => {
        const h = K.allocF16(length), spare = K.allocF16(length);
        K.storeKv(K.constant(rand(length)), K.constant(rand(length)), h, spare, 0, 1, 1, length);
        const bits = new Uint16Array(length);
        K.toHostF16(h, 0, length, bits);
        await K.sync();
        return { h, bits };
      };
      const bitsOf = async (h: unknown) => {
        const out = new Uint16Array(length);
        K.toHostF16(h, 0, length, out);
        await K.sync();
        return out;
      };
      const a = await fill(), b = await fill();
      K.copyF16(a.h, 10, b.h, 3, 50);
      const want = b.bits.slice();
      want.set(a.bits.subarray(10, 60), 3);
      assert.deepEqual(await bitsOf(b.h), want, "between buffers");
      // A window moved to the front (dst before src) and the other direction, each overlapping.
      for (const [from, to, n] of [[40, 0, 56], [0, 7, 80], [5, 6, 90]] as const) {
        const c = await fill();
        K.copyF16(c.h, from, c.h, to, n);
        assert.deepEqual(await bitsOf(c.h), c.bits.slice().copyWithin(to, from, from + n), `within one buffer ${from} → ${to}, ${n}`);
      }
    } finally {
      await K.dispose();
    }
  });

  test(`${label}: GeGLU is ggml's table GELU times up, exactly`, async () => {
    const K = await make();
    const R = createRefKernels();
    try {
      // Both sides of ±10 and values that round to f16 ties, then a length long enough for
      // the threaded path.
      const edges = [-10.5, -10, -9.999, -3, -0.5, 0, 1e-8, 0.5, 3, 9.999, 10, 10.5, 65504, -65504];
      for (const length of [edges.length, 5000]) {
        const gate = length === edges.length ? Float32Array.from(edges) : rand(length, 4);
        const up = rand(length, 2);
        const out = K.allocF32(length), want = new Float32Array(length);
        K.geglu(K.constant(gate), K.constant(up), length, out);
        R.geglu(gate, up, length, want);
        assert.deepEqual(await read(K, out, length), want, `geglu length ${length}`);
      }
      // In place, as the forward pass calls it.
      const gate = rand(64, 3), up = rand(64);
      const g = K.constant(gate);
      K.geglu(g, K.constant(up), 64, g);
      const want = new Float32Array(64);
      R.geglu(gate, up, 64, want);
      assert.deepEqual(await read(K, g, 64), want, "geglu in place");
    } finally {
      await K.dispose();
    }
  });
}
