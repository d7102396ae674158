// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Matrix products on stored weight blocks. The caller quantizes the activations first
// (quantizeActs) so that every thread reads the same quantized rows.
// Type ids are GGML's (ggml-type.ts, generated from src/tensor/dtypes.ts). `tmp` is the thread's
// kernel scratch: SCRATCH_HEAD bytes for the kernels, then its prompt tile (../layout.ts).
import { GgmlType } from "./ggml-type";
import { SCRATCH_HEAD } from "../layout";
import { dotF16, dotBF16, dotF32, dotHalf4BF16, dotHalf4F16, dotHalf8BF16, dotHalf8F16, dotHalfx4, dotHalfx4Tiled, widenRows } from "./dot-float";
import { dotQ4_0, dotQ4_1, dotQ5_0, dotQ5_1 } from "./dot-legacy";
import { BYTE_BLOCK, byteCopyQ8_0, groupCopyBytes, interleaveQ8_0W, matmulQ8_0 } from "./q8";
import { Q8_TILE_BLOCK, interleavedBytes, interleaveQ8_0 } from "./q8-bytedot";
import { interleaveQ8_Kp, interleaveQ8_KpPairs, kqGroupBytes, kqPairBytes } from "./kq-groups";
import { kqTileBytes, matmulKPrompt } from "./kq-prompt";
import { byteDotOn, decodeShortOn, kqByteDotOn, q4kTileMinTokens, q6kTileMinTokens } from "./consts";
import { dotQ5_K, dotQ5_Kx4 } from "./q5k";
import { addSubnormalF16 } from "./f16-sparse";
import { dotQ6_K, dotQ6_K4, dotQ6_Kx2, dotQ6_Kx4 } from "./q6k";
import { dotQ4_K, dotQ4_K4, dotQ4_Kx2, dotQ4_Kx4 } from "./q4k";
import { dotIQ4_NL, dotIQ4_NLx4 } from "./iq4nl";
import { dotQ2_K, dotQ2_Kx4 } from "./q2k";
import { dotQ3_K, dotQ3_Kx4 } from "./q3k";
import { SIGN_MAGNITUDE_BLOCK, SIGN_MAGNITUDE_MAX_BLOCKS, dotIQ4_XS, dotIQ4_XSSignMagnitude, dotIQ4_XSx4, signMagnitudeQ8_Kp } from "./iq4xs";
import { dotIQ3_S, dotIQ3_XXS } from "./iq3";
import { dotIQ2_S, dotIQ2_XS, dotIQ2_XXS } from "./iq2";
import { dotUnpackedType, matmulUnpacked, unpackedTileBytes } from "./unpacked-dot";
import { unpackedBlockBytes } from "./unpack";
import { groupScalesQ8_0W, quantizeQ8_0, quantizeQ8_0W, quantizeQ8_1, quantizeQ8_K, roundRowBF16, roundRowF16 } from "./quant";

/** Bytes of one activation row of `cols` values in the vec_dot_type of weight type `type`. */
export function actRowBytes(type: i32, cols: i32): i32 {
  switch (type) {
    case GgmlType.Q8_0: return (cols >> 5) * 80;
    case GgmlType.Q4_0: case GgmlType.Q5_0: case GgmlType.IQ4_NL: return (cols >> 5) * 34;
    case GgmlType.Q4_1: case GgmlType.Q5_1: return (cols >> 5) * 36;
    case GgmlType.Q3_K: case GgmlType.Q4_K: case GgmlType.Q5_K: case GgmlType.Q6_K: return (cols >> 8) * 308;
    case GgmlType.Q2_K: case GgmlType.IQ2_XXS: case GgmlType.IQ2_XS: case GgmlType.IQ3_XXS: case GgmlType.IQ1_S: case GgmlType.IQ3_S: case GgmlType.IQ2_S: case GgmlType.IQ4_XS: case GgmlType.IQ1_M: return (cols >> 8) * 308;
    default: return cols << 2;
  }
}

/**
 * Bytes of the whole activation buffer for n rows: n rows of actRowBytes, then, for Q8_0 on a
 * host with the byte dot (q8-bytedot.ts), the token-interleaved copy of its whole groups of 4
 * (one token: its byte copy, q8.ts BYTE_BLOCK), elsewhere its group copy (q8.ts
 * interleaveQ8_0W), or for K-quant prompts the two copies of kq-groups.ts.
 */
export function actBytes(type: i32, cols: i32, n: i32): usize {
  const rows = <usize>n * <usize>actRowBytes(type, cols);
  if (type == GgmlType.Q8_0 && byteDotPath()) return rows + (n == 1 ? <usize>(cols >> 5) * BYTE_BLOCK : interleavedBytes(cols >> 5, n));
  if (type == GgmlType.Q8_0) return rows + groupCopyBytes(cols >> 5, n);
  if (readsQ8Kp(type) && kqCopiesFor(n)) return rows + kqGroupBytes(cols >> 8, n) + (kqByteDotOn() ? kqPairBytes(cols >> 8, n) : 0);
  if (signMagnitudeCopy(type, cols, n)) return rows + <usize>(cols >> 8) * SIGN_MAGNITUDE_BLOCK;
  return rows;
}

/**
 * True when one token's Q8_Kp row carries its sign-magnitude copy after it (iq4xs.ts
 * signMagnitudeQ8_Kp), which IQ4_XS decode reads (relaxed build, rows up to
 * SIGN_MAGNITUDE_MAX_BLOCKS, where the copy stays in L1). Every Q8_Kp pass makes it,
 * whichever type leads: an IQ4_XS file's Q, K and V may share one pass with a Q5_K V. Not
 * where the host sends single tokens to the tile kernels: their copies take that place.
 */
// @ts-ignore: decorator
@inline
export function signMagnitudeCopy(type: i32, cols: i32, n: i32): bool {
  return ASC_FEATURE_RELAXED_SIMD && n == 1 && cols >> 8 <= SIGN_MAGNITUDE_MAX_BLOCKS && readsQ8Kp(type) && !kqCopiesFor(1);
}

/**
 * Bytes of scratch a thread needs past its first SCRATCH_HEAD for a prompt tile of a weight of this type
 * and width (kq-prompt.ts, q8-bytedot.ts); 0 when its kernels use none.
 */
export function tileBytes(type: i32, cols: i32): usize {
  if (type == GgmlType.Q4_K || type == GgmlType.Q6_K) return kqTileBytes(cols >> 8);
  // Q2_K, Q3_K, Q5_K, IQ4_XS: no tile, but the commit-time repack takes 512 bytes of each thread's scratch.
  if (type == GgmlType.Q2_K || type == GgmlType.Q3_K || type == GgmlType.Q5_K || type == GgmlType.IQ4_XS) return 512;
  // The grid I-quants: a prompt's tile of 16 unpacked rows (IQ1: at least one block for one token).
  if (unpackedBlockBytes(type) > 0) return unpackedTileBytes(cols >> 8);
  if (type == GgmlType.F16 || type == GgmlType.BF16) return 16 * (<usize>cols << 2);
  if (type == GgmlType.Q8_0 && byteDotPath()) return 16 * <usize>(cols >> 5) * Q8_TILE_BLOCK;
  return 0;
}

/**
 * True for the types whose activations are Q8_Kp (q4k.ts): Q2_K to Q6_K and IQ4_XS, all repacked
 * lane-interleaved at commit, so weights of these types can share one activation pass.
 */
// @ts-ignore: decorator
@inline
export function readsQ8Kp(type: i32): bool {
  return (type >= GgmlType.Q2_K && type <= GgmlType.Q6_K) || type == GgmlType.IQ4_XS;
}

/**
 * True when a Q4_K or Q6_K batch of n tokens takes kq-prompt.ts's kernels (relaxed build), where
 * unpacking each tile once pays off: Q4_K from the host's threshold (consts.ts
 * q4kTileMinTokens: 8 by default, so 8–15 concurrent decode steps take it too), Q6_K, whose
 * 4-token kernel unpacks cheaply, from its own (q6kTileMinTokens: 16 by default; BENCHMARKS.md,
 * "batched decode"). Tests force either way (kernels.ts kqPrompt).
 */
// @ts-ignore: decorator
@inline
export function kqPromptPath(type: i32, n: i32): bool {
  return ASC_FEATURE_RELAXED_SIMD && n >= (type == GgmlType.Q4_K ? q4kTileMinTokens() : q6kTileMinTokens());
}

/**
 * True when a batch of n tokens on Q8_Kp activations builds kq-groups.ts's copies: when a Q4_K
 * or a Q6_K weight of the pass would take kq-prompt.ts (whatever type leads the pass).
 */
// @ts-ignore: decorator
@inline
export function kqCopiesFor(n: i32): bool {
  return kqPromptPath(GgmlType.Q4_K, n) || kqPromptPath(GgmlType.Q6_K, n);
}

/** True when Q8_0 batches take q8-bytedot.ts's kernels (relaxed build, host flag set). */
// @ts-ignore: decorator
@inline
export function byteDotPath(): bool {
  return ASC_FEATURE_RELAXED_SIMD && byteDotOn();
}

/**
 * x (n, cols) f32 → xq (actBytes): rows r0 .. r1-1 of the n rows in the vec_dot_type of weight
 * type `type`, with the per-group data (Q8_0W's grouped scales and copies) of the
 * whole groups of 4 inside [r0, r1) — so threads quantizing ranges that start on multiples of
 * 4 build the whole buffer together (kernels.ts). Returns 0, or -1 for an unknown type.
 */
export function quantizeActs(type: i32, x: usize, cols: i32, xq: usize, n: i32, r0: i32, r1: i32, tmp: usize): i32 {
  const xb = <usize>actRowBytes(type, cols);
  for (let r = r0; r < r1; r++) {
    const src = x + (<usize>r * <usize>cols << 2);
    const dst = xq + <usize>r * xb;
    switch (type) {
      case GgmlType.F32: memory.copy(dst, src, <usize>cols << 2); break;
      case GgmlType.F16: roundRowF16(src, cols, dst); break;
      case GgmlType.BF16: roundRowBF16(src, cols, dst); break;
      case GgmlType.Q8_0: quantizeQ8_0W(src, cols, dst, tmp); break;
      case GgmlType.Q4_0: case GgmlType.Q5_0: case GgmlType.IQ4_NL: quantizeQ8_0(src, cols, dst); break;
      case GgmlType.Q4_1: case GgmlType.Q5_1: quantizeQ8_1(src, cols, dst); break;
      case GgmlType.Q2_K: case GgmlType.Q3_K: case GgmlType.Q4_K: case GgmlType.Q5_K: case GgmlType.Q6_K: case GgmlType.IQ4_XS: quantizeQ8_K(src, cols, dst, true); break;
      case GgmlType.IQ2_XXS: case GgmlType.IQ2_XS: case GgmlType.IQ3_XXS: case GgmlType.IQ1_S: case GgmlType.IQ3_S: case GgmlType.IQ2_S: case GgmlType.IQ1_M: quantizeQ8_K(src, cols, dst, false); break;
      default: return -1;
    }
  }
  if (type == GgmlType.Q8_0) {
    groupScalesQ8_0W(xq, cols >> 5, r0, r1);
    if (byteDotPath()) {
      // Batches: the interleaved copy of their whole groups of 4; decode: its row's byte copy.
      if (n > 1) interleaveQ8_0(xq, cols >> 5, r0, r1, xq + <usize>n * xb);
      else if (r0 == 0 && r1 == 1) byteCopyQ8_0(xq, cols >> 5, xq + xb);
    } else interleaveQ8_0W(xq, cols >> 5, r0, r1, xq + <usize>n * xb);
  }
  if (signMagnitudeCopy(type, cols, n) && r0 == 0 && r1 == 1) signMagnitudeQ8_Kp(xq, cols >> 8, xq + xb);
  if (readsQ8Kp(type) && kqCopiesFor(n)) {
    // Both copies: one activation buffer may feed Q4_K and Q6_K weights (Q4_K_M's Q, K and V;
    // Q5_K_M's Q5_K Q/K and Q6_K V; Q3_K_M's Q3_K Q/K and Q4_K V), whichever type comes first.
    const xt = xq + <usize>n * xb;
    interleaveQ8_Kp(xq, cols >> 8, r0, r1, xt);
    // The pair copy only for the byte-dot Q4_K kernels (kq-prompt.ts).
    if (kqByteDotOn()) interleaveQ8_KpPairs(xq, cols >> 8, r0, r1, xt + kqGroupBytes(cols >> 8, n));
  }
  return 0;
}

// @ts-ignore: decorator
@inline
function dotRow(type: i32, w: usize, x: usize, cols: i32, tmp: usize): f32 {
  switch (type) {
    case GgmlType.F32: return dotF32(w, x, cols);
    case GgmlType.F16: return dotF16(w, x, cols);
    case GgmlType.BF16: return dotBF16(w, x, cols);
    case GgmlType.Q4_0: return dotQ4_0(w, x, cols >> 5);
    case GgmlType.Q4_1: return dotQ4_1(w, x, cols >> 5);
    case GgmlType.Q5_0: return dotQ5_0(w, x, cols >> 5);
    case GgmlType.Q5_1: return dotQ5_1(w, x, cols >> 5);
    case GgmlType.Q4_K: return dotQ4_K(w, x, cols >> 8);
    case GgmlType.Q5_K: return dotQ5_K(w, x, cols >> 8);
    case GgmlType.Q6_K: return dotQ6_K(w, x, cols >> 8);
    case GgmlType.IQ4_NL: return dotIQ4_NL(w, x, cols >> 5);
    case GgmlType.Q2_K: return dotQ2_K(w, x, cols >> 8);
    case GgmlType.Q3_K: return dotQ3_K(w, x, cols >> 8);
    case GgmlType.IQ4_XS: return dotIQ4_XS(w, x, cols >> 8);
    // The 2- and 3-bit grid I-quants straight from their stored blocks (grid entries gathered per 16 weights).
    case GgmlType.IQ3_XXS: return dotIQ3_XXS(w, x, cols >> 8);
    case GgmlType.IQ3_S: return dotIQ3_S(w, x, cols >> 8);
    case GgmlType.IQ2_XXS: return dotIQ2_XXS(w, x, cols >> 8);
    case GgmlType.IQ2_XS: return dotIQ2_XS(w, x, cols >> 8);
    case GgmlType.IQ2_S: return dotIQ2_S(w, x, cols >> 8);
    // IQ1_S, IQ1_M: tmp + SCRATCH_HEAD is the thread's tile, at least one unpacked block.
    default: return dotUnpackedType(type, w, x, cols >> 8, tmp + SCRATCH_HEAD);
  }
}

/**
 * One token (decode) · rows [r0, r1) → y. The weights come from DRAM, so the access pattern is
 * the cost, and the best one depends on the host's memory system; the host picks one per memory
 * (consts.ts decodeShortOn, set by decode-tuner.ts), and every pattern gives the one-row
 * kernels' bits.
 * - Long streams (default): F16 / BF16 in four equal parts read side by side, each one long
 *   sequential stream; every other type a row at a time. AMD EPYC Zen 5 host, 1.7B decode step,
 *   2 threads, alternating runs: Q4_K_M 66 → 34–39 ms against short streams (four long streams:
 *   41, two: 35); F16 170 → 88 ms (long streams: one 139, two 91, eight 108).
 * - Short streams: each whole 16-row tile as rows 4 apart (Q4_K, Q6_K: four streams) or 2 apart
 *   (F16 / BF16: eight). On the Sapphire Rapids host (1 GB of weights, 2 threads) this took Q4_K
 *   from 10.8 (a row at a time) to 19.4 GB/s and F16 from 11.2 (two rows) to 25.5.
 */
function decodeRows(type: i32, w: usize, rowBytes: i32, cols: i32, x: usize, y: usize, r0: i32, r1: i32, tmp: usize): void {
  const half = type == GgmlType.F16 || type == GgmlType.BF16;
  if (decodeShortOn() && (half || type == GgmlType.Q4_K || type == GgmlType.Q6_K)) {
    let t0 = r0;
    for (; t0 + 16 <= r1; t0 += 16) {
      if (half) {
        for (let r = t0; r < t0 + 2; r++) {
          const wr = w + <usize>r * <usize>rowBytes, yo = y + (<usize>r << 2);
          if (type == GgmlType.BF16) dotHalf8BF16(wr, 2 * <usize>rowBytes, x, cols, yo, 8);
          else dotHalf8F16(wr, 2 * <usize>rowBytes, x, cols, yo, 8);
        }
      } else {
        for (let r = t0; r < t0 + 4; r++) {
          const wr = w + <usize>r * <usize>rowBytes, yo = y + (<usize>r << 2);
          if (type == GgmlType.Q4_K) dotQ4_K4(wr, 4 * <usize>rowBytes, x, cols >> 8, yo, 16);
          else dotQ6_K4(wr, 4 * <usize>rowBytes, x, cols >> 8, yo, 16);
        }
      }
    }
    for (let r = t0; r < r1; r++) store<f32>(y + (<usize>r << 2), dotRow(type, w + <usize>r * <usize>rowBytes, x, cols, tmp));
    return;
  }
  let r = r0;
  if (half) {
    const per = (r1 - r0) >> 2; // rows per stream
    const gap = <usize>per * <usize>rowBytes, yGap = <usize>per << 2;
    for (let i = 0; i < per; i++, r++) {
      if (type == GgmlType.BF16) dotHalf4BF16(w + <usize>r * <usize>rowBytes, gap, x, cols, y + (<usize>r << 2), yGap);
      else dotHalf4F16(w + <usize>r * <usize>rowBytes, gap, x, cols, y + (<usize>r << 2), yGap);
    }
    r = r0 + (per << 2);
  }
  if (type == GgmlType.IQ4_XS && signMagnitudeCopy(type, cols, 1)) {
    const sm = x + <usize>actRowBytes(type, cols); // the token's sign-magnitude copy follows its row (actBytes)
    for (; r < r1; r++) store<f32>(y + (<usize>r << 2), dotIQ4_XSSignMagnitude(w + <usize>r * <usize>rowBytes, sm, cols >> 8));
    return;
  }
  for (; r < r1; r++) store<f32>(y + (<usize>r << 2), dotRow(type, w + <usize>r * <usize>rowBytes, x, cols, tmp));
}

/**
 * y (n, rows) f32 = xq (n, ·) · w[r0 .. r1)ᵀ. w: rows × rowBytes stored blocks.
 * Rows go in tiles of 16 so a tile of weights stays in cache while every token passes over it.
 */
export function matmulRows(
  type: i32, w: usize, rowBytes: i32, cols: i32, rows: i32,
  xq: usize, n: i32, y: usize, r0: i32, r1: i32, tmp: usize,
): void {
  if (type == GgmlType.Q8_0) {
    // tmp: SCRATCH_HEAD bytes of kernel scratch, then the thread's tile (tileBytes; kernels.ts sizes it).
    matmulQ8_0(w, <usize>rowBytes, cols, rows, xq, n, y, r0, r1, byteDotPath(), tmp + SCRATCH_HEAD);
    return;
  }
  if ((type == GgmlType.Q4_K || type == GgmlType.Q6_K) && kqPromptPath(type, n)) {
    // tmp: SCRATCH_HEAD bytes of kernel scratch, then the thread's tile (tileBytes; kernels.ts sizes it).
    matmulKPrompt(type, w, <usize>rowBytes, cols, rows, xq, n, y, r0, r1, tmp + SCRATCH_HEAD);
    return;
  }
  if (n >= 2 && unpackedBlockBytes(type) > 0) {
    matmulUnpacked(type, w, <usize>rowBytes, cols, rows, xq, n, y, r0, r1, tmp + SCRATCH_HEAD);
    return;
  }
  const xb = <usize>actRowBytes(type, cols);
  if (n == 1) {
    decodeRows(type, w, rowBytes, cols, xq, y, r0, r1, tmp);
    if (type == GgmlType.F16) addSubnormalF16(w, cols, r0, r1, xq, xb, n, y, <usize>rows << 2);
    return;
  }
  for (let t0 = r0; t0 < r1; t0 += 16) {
    const t1 = min(t0 + 16, r1);
    let j = 0;
    if (readsQ8Kp(type) || type == GgmlType.F16 || type == GgmlType.BF16 || type == GgmlType.IQ4_NL) {
      // Prompt batches: 4 tokens per pass over a weight row (unpacking / widening shared; from
      // 16 tokens, F16 / BF16 rows widened once into the thread's tile, after tmp's SCRATCH_HEAD bytes).
      const ys = <usize>rows << 2;
      const tiled = (type == GgmlType.F16 || type == GgmlType.BF16) && n >= 16;
      if (tiled) widenRows(w, <usize>rowBytes, type == GgmlType.BF16, cols, t0, t1, tmp + SCRATCH_HEAD);
      for (; j + 4 <= n; j += 4) {
        const xr = xq + <usize>j * xb;
        const yr = y + (<usize>j * <usize>rows << 2);
        for (let r = t0; r < t1; r++) {
          const wr = w + <usize>r * <usize>rowBytes;
          if (type == GgmlType.Q4_K) dotQ4_Kx4(wr, xr, xb, cols >> 8, yr + (<usize>r << 2), ys);
          else if (type == GgmlType.Q6_K) dotQ6_Kx4(wr, xr, xb, cols >> 8, yr + (<usize>r << 2), ys);
          else if (type == GgmlType.Q5_K) dotQ5_Kx4(wr, xr, xb, cols >> 8, yr + (<usize>r << 2), ys, tmp + SCRATCH_HEAD);
          else if (type == GgmlType.Q2_K) dotQ2_Kx4(wr, xr, xb, cols >> 8, yr + (<usize>r << 2), ys, tmp + SCRATCH_HEAD);
          else if (type == GgmlType.Q3_K) dotQ3_Kx4(wr, xr, xb, cols >> 8, yr + (<usize>r << 2), ys, tmp + SCRATCH_HEAD);
          else if (type == GgmlType.IQ4_XS) dotIQ4_XSx4(wr, xr, xb, cols >> 8, yr + (<usize>r << 2), ys);
          else if (type == GgmlType.IQ4_NL) dotIQ4_NLx4(wr, xr, xb, cols >> 5, yr + (<usize>r << 2), ys);
          else if (tiled) dotHalfx4Tiled(wr, tmp + SCRATCH_HEAD + <usize>(r - t0) * (<usize>cols << 2), type == GgmlType.BF16, xr, xb, cols, yr + (<usize>r << 2), ys);
          else dotHalfx4(wr, type == GgmlType.BF16, xr, xb, cols, yr + (<usize>r << 2), ys);
        }
      }
      // Two tokens left (a batch of 2, 3, 6, 7, …): Q4_K / Q6_K blocks unpacked once for both.
      if ((type == GgmlType.Q4_K || type == GgmlType.Q6_K) && j + 2 <= n) {
        const xr = xq + <usize>j * xb;
        const yr = y + (<usize>j * <usize>rows << 2);
        for (let r = t0; r < t1; r++) {
          const wr = w + <usize>r * <usize>rowBytes;
          if (type == GgmlType.Q4_K) dotQ4_Kx2(wr, xr, xb, cols >> 8, yr + (<usize>r << 2), ys);
          else dotQ6_Kx2(wr, xr, xb, cols >> 8, yr + (<usize>r << 2), ys);
        }
        j += 2;
      }
    }
    // Tokens left over: a row at a time (the tile is in cache by now, or the first token reads it).
    for (; j < n; j++) {
      const xr = xq + <usize>j * xb;
      const yr = y + (<usize>j * <usize>rows << 2);
      for (let r = t0; r < t1; r++) store<f32>(yr + (<usize>r << 2), dotRow(type, w + <usize>r * <usize>rowBytes, xr, cols, tmp));
    }
    // F16 subnormals, held apart (f16-sparse.ts): the same last step on every path.
    if (type == GgmlType.F16) addSubnormalF16(w, cols, t0, t1, xq, xb, n, y, <usize>rows << 2);
  }
}

