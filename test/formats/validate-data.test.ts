// validateTensorData (the load-time NaN/Inf scan) finds the first non-finite value of each float
// type, or block scale, wherever it sits (word-aligned or not, either half of a 32-bit word, the
// last value) and passes every finite extreme.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateTensorData } from "../../src/model/validate-data.ts";
import { GgmlType, TYPE_TRAITS } from "../../src/tensor/dtypes.ts";
import { setBlockScale } from "../../src/tensor/block-scales.ts";

const f16Bits = (v: number) => new Uint16Array(new Float16Array([v]).buffer)[0]!;
const bf16Bits = (v: number) => new Uint32Array(new Float32Array([v]).buffer)[0]! >>> 16;

/** n 16-bit values (a, b alternating finite extremes) in a buffer at byte offset `shift`. */
function halves(n: number, shift: number, finite: number[]): { bytes: Uint8Array; u16: DataView } {
  const buf = new Uint8Array(2 * n + shift);
  const bytes = buf.subarray(shift);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) dv.setUint16(2 * i, finite[i % finite.length]!, true);
  return { bytes, u16: dv };
}

for (const [label, type, bits, bad] of [
  ["F16", GgmlType.F16, f16Bits, [0x7c00, 0xfc00, 0x7e00, 0x7c01]],
  ["BF16", GgmlType.BF16, bf16Bits, [0x7f80, 0xff80, 0x7fc0, 0x7f81]],
] as const) {
  test(`${label}: the first NaN / Inf is found at any index and alignment; finite extremes pass`, () => {
    const finite = [0, 0x8000, 1, bits(65504), bits(-65504), bits(1e-7), bits(3.5)];
    for (const shift of [0, 2, 1]) {
      for (const n of [1, 2, 7, 64, 65]) {
        const ok = halves(n, shift, finite);
        validateTensorData("w", type, ok.bytes);
        for (const at of new Set([0, 1, n >> 1, n - 2, n - 1].filter((i) => i >= 0 && i < n))) {
          for (const b of bad) {
            const { bytes, u16 } = halves(n, shift, finite);
            u16.setUint16(2 * at, b, true);
            if (at + 3 < n) u16.setUint16(2 * (at + 3), b, true); // a later one must not be reported
            assert.throws(() => validateTensorData("w", type, bytes), (e: Error) => e.message.includes(`at ${at}`), `${label} n ${n} shift ${shift} at ${at} 0x${b.toString(16)}`);
          }
        }
      }
    }
  });
}

test("F32: NaN / Inf found at any index and alignment; the largest finite values pass", () => {
  for (const shift of [0, 4, 1]) {
    const n = 33;
    const make = () => {
      const bytes = new Uint8Array(4 * n + shift).subarray(shift);
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < n; i++) dv.setFloat32(4 * i, i % 2 ? 3.4028234663852886e38 : -1e-45, true);
      return { bytes, dv };
    };
    validateTensorData("w", GgmlType.F32, make().bytes);
    for (const at of [0, 16, 32]) {
      for (const v of [NaN, Infinity, -Infinity]) {
        const { bytes, dv } = make();
        dv.setFloat32(4 * at, v, true);
        assert.throws(() => validateTensorData("w", GgmlType.F32, bytes), (e: Error) => e.message.includes(`at ${at}`), `shift ${shift} at ${at} ${v}`);
      }
    }
  }
});

test("quantized blocks: a non-finite scale (either of Q4_K's two) is reported with its block", () => {
  const blocks = 5;
  for (const [type, size, at] of [[GgmlType.Q8_0, 34, [0]], [GgmlType.Q4_K, 144, [0, 2]], [GgmlType.Q6_K, 210, [208]]] as const) {
    validateTensorData("w", type, new Uint8Array(blocks * size));
    for (const off of at) {
      const bytes = new Uint8Array(blocks * size);
      new DataView(bytes.buffer).setUint16(3 * size + off, 0x7c00, true);
      assert.throws(() => validateTensorData("w", type, bytes), (e: Error) => e.message.includes("at 3"), `type ${type} scale @${off}`);
    }
  }
});

test("a float weight's own scan, when given, decides (and names the index it found)", () => {
  const clean = new Uint8Array(64);
  assert.throws(() => validateTensorData("w", GgmlType.F16, clean, () => 5), (e: Error) => e.message.includes("at 5"));
  validateTensorData("w", GgmlType.F16, clean, () => -1);
  // Quantized types keep their own block-scale check.
  const q = new Uint8Array(34 * 2);
  new DataView(q.buffer).setUint16(34, 0x7c00, true);
  assert.throws(() => validateTensorData("w", GgmlType.Q8_0, q, () => -1), (e: Error) => e.message.includes("at 1"));
});

test("the 2- and 3-bit K-quants and every I-quant: a NaN or infinite scale is refused with its block (IQ1_M's scale is split over four nibbles)", () => {
  const types = [GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.IQ1_S, GgmlType.IQ1_M, GgmlType.IQ2_XXS, GgmlType.IQ2_XS, GgmlType.IQ2_S, GgmlType.IQ3_XXS, GgmlType.IQ3_S, GgmlType.IQ4_NL, GgmlType.IQ4_XS];
  for (const type of types) {
    const size = TYPE_TRAITS.get(type)!.typeSize, blocks = 4;
    const sane = () => {
      const bytes = new Uint8Array(blocks * size).fill(0xff); // every other bit set: only the scales make a block invalid
      for (let p = 0; p < bytes.length; p += size) setBlockScale(type, bytes, p, 0x3c00);
      return bytes;
    };
    validateTensorData("w", type, sane());
    for (const bad of [0x7c00, 0xfc00, 0x7e01]) {
      const bytes = sane();
      setBlockScale(type, bytes, 2 * size, bad);
      assert.throws(() => validateTensorData("w", type, bytes), (e: Error) => e.message.includes("NaN or infinite block scale at 2"), `${TYPE_TRAITS.get(type)!.name} 0x${bad.toString(16)}`);
    }
  }
  // Q2_K's second scale (dmin) counts too.
  const q2 = new Uint8Array(84);
  q2[83] = 0x7c;
  assert.throws(() => validateTensorData("w", GgmlType.Q2_K, q2), /block scale at 0/);
});
