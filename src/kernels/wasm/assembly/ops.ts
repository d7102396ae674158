// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Element-wise and normalisation ops, RoPE, KV-cache store. Float order follows ggml's CPU ops
// where it is cheap to do so (rms_norm sums in f64, in four running sums; rope angles advance by
// repeated multiplication).
import { expF32x4 } from "./consts";
import { f16ToF32, f32ToF16, f32x4ToF16Bits } from "./f16";

/** out (n, dim) = x · 1/sqrt(mean(x²) + eps) · weight. out may equal x. */
export function rmsNorm(x: usize, weight: usize, n: i32, dim: i32, eps: f32, out: usize): void {
  for (let r = 0; r < n; r++) {
    const xr = x + (<usize>r * <usize>dim << 2);
    const orow = out + (<usize>r * <usize>dim << 2);
    // Σ x² in f64 (as ggml), four running sums: a single one waited on each addition's latency.
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= dim; j += 4) {
      const v = v128.load(xr + (<usize>j << 2));
      const sq = f32x4.mul(v, v);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(sq));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i64x2.shuffle(sq, sq, 1, 0)));
    }
    let sum: f64 = (f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1)) + (f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1));
    for (; j < dim; j++) {
      const v = load<f32>(xr + (<usize>j << 2));
      sum += <f64>(v * v);
    }
    const mean = <f32>(sum / <f64>dim);
    const scale: f32 = <f32>1 / Mathf.sqrt(mean + eps);
    // (x·scale)·w per element, 4 at a time: the same two roundings as one at a time.
    const s4 = f32x4.splat(scale);
    let i = 0;
    for (; i + 4 <= dim; i += 4) {
      const o = <usize>i << 2;
      v128.store(orow + o, f32x4.mul(f32x4.mul(v128.load(xr + o), s4), v128.load(weight + o)));
    }
    for (; i < dim; i++) {
      const o = <usize>i << 2;
      store<f32>(orow + o, (load<f32>(xr + o) * scale) * load<f32>(weight + o));
    }
  }
}

/** NeoX RoPE in place on x (n, heads, headDim); positions (n) i32; cache: ropeDim f32 scratch. */
export function ropeNeox(x: usize, n: i32, heads: i32, headDim: i32, ropeDim: i32, positions: usize, theta: f32, cache: usize, freqScale: f32): void {
  const thetaScale = Mathf.pow(theta, <f32>-2 / <f32>ropeDim);
  const half = ropeDim >> 1;
  for (let t = 0; t < n; t++) {
    let a = <f32>load<i32>(positions + (<usize>t << 2));
    for (let i = 0; i < half; i++) {
      const angle = a * freqScale; // linear RoPE scaling; exact when freqScale is 1
      store<f32>(cache + (<usize>i << 3), Mathf.cos(angle));
      store<f32>(cache + (<usize>i << 3) + 4, Mathf.sin(angle));
      a *= thetaScale;
    }
    for (let h = 0; h < heads; h++) {
      const row = x + ((<usize>t * <usize>heads + <usize>h) * <usize>headDim << 2);
      // Four pairs at a time (the same operations lane-wise), then one at a time.
      let i = 0;
      for (; i + 4 <= half; i += 4) {
        const cs0 = v128.load(cache + (<usize>i << 3)), cs1 = v128.load(cache + (<usize>i << 3), 16);
        const c = i32x4.shuffle(cs0, cs1, 0, 2, 4, 6), s = i32x4.shuffle(cs0, cs1, 1, 3, 5, 7);
        const p0 = row + (<usize>i << 2);
        const p1 = row + (<usize>(i + half) << 2);
        const x0 = v128.load(p0), x1 = v128.load(p1);
        v128.store(p0, f32x4.sub(f32x4.mul(x0, c), f32x4.mul(x1, s)));
        v128.store(p1, f32x4.add(f32x4.mul(x0, s), f32x4.mul(x1, c)));
      }
      for (; i < half; i++) {
        const c = load<f32>(cache + (<usize>i << 3));
        const s = load<f32>(cache + (<usize>i << 3) + 4);
        const p0 = row + (<usize>i << 2);
        const p1 = row + (<usize>(i + half) << 2);
        const x0 = load<f32>(p0);
        const x1 = load<f32>(p1);
        store<f32>(p0, x0 * c - x1 * s);
        store<f32>(p1, x0 * s + x1 * c);
      }
    }
  }
}

/** Writes k, v (n, kvDim) f32 as f16 into the caches (t, kvDim) from row `start`. */
/** k, v (n, g, e) f32 → F16 caches (g, cap, e) at positions start .. start+n-1. */
export function storeKv(k: usize, v: usize, kc: usize, vc: usize, start: i32, n: i32, kvHeads: i32, e: i32, cap: i32): void {
  for (let t = 0; t < n; t++) {
    for (let g = 0; g < kvHeads; g++) {
      const src = <usize>(t * kvHeads + g) * <usize>e << 2;
      const dst = (<usize>g * <usize>cap + <usize>(start + t)) * <usize>e << 1;
      toF16Row(k + src, kc + dst, e);
      toF16Row(v + src, vc + dst, e);
    }
  }
}

/** len f32 at src → F16 at dst, 8 at a time (same bits as f32ToF16). */
function toF16Row(src: usize, dst: usize, len: i32): void {
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    const a = f32x4ToF16Bits(v128.load(src + (<usize>i << 2)));
    const b = f32x4ToF16Bits(v128.load(src + (<usize>i << 2), 16));
    v128.store(dst + (<usize>i << 1), i16x8.narrow_i32x4_u(a, b));
  }
  for (; i < len; i++) store<u16>(dst + (<usize>i << 1), <u16>f32ToF16(load<f32>(src + (<usize>i << 2))));
}

/** out = silu(gate) · up, silu(x) = x / (1 + e^-x). out may equal gate. */
export function swiglu(gate: usize, up: usize, len: i32, out: usize): void {
  let i = 0;
  const one = f32x4.splat(1);
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(gate + o);
    v128.store(out + o, f32x4.mul(f32x4.div(g, f32x4.add(one, expF32x4(f32x4.neg(g)))), v128.load(up + o)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(gate + o);
    store<f32>(out + o, (g / (<f32>1 + Mathf.exp(-g))) * load<f32>(up + o));
  }
}

/**
 * out = gelu_tanh(gate) · up, as ggml's CPU GeGLU (GGML_GELU_FP16): 0 for gate ≤ −10, gate · up
 * for gate ≥ 10, else table[f16(gate)] · up with `table` the 65,536 f16 GELU values the host
 * fills (kernels/gelu-table.ts). out may equal gate.
 */
export function geglu(gate: usize, up: usize, len: i32, out: usize, table: usize): void {
  for (let i = 0; i < len; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(gate + o);
    const u = load<f32>(up + o);
    let y: f32;
    if (g <= <f32>-10) y = 0;
    else if (g >= <f32>10) y = g * u;
    else y = f16ToF32(<u32>load<u16>(table + (<usize>f32ToF16(g) << 1))) * u;
    store<f32>(out + o, y);
  }
}

/** out = x · s (f32, as ggml_scale). out may equal x. */
export function scale(x: usize, s: f32, len: i32, out: usize): void {
  let i = 0;
  const sv = f32x4.splat(s);
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.mul(v128.load(x + o), sv));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(x + o) * s);
  }
}

/** out = a + b. */
export function add(a: usize, b: usize, len: i32, out: usize): void {
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
  }
}
