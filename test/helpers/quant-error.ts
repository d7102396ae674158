/** The quantizers' accuracy check: rows quantized to a type and read back stay near the originals. */
import assert from "node:assert/strict";
import { dequantizeRows, quantizeRows } from "../../src/tensor/quantize.ts";
import { typeName } from "../../src/tensor/dtypes.ts";

/** For each type, the relative RMS error of x (rows × cols) quantized and dequantized is ≤ its bound. */
export function assertRoundTripWithin(bounds: Record<number, number>, x: Float32Array, rows: number, cols: number): void {
  for (const [type, bound] of Object.entries(bounds)) {
    const y = dequantizeRows(+type, quantizeRows(+type, x, rows, cols), rows, cols);
    let e = 0, r = 0;
    for (let i = 0; i < x.length; i++) { e += (x[i]! - y[i]!) ** 2; r += x[i]! ** 2; }
    const rel = Math.sqrt(e / r);
    assert.ok(rel <= bound, `${typeName(+type)}: relative RMS error ${rel} > ${bound}`);
  }
}
