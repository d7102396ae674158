// Attention rounds its query rows to f16 precision four lanes at a time (f16.ts roundF16x4,
// through attention.ts roundF16Lanes); it must give the bits of the scalar f32 → f16 → f32 round trip on every input:
// ties at every f16 step, the subnormal range, the overflow edge, ±0, ±inf and NaN.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadKernelModule } from "../../src/kernels/wasm/index.ts";
import { fillTables, instantiate, RESERVED_BYTES } from "../../src/kernels/wasm/exports.ts";
import { f16, lcg, toF16 } from "./local-ref.ts";

const bitsView = new Uint32Array(1);
const floatView = new Float32Array(bitsView.buffer);
const fromBits = (b: number): number => ((bitsView[0] = b), floatView[0]!);

/** f32 inputs around every f16 value: the value, the midpoints to its neighbours and one f32 ulp either side. */
function inputs(): Float32Array {
  const out: number[] = [];
  for (let h = 0; h < 0x7c00; h++) {
    const v = f16(h), next = f16(h + 1);
    const mid = Math.fround((v + next) / 2); // exact: a midpoint of two f16 is an f32
    bitsView[0] = 0;
    floatView[0] = mid;
    const m = bitsView[0];
    for (const x of [v, mid, fromBits(m - 1), fromBits(m + 1)]) out.push(x, -x);
  }
  for (const x of [65504, 65519, 65519.998, 65520, 65520.004, 65536, 1e30, Infinity, NaN, fromBits(1), fromBits(0x7fffff), 2 ** -25, 2 ** -24, 3 * 2 ** -26]) out.push(x, -x);
  const rnd = lcg(5);
  for (let i = 0; i < 20000; i++) out.push(fromBits(Math.floor(rnd() * 2 ** 32)));
  while (out.length % 4) out.push(0);
  return Float32Array.from(out);
}

for (const relaxed of [true, false]) {
  test(`query rows round to f16 four lanes at a time with the scalar round trip's bits (${relaxed ? "relaxed" : "plain"} SIMD build)`, async () => {
    const { module } = await loadKernelModule(relaxed);
    const x = inputs();
    const src = Math.ceil(RESERVED_BYTES / 64) * 64, dst = src + x.length * 4;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((dst + x.length * 4) / 65536), maximum: 1024, shared: true });
    fillTables(memory);
    const k = instantiate(module, memory);
    new Float32Array(memory.buffer, src, x.length).set(x);
    k.roundF16Lanes(src, x.length, dst);
    const got = new Float32Array(memory.buffer, dst, x.length);
    for (let i = 0; i < x.length; i++) {
      const want = f16(toF16(x[i]!));
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got[i]), `NaN stays NaN (input bits ${new Uint32Array(x.buffer, i * 4, 1)[0]!.toString(16)})`);
      else assert.ok(Object.is(got[i], Math.fround(want)), `round(${x[i]}) = ${got[i]}, expected ${want}`);
    }
  });
}
