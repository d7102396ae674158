/**
 * The reference kernels: plain TypeScript, written to be obviously right rather than fast.
 * They are the specification the WebAssembly kernels are tested against. Dot products run in
 * float64 over dequantized weights and ggml-prepared activations (see activations.ts), so their
 * only differences from ggml are float summation order.
 */
import { defaultAttentionScale, type Kernels, type WeightHandle, type WeightUpload } from "../types.ts";
import { gegluOne } from "../gelu-table.ts";
import { dequantizeRow, rowBytes } from "../../tensor/dequantize.ts";
import { F16_TO_F32, f32ToF16 } from "../../tensor/half.ts";
import { prepareActivations, q8_1Sums } from "./activations.ts";
import { GgmlType } from "../../tensor/dtypes.ts";
import { kvOffset, kvPairCapacity } from "../kv-layout.ts";

interface RefWeight extends WeightHandle {
  bytes: Uint8Array;
  rowBytes: number;
  /** Dequantized rows, cached on first use (the reference trades memory for simplicity). */
  dense?: Float32Array;
}

const f = Math.fround;

export function createRefKernels(): Kernels {
  const dense = (w: RefWeight): Float32Array => {
    if (!w.dense) {
      w.dense = new Float32Array(w.rows * w.cols);
      for (let r = 0; r < w.rows; r++) dequantizeRow(w.type, w.bytes, r * w.rowBytes, w.cols, w.dense, r * w.cols);
    }
    return w.dense;
  };

  return {
    name: "ref",
    allocWeight(name, type, rows, cols): WeightUpload {
      const rb = rowBytes(type, cols);
      const handle: RefWeight = { name, type, rows, cols, bytes: new Uint8Array(rows * rb), rowBytes: rb };
      return { handle, bytes: handle.bytes, commit() {} };
    },
    allocF32: (n) => new Float32Array(n),
    allocF16: (n) => new Uint16Array(n),
    constant: (values) => Float32Array.from(values),
    view: (a, offset, length) => a.subarray(offset, offset + length),
    toHost: (a, offset, length, out) => out.set(a.subarray(offset, offset + length)),
    copyF16: (src, srcOffset, dst, dstOffset, length) => dst.set(src.subarray(srcOffset, srcOffset + length), dstOffset),
    toHostF16: (h, offset, length, out) => out.set(h.subarray(offset, offset + length)),
    sync: () => Promise.resolve(),

    matmulSameInput(ws, x, n, ys) {
      if (ws.length !== ys.length) throw new RangeError(`matmulSameInput: ${ws.length} weights but ${ys.length} outputs`);
      ws.forEach((w, i) => this.matmul(w, x, n, ys[i]!));
    },

    matmul(h, x, n, y) {
      const w = h as RefWeight;
      const W = dense(w);
      const withMin = w.type === GgmlType.Q4_1 || w.type === GgmlType.Q5_1;
      const blockBytes = w.type === GgmlType.Q4_1 ? 20 : 24;
      for (let t = 0; t < n; t++) {
        const xt = x.subarray(t * w.cols, (t + 1) * w.cols);
        const a = prepareActivations(w.type, xt);
        const sums = withMin ? q8_1Sums(xt) : undefined;
        for (let r = 0; r < w.rows; r++) {
          let s = 0;
          const o = r * w.cols;
          for (let c = 0; c < w.cols; c++) s += W[o + c]! * a[c]!;
          if (sums) {
            // ggml's min term is m·s (s from the Q8_1 block) rather than m·Σa.
            for (let b = 0; b < w.cols / 32; b++) {
              const p = r * w.rowBytes + b * blockBytes;
              const m = F16_TO_F32[w.bytes[p + 2]! | (w.bytes[p + 3]! << 8)]!;
              let blockSum = 0;
              for (let j = 0; j < 32; j++) blockSum += a[b * 32 + j]!;
              s += m * (sums[b]! - blockSum);
            }
          }
          y[t * w.rows + r] = s;
        }
      }
    },

    getRows(h, ids, out) {
      const w = h as RefWeight;
      for (let i = 0; i < ids.length; i++) dequantizeRow(w.type, w.bytes, ids[i]! * w.rowBytes, w.cols, out, i * w.cols);
    },

    rmsNorm(x, weight, n, dim, eps, out) {
      for (let t = 0; t < n; t++) {
        let ss = 0;
        for (let i = 0; i < dim; i++) ss += x[t * dim + i]! * x[t * dim + i]!;
        const scale = f(1 / Math.sqrt(f(ss / dim + eps)));
        for (let i = 0; i < dim; i++) out[t * dim + i] = f(f(x[t * dim + i]! * scale) * weight[i]!);
      }
    },

    ropeNeox(x, n, heads, headDim, ropeDim, positions, theta, freqScale = 1) {
      const half = ropeDim / 2;
      const thetaScale = f(Math.pow(theta, -2 / ropeDim));
      for (let t = 0; t < n; t++) {
        // ggml builds the angles by repeated multiplication in float32.
        const cos = new Float32Array(half);
        const sin = new Float32Array(half);
        let ang = f(positions[t]!);
        for (let i = 0; i < half; i++) {
          const a = f(ang * freqScale);
          cos[i] = Math.cos(a);
          sin[i] = Math.sin(a);
          ang = f(ang * thetaScale);
        }
        for (let h = 0; h < heads; h++) {
          const o = (t * heads + h) * headDim;
          for (let i = 0; i < half; i++) {
            const a = x[o + i]!;
            const b = x[o + i + half]!;
            x[o + i] = f(a * cos[i]! - b * sin[i]!);
            x[o + i + half] = f(a * sin[i]! + b * cos[i]!);
          }
        }
      }
    },

    storeKv(k, v, kCache, vCache, start, n, kvHeads, headDim) {
      const cap = kvPairCapacity("storeKv", kCache, vCache, kvHeads, headDim, start + n);
      for (let t = 0; t < n; t++) {
        for (let g = 0; g < kvHeads; g++) {
          for (let e = 0; e < headDim; e++) {
            const i = (t * kvHeads + g) * headDim + e;
            kCache[kvOffset(g, start + t, cap, headDim) + e] = f32ToF16(k[i]!);
            vCache[kvOffset(g, start + t, cap, headDim) + e] = f32ToF16(v[i]!);
          }
        }
      }
    },

    attention(q, kCache, vCache, start, n, heads, kvHeads, headDim, out, options = {}) {
      const cap = kvPairCapacity("attention", kCache, vCache, kvHeads, headDim, start + n);
      const group = heads / kvHeads;
      const scale = f(options.scale ?? defaultAttentionScale(headDim));
      const window = options.window ?? 0;
      for (let t = 0; t < n; t++) {
        const len = start + t + 1; // causal: slots 0 .. start+t
        // Sliding window: slots before `first` weigh exactly 0 (as a −∞ mask gives).
        const first = window > 0 ? Math.max(0, len - window) : 0;
        const w = new Float64Array(len);
        for (let h = 0; h < heads; h++) {
          const g = Math.floor(h / group);
          const qo = (t * heads + h) * headDim;
          let max = -Infinity;
          for (let p = first; p < len; p++) {
            const ko = kvOffset(g, p, cap, headDim);
            let s = 0;
            for (let e = 0; e < headDim; e++) s += F16_TO_F32[f32ToF16(q[qo + e]!)]! * F16_TO_F32[kCache[ko + e]!]!;
            w[p] = f(f(s) * scale);
            max = Math.max(max, w[p]!);
          }
          let sum = 0;
          for (let p = first; p < len; p++) sum += w[p] = Math.exp(w[p]! - max);
          for (let p = first; p < len; p++) w[p] = F16_TO_F32[f32ToF16(w[p]! / sum)]!;
          for (let e = 0; e < headDim; e++) {
            let acc = 0;
            for (let p = first; p < len; p++) acc += w[p]! * F16_TO_F32[vCache[kvOffset(g, p, cap, headDim) + e]!]!;
            out[qo + e] = acc;
          }
        }
      }
    },

    swiglu(gate, up, length, out) {
      for (let i = 0; i < length; i++) {
        const g = gate[i]!;
        out[i] = f(f(g / (1 + Math.exp(-g))) * up[i]!);
      }
    },

    geglu(gate, up, length, out) {
      for (let i = 0; i < length; i++) out[i] = gegluOne(gate[i]!, up[i]!);
    },

    scale(x, s, length, out) {
      const v = f(s);
      for (let i = 0; i < length; i++) out[i] = f(x[i]! * v);
    },

    add(a, b, length, out) {
      for (let i = 0; i < length; i++) out[i] = a[i]! + b[i]!;
    },

    dispose() {},
  };
}
