// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Activation quantizers: one row of f32 → the weight type's vec_dot_type, as llama.cpp's x86
// CPU build does: Q8_0/Q8_1 like its AVX2 quantize_row_q8_0/_q8_1 (id = 127/amax, round half to
// even; the _ref versions use 1/d and round half away from zero — they differ only on ties and
// 1-ulp scale differences), Q8_K like quantize_row_q8_K_ref (used on x86 too).
// Block layouts (bytes): Q8_0 = f16 d, i8 qs[32] (34); Q8_1 = f16 d, f16 s, i8 qs[32] (36);
// Q8_K here = f32 d, i8 qs[256], i16 bsums[16], i16 sums32[8] (308; sums32 = pairs of bsums);
// Q8_Kp (for Q4_K weights) the same with qs in q4k.ts's lane-interleaved order.
// Q8_0W (for Q8_0 weights) = f32 d, i16 qs[32] (68): the Q8_0 block pre-widened once per row.
import { f16ToF32, f32ToF16, roundF16, roundBF16 } from "./f16";
import { permutedOffset } from "./q4k";

function absMax(x: usize, len: i32): f32 {
  let m: f32 = 0;
  for (let i = 0; i < len; i++) m = Mathf.max(m, Mathf.abs(load<f32>(x + (<usize>i << 2))));
  return m;
}

export function quantizeQ8_0(x: usize, k: i32, y: usize): void {
  for (let b = 0; b < k / 32; b++) {
    const xb = x + (<usize>b << 7);
    const yb = y + <usize>b * 34;
    const amax = absMax(xb, 32);
    const d: f32 = amax / 127;
    const id: f32 = amax != 0 ? <f32>127 / amax : 0;
    store<u16>(yb, <u16>f32ToF16(d));
    for (let j = 0; j < 32; j++) store<i8>(yb + 2 + j, <i8><i32>nearest<f32>(load<f32>(xb + (<usize>j << 2)) * id));
  }
}

/** Q8_0 quantization, then widened: f32 d (the f16-rounded scale), i16 qs[32]. */
export function quantizeQ8_0W(x: usize, k: i32, y: usize, tmp: usize): void {
  for (let b = 0; b < k / 32; b++) {
    quantizeQ8_0(x + (<usize>b << 7), 32, tmp);
    const yb = y + <usize>b * 68;
    store<f32>(yb, f16ToF32(<u32>load<u16>(tmp)));
    v128.store(yb + 4, i16x8.extend_low_i8x16_s(v128.load(tmp + 2)));
    v128.store(yb + 20, i16x8.extend_high_i8x16_s(v128.load(tmp + 2)));
    v128.store(yb + 36, i16x8.extend_low_i8x16_s(v128.load(tmp + 18)));
    v128.store(yb + 52, i16x8.extend_high_i8x16_s(v128.load(tmp + 18)));
  }
}

export function quantizeQ8_1(x: usize, k: i32, y: usize): void {
  for (let b = 0; b < k / 32; b++) {
    const xb = x + (<usize>b << 7);
    const yb = y + <usize>b * 36;
    const amax = absMax(xb, 32);
    const d: f32 = amax / 127;
    const id: f32 = amax != 0 ? <f32>127 / amax : 0;
    let sum = 0;
    for (let j = 0; j < 32; j++) {
      const q = <i32>nearest<f32>(load<f32>(xb + (<usize>j << 2)) * id);
      sum += q;
      store<i8>(yb + 4 + j, <i8>q);
    }
    store<u16>(yb, <u16>f32ToF16(d));
    store<u16>(yb + 2, <u16>f32ToF16(<f32>sum * d));
  }
}

/**
 * Where the 16-element sum of sub-block g goes among the bsums: element order, or (Q8_Kp, for
 * the interleaved Q6_K of q6k.ts) the even sub-blocks first, then the odd ones.
 */
// @ts-ignore: decorator
@inline
function bsumSlot(g: i32, permuted: bool): i32 {
  return permuted ? ((g & 1) << 3) | (g >> 1) : g;
}

/** Q8_K, or with `permuted` Q8_Kp (values in q4k.ts's lane-interleaved order, bsums even-then-odd). */
export function quantizeQ8_K(x: usize, k: i32, y: usize, permuted: bool): void {
  for (let b = 0; b < k / 256; b++) {
    const xb = x + (<usize>b << 10);
    const yb = y + <usize>b * 308;
    let amax: f32 = 0;
    let max: f32 = 0;
    for (let j = 0; j < 256; j++) {
      const v = load<f32>(xb + (<usize>j << 2));
      if (Mathf.abs(v) > amax) { amax = Mathf.abs(v); max = v; }
    }
    if (amax == 0) {
      memory.fill(yb, 0, 308);
      continue;
    }
    const iscale: f32 = <f32>-127 / max;
    for (let g = 0; g < 16; g++) {
      let s = 0;
      for (let j = g * 16; j < g * 16 + 16; j++) {
        const q = min(127, <i32>nearest<f32>(iscale * load<f32>(xb + (<usize>j << 2))));
        store<i8>(yb + 4 + (permuted ? permutedOffset(j) : j), <i8>q);
        s += q;
      }
      store<i16>(yb + 260 + (<usize>bsumSlot(g, permuted) << 1), <i16>s);
    }
    for (let g = 0; g < 8; g++) {
      const even = load<i16>(yb + 260 + (<usize>bsumSlot(2 * g, permuted) << 1));
      const odd = load<i16>(yb + 260 + (<usize>bsumSlot(2 * g + 1, permuted) << 1));
      store<i16>(yb + 292 + (<usize>g << 1), even + odd);
    }
    store<f32>(yb, <f32>1 / iscale);
  }
}

/** F16 weights: activations rounded to f16, kept as f32 lanes. */
export function roundRowF16(x: usize, k: i32, y: usize): void {
  for (let i = 0; i < k; i++) store<f32>(y + (<usize>i << 2), roundF16(load<f32>(x + (<usize>i << 2))));
}

export function roundRowBF16(x: usize, k: i32, y: usize): void {
  for (let i = 0; i < k; i++) store<f32>(y + (<usize>i << 2), roundBF16(load<f32>(x + (<usize>i << 2))));
}
