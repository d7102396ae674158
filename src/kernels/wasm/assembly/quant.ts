// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Activation quantizers: one row of f32 → the weight type's vec_dot_type, as llama.cpp's x86
// CPU build does: Q8_0/Q8_1 like its AVX2 quantize_row_q8_0/_q8_1 (id = 127/amax, round half to
// even; the _ref versions use 1/d and round half away from zero — they differ only on ties and
// 1-ulp scale differences), Q8_K like quantize_row_q8_K_ref (used on x86 too).
// Block layouts (bytes): Q8_0 = f16 d, i8 qs[32] (34); Q8_1 = f16 d, f16 s, i8 qs[32] (36);
// Q8_K here = f32 d, i8 qs[256], i16 bsums[16], i16 sums32[8] (308; sums32 = pairs of bsums);
// Q8_Kp (for Q4_K weights) the same with qs in q4k.ts's lane-interleaved order.
// Q8_0W (for Q8_0 weights) = f32x4 splat of d, i16 qs[32] (80): the Q8_0 block pre-widened once
// per row, its scale ready to multiply a vector (no per-block splat in the dot products).
import { f16ToF32, f32ToF16, roundF16, roundBF16 } from "./f16";

/** max |x[i]| over len (a multiple of 4) values; NaN if any is NaN (f32x4.max propagates it, as Mathf.max does). */
function absMax(x: usize, len: i32): f32 {
  let m = f32x4.splat(0);
  for (let i = 0; i < len; i += 4) m = f32x4.max(m, f32x4.abs(v128.load(x + (<usize>i << 2))));
  return Mathf.max(Mathf.max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), Mathf.max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
}

export function quantizeQ8_0(x: usize, k: i32, y: usize): void {
  const top = i32x4.splat(127); // never binds: |x·id| ≤ 127
  for (let b = 0; b < k / 32; b++) {
    const xb = x + (<usize>b << 7);
    const yb = y + <usize>b * 34;
    const amax = absMax(xb, 32);
    const d: f32 = amax / 127;
    const id: f32 = amax != 0 ? <f32>127 / amax : 0;
    store<u16>(yb, <u16>f32ToF16(d));
    const scale = f32x4.splat(id);
    v128.store(yb + 2, quantize16(xb, scale, top));
    v128.store(yb + 18, quantize16(xb + 64, scale, top));
  }
}

/**
 * Q8_0 quantization, then widened: f32x4 splat of d (the f16-rounded scale), i16 qs[32].
 * groupScalesQ8_0W then turns the splats of each whole group of 4 rows into [d0 d1 d2 d3].
 */
export function quantizeQ8_0W(x: usize, k: i32, y: usize, tmp: usize): void {
  for (let b = 0; b < k / 32; b++) {
    quantizeQ8_0(x + (<usize>b << 7), 32, tmp);
    const yb = y + <usize>b * 80;
    v128.store(yb, f32x4.splat(f16ToF32(<u32>load<u16>(tmp))));
    v128.store(yb + 16, i16x8.extend_low_i8x16_s(v128.load(tmp + 2)));
    v128.store(yb + 32, i16x8.extend_high_i8x16_s(v128.load(tmp + 2)));
    v128.store(yb + 48, i16x8.extend_low_i8x16_s(v128.load(tmp + 18)));
    v128.store(yb + 64, i16x8.extend_high_i8x16_s(v128.load(tmp + 18)));
  }
}

/**
 * For every group of rows 4g .. 4g+3 inside [r0, r1): each row's block-scale slot becomes the
 * group's four scales [d_4g .. d_4g+3], so a kernel serving 4 tokens loads them as one vector;
 * row r's own scale stays in lane r & 3 (rows of an incomplete group keep their splat).
 */
export function groupScalesQ8_0W(xq: usize, nb: i32, r0: i32, r1: i32): void {
  const rowBytes = <usize>nb * 80;
  for (let g = (r0 + 3) & ~3; g + 4 <= r1; g += 4) {
    const x0 = xq + <usize>g * rowBytes;
    for (let b = 0; b < nb; b++) {
      const p = x0 + <usize>b * 80;
      const d = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(v128.load(p), 1, load<f32>(p + rowBytes)), 2, load<f32>(p + 2 * rowBytes)), 3, load<f32>(p + 3 * rowBytes));
      v128.store(p, d);
      v128.store(p + rowBytes, d);
      v128.store(p + 2 * rowBytes, d);
      v128.store(p + 3 * rowBytes, d);
    }
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

/**
 * 16 f32 at x → 16 i8 (element order) of min(127, nearest(x·scale)), 4 lanes at a time: the same
 * IEEE operations as the scalar formula, so the same bytes. The i16/i8 narrowing saturates,
 * which never triggers: |x·scale| ≤ 127.5 when scale comes from the block's own maximum.
 */
// @ts-ignore: decorator
@inline
function quantize16(x: usize, scale: v128, top: v128): v128 {
  const q0 = i32x4.min_s(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(scale, v128.load(x)))), top);
  const q1 = i32x4.min_s(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(scale, v128.load(x, 16)))), top);
  const q2 = i32x4.min_s(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(scale, v128.load(x, 32)))), top);
  const q3 = i32x4.min_s(i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(scale, v128.load(x, 48)))), top);
  return i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(q0, q1), i16x8.narrow_i32x4_s(q2, q3));
}

/** Sum of the 16 i8 lanes of v. */
// @ts-ignore: decorator
@inline
function sumI8x16(v: v128): i32 {
  const w = i32x4.extadd_pairwise_i16x8_s(i16x8.extadd_pairwise_i8x16_s(v));
  return i32x4.extract_lane(w, 0) + i32x4.extract_lane(w, 1) + i32x4.extract_lane(w, 2) + i32x4.extract_lane(w, 3);
}

/**
 * Q8_K, or with `permuted` Q8_Kp (values in q4k.ts's lane-interleaved order, bsums
 * even-then-odd). As ggml's quantize_row_q8_K_ref: the scale comes from the first element of
 * largest magnitude (NaNs skipped), iscale = −127/max, q = min(127, nearest(iscale·x)).
 */
export function quantizeQ8_K(x: usize, k: i32, y: usize, permuted: bool): void {
  const top = i32x4.splat(127);
  for (let b = 0; b < k / 256; b++) {
    const xb = x + (<usize>b << 10);
    const yb = y + <usize>b * 308;
    // pmax ignores NaN lanes (a < NaN is false), as the scalar `>` comparison did.
    let m = f32x4.splat(0);
    for (let j = 0; j < 256; j += 4) m = f32x4.pmax(m, f32x4.abs(v128.load(xb + (<usize>j << 2))));
    const amax = Mathf.max(Mathf.max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), Mathf.max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
    if (amax == 0) {
      memory.fill(yb, 0, 308);
      continue;
    }
    let j = 0;
    while (Mathf.abs(load<f32>(xb + (<usize>j << 2))) != amax) j++;
    const iscale: f32 = <f32>-127 / load<f32>(xb + (<usize>j << 2));
    const scale = f32x4.splat(iscale);
    for (let g = 0; g < 16; g++) {
      const q = quantize16(xb + (<usize>g << 6), scale, top);
      if (permuted) {
        // Pair p of sub-block g is pair v = 8·(g & 1) + p of sub-block32 g >> 1: offset 16v + 2·(g >> 1).
        const o = yb + 4 + ((<usize>g & 1) << 7) + ((<usize>g >> 1) << 1);
        v128.store16_lane(o, q, 0, 0);
        v128.store16_lane(o, q, 1, 16);
        v128.store16_lane(o, q, 2, 32);
        v128.store16_lane(o, q, 3, 48);
        v128.store16_lane(o, q, 4, 64);
        v128.store16_lane(o, q, 5, 80);
        v128.store16_lane(o, q, 6, 96);
        v128.store16_lane(o, q, 7, 112);
      } else {
        v128.store(yb + 4 + (<usize>g << 4), q);
      }
      store<i16>(yb + 260 + (<usize>bsumSlot(g, permuted) << 1), <i16>sumI8x16(q));
    }
    for (let g = 0; g < 8; g++) {
      const even = load<i16>(yb + 260 + (<usize>bsumSlot(2 * g, permuted) << 1));
      const odd = load<i16>(yb + 260 + (<usize>bsumSlot(2 * g + 1, permuted) << 1));
      store<i16>(yb + 292 + (<usize>g << 1), even + odd);
    }
    store<f32>(yb, <f32>1 / iscale);
  }
}

/**
 * Where activation i of a row for F16 weights is stored: within each whole group of 8,
 * evens then odds (x0 x2 x4 x6 x1 x3 x5 x7), matching how dot-float.ts widens 8 weights;
 * the tail past the last whole group stays in place.
 */
// @ts-ignore: decorator
@inline
export function f16ActSlot(i: i32, k: i32): usize {
  if (i >= (k & ~7)) return <usize>i << 2;
  const j = i & 7;
  return <usize>((i & ~7) + ((j & 1) << 2) + (j >> 1)) << 2;
}

/** Activations for F16 weights: rounded to f16, × 2^112 (exact: dot-float.ts skips that rebias on the weights), permuted. */
export function roundRowF16(x: usize, k: i32, y: usize): void {
  for (let i = 0; i < k; i++) store<f32>(y + f16ActSlot(i, k), roundF16(load<f32>(x + (<usize>i << 2))) * reinterpret<f32>(0x77800000));
}

/** Activations for BF16 weights: rounded to bf16, in element order. */
export function roundRowBF16(x: usize, k: i32, y: usize): void {
  for (let i = 0; i < k; i++) store<f32>(y + (<usize>i << 2), roundBF16(load<f32>(x + (<usize>i << 2))));
}
