/**
 * Random valid rows of a quantized type, for test models and kernel tests: every bit pattern of
 * a block is a valid block once its f16 scales are sane, so the bytes are random and each scale
 * is set so the dequantized values have about the RMS asked for. The I-quants with grids
 * (IQ1_S … IQ3_S) have no quantizer here (llama.cpp's searches the grid with an importance
 * matrix); random blocks are what their test models hold. IQ1_M keeps its f16 scale in the
 * top nibbles of its four 16-bit sub-block scales.
 */
import { TYPE_TRAITS, typeName } from "./dtypes.ts";
import { dequantizeRows } from "./dequantize.ts";
import { f32ToF16 } from "./half.ts";
import { TensorLayoutError } from "./errors.ts";
import { hasBlockScales, setBlockScale } from "./block-scales.ts";
export { setBlockScale } from "./block-scales.ts";

/** Random bytes (from `next`, uniform in [0, 1)) with every scale 1.0. */
function unitBlocks(type: number, blocks: number, next: () => number): Uint8Array {
  const t = TYPE_TRAITS.get(type)!;
  const bytes = new Uint8Array(blocks * t.typeSize);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  for (let k = 0; k < blocks; k++) setBlockScale(type, bytes, k * t.typeSize, 0x3c00);
  return bytes;
}

/** rows × cols of `type` in random valid blocks whose values have an RMS of about `rms`. */
export function randomRows(type: number, rows: number, cols: number, rms: number, next: () => number): Uint8Array {
  const t = TYPE_TRAITS.get(type);
  if (!t || t.blockSize === 1 || !hasBlockScales(type)) {
    throw new TensorLayoutError(`no random blocks for ${typeName(type)}`, "a block-quantized type");
  }
  if (cols % t.blockSize !== 0) throw new TensorLayoutError(`row length ${cols} for ${t.name}`, `a multiple of ${t.blockSize}`);
  const blocks = (rows * cols) / t.blockSize;
  const bytes = unitBlocks(type, blocks, next);
  // The RMS of unit-scale blocks of this type, measured on (up to) 64 of them.
  const probe = Math.min(blocks, 64);
  const values = dequantizeRows(type, bytes.subarray(0, probe * t.typeSize), 1, probe * t.blockSize);
  let ss = 0;
  for (const v of values) ss += v * v;
  const unit = Math.sqrt(ss / values.length) || 1;
  const bits = f32ToF16(rms / unit);
  for (let k = 0; k < blocks; k++) setBlockScale(type, bytes, k * t.typeSize, bits);
  return bytes;
}
