/**
 * A small plain-TypeScript port of the llama.cpp math the WASM kernels implement, used by this
 * folder's own checks (the shared conformance suite against kernels/ref is the main proof).
 * Block layouts: see src/kernels/wasm/assembly/dot-*.ts; formulas: ggml dequantize_row_* and
 * quantize_row_q8_*_ref.
 */
const f16buf = new Float16Array(1);
const u16 = new Uint16Array(f16buf.buffer);
export const f16 = (bits: number): number => ((u16[0] = bits), f16buf[0]!);
export const toF16 = (v: number): number => ((f16buf[0] = v), u16[0]!);
const f32 = Math.fround;

export const BLOCK: Record<number, [number, number]> = {
  0: [1, 4], 1: [1, 2], 30: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34],
  12: [256, 144], 13: [256, 176], 14: [256, 210],
};

export function rowBytes(type: number, cols: number): number {
  const [b, s] = BLOCK[type]!;
  return (cols / b) * s;
}

/** Random but valid stored rows: random bytes with sane scales. */
export function randomWeights(type: number, rows: number, cols: number, rnd: () => number): Uint8Array {
  const bytes = new Uint8Array(rows * rowBytes(type, cols));
  const dv = new DataView(bytes.buffer);
  if (type === 0) { for (let i = 0; i < rows * cols; i++) dv.setFloat32(4 * i, rnd() * 2 - 1, true); return bytes; }
  if (type === 1) { for (let i = 0; i < rows * cols; i++) dv.setUint16(2 * i, toF16(rnd() * 2 - 1), true); return bytes; }
  if (type === 30) { for (let i = 0; i < rows * cols; i++) dv.setUint16(2 * i, new Uint32Array(new Float32Array([rnd() * 2 - 1]).buffer)[0]! >>> 16, true); return bytes; }
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
  const [, size] = BLOCK[type]!;
  for (let o = 0; o < bytes.length; o += size) {
    const scale = () => toF16((rnd() + 0.1) * (type >= 12 ? 0.01 : 0.05));
    if (type === 14) dv.setUint16(o + 208, scale(), true);
    else {
      dv.setUint16(o, scale(), true);
      if (type === 3 || type === 7 || type === 12 || type === 13) dv.setUint16(o + 2, scale(), true);
    }
  }
  return bytes;
}

/** Dequantizes one row (cols values) starting at byte `o`. */
export function dequant(type: number, b: Uint8Array, o: number, cols: number): Float64Array {
  const dv = new DataView(b.buffer, b.byteOffset);
  const out = new Float64Array(cols);
  const h = (p: number) => f16(dv.getUint16(p, true));
  if (type === 0) { for (let i = 0; i < cols; i++) out[i] = dv.getFloat32(o + 4 * i, true); return out; }
  if (type === 1) { for (let i = 0; i < cols; i++) out[i] = h(o + 2 * i); return out; }
  if (type === 30) { for (let i = 0; i < cols; i++) out[i] = new Float32Array(new Uint32Array([dv.getUint16(o + 2 * i, true) << 16]).buffer)[0]!; return out; }
  const [bs, size] = BLOCK[type]!;
  for (let blk = 0; blk < cols / bs; blk++) {
    const p = o + blk * size;
    const y = blk * bs;
    if (type === 8) { for (let j = 0; j < 32; j++) out[y + j] = h(p) * dv.getInt8(p + 2 + j); continue; }
    if (type <= 7) {
      const hasM = type === 3 || type === 7;
      const qh = type === 6 ? dv.getUint32(p + 2, true) : type === 7 ? dv.getUint32(p + 4, true) : 0;
      const qs = p + (type === 2 ? 2 : type === 3 ? 4 : type === 6 ? 6 : 8);
      const off = type === 2 ? 8 : type === 6 ? 16 : 0;
      for (let j = 0; j < 16; j++) {
        const q = b[qs + j]!;
        const lo = (q & 15) | (((qh >>> j) & 1) << 4);
        const hi = (q >> 4) | (((qh >>> (j + 16)) & 1) << 4);
        out[y + j] = h(p) * (lo - off) + (hasM ? h(p + 2) : 0);
        out[y + j + 16] = h(p) * (hi - off) + (hasM ? h(p + 2) : 0);
      }
      continue;
    }
    if (type === 14) {
      for (let half = 0; half < 2; half++) {
        const ql = p + 64 * half, qh = p + 128 + 32 * half, sc = p + 192 + 8 * half;
        for (let l = 0; l < 32; l++) {
          const H = b[qh + l]!;
          const q = [(b[ql + l]! & 15) | ((H & 3) << 4), (b[ql + l + 32]! & 15) | (((H >> 2) & 3) << 4),
            (b[ql + l]! >> 4) | (((H >> 4) & 3) << 4), (b[ql + l + 32]! >> 4) | (((H >> 6) & 3) << 4)];
          for (let k = 0; k < 4; k++) out[y + 128 * half + l + 32 * k] = h(p + 208) * dv.getInt8(sc + (l >> 4) + 2 * k) * (q[k]! - 32);
        }
      }
      continue;
    }
    const s = p + 4;
    const sm = (j: number): [number, number] => j < 4
      ? [b[s + j]! & 63, b[s + j + 4]! & 63]
      : [(b[s + j + 4]! & 15) | ((b[s + j - 4]! >> 6) << 4), (b[s + j + 4]! >> 4) | ((b[s + j]! >> 6) << 4)];
    const qs = p + (type === 12 ? 16 : 48);
    for (let c = 0; c < 4; c++) {
      for (let l = 0; l < 32; l++) {
        const q = b[qs + 32 * c + l]!;
        const qh = type === 13 ? b[p + 16 + l]! : 0;
        const lo = (q & 15) | (((qh >> (2 * c)) & 1) << 4);
        const hi = (q >> 4) | (((qh >> (2 * c + 1)) & 1) << 4);
        const [d1, m1] = sm(2 * c), [d2, m2] = sm(2 * c + 1);
        out[y + 64 * c + l] = h(p) * d1 * lo - h(p + 2) * m1;
        out[y + 64 * c + 32 + l] = h(p) * d2 * hi - h(p + 2) * m2;
      }
    }
  }
  return out;
}

/** The activation row as the dot product sees it (quantized to the vec_dot_type, dequantized). */
export function actAsSeen(type: number, x: Float32Array): Float64Array {
  const out = new Float64Array(x.length);
  if (type === 0) { out.set(x); return out; }
  if (type === 1) { for (let i = 0; i < x.length; i++) out[i] = Math.f16round(x[i]!); return out; }
  if (type === 30) { for (let i = 0; i < x.length; i++) out[i] = bf16round(x[i]!); return out; }
  const qk = type >= 12 ? 256 : 32;
  for (let b = 0; b < x.length / qk; b++) {
    let amax = 0, max = 0;
    for (let j = 0; j < qk; j++) { const v = x[b * qk + j]!; if (Math.abs(v) > amax) { amax = Math.abs(v); max = v; } }
    if (qk === 256) {
      if (amax === 0) continue;
      const iscale = f32(-127 / max);
      const d = f32(1 / iscale);
      for (let j = 0; j < qk; j++) out[b * qk + j] = d * Math.min(127, roundEven(f32(iscale * x[b * qk + j]!)));
    } else {
      const d = f32(amax / 127);
      const id = amax ? f32(127 / amax) : 0; // llama.cpp x86 (AVX2) quantize_row_q8_0
      const dh = f16(toF16(d));
      for (let j = 0; j < qk; j++) out[b * qk + j] = dh * roundEven(f32(x[b * qk + j]! * id));
    }
  }
  return out;
}

function roundEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function bf16round(v: number): number {
  const u = new Uint32Array(new Float32Array([v]).buffer)[0]!;
  const r = ((u + 0x7fff + ((u >>> 16) & 1)) >>> 0) & 0xffff0000;
  return new Float32Array(new Uint32Array([r]).buffer)[0]!;
}

/** y (n, rows) in f64 = x as seen · dequant(w)ᵀ. */
export function refMatmul(type: number, w: Uint8Array, rows: number, cols: number, x: Float32Array, n: number): Float64Array {
  const y = new Float64Array(n * rows);
  const rb = rowBytes(type, cols);
  const wd = Array.from({ length: rows }, (_, r) => dequant(type, w, r * rb, cols));
  for (let j = 0; j < n; j++) {
    const xs = actAsSeen(type, x.subarray(j * cols, (j + 1) * cols));
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let i = 0; i < cols; i++) s += wd[r]![i]! * xs[i]!;
      y[j * rows + r] = s;
    }
  }
  return y;
}

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 4294967296);
}
