// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q8_0 weights (GGUF block: f16 d, i8 q[32] = 34 bytes) held in row quads. At commit, rows
// 4g .. 4g+3 are interleaved block by block as [f16 d0 d1 d2 d3][q0[32] q1[32] q2[32] q3[32]]
// (136 bytes, the same bytes as four blocks), so a kernel that reads four rows at once still
// streams one sequential run (four rows read side by side in GGUF order are four short streams
// the prefetcher loses: slower than one row at a time). Rows past the last whole quad keep
// GGUF's layout.
//
// Activations are Q8_0W (80 bytes per block: f32x4 of the scales of the row's group of 4 tokens
// [d0 d1 d2 d3] — a splat of its own d when the group is incomplete — then i16 q[32]; quant.ts). Every
// kernel computes each output as Σ_blocks f32(isum) · (d_x · d_w) in block order, the block's
// integer sum exact — ggml's scalar formula — so one row, four rows or four tokens at once give
// the same bits: a thread split or a batched prompt cannot change an output.
import { lutF16 } from "./f16";
import { dotBytesU8, hsumI32, store4 } from "./simd";
import { decodeShortOn, splat80 } from "./consts";
import { Q8_GROUP_BLOCK, Q8_TILE_BLOCK, rowGroups1, rowGroups2, rowGroups4, unpackQ8_0Row } from "./q8-bytedot";

const QUAD_BLOCK: usize = 136;

/** Interleaves whole row quads in place; tmp holds 4 rows (4 × nb × 34 bytes). */
export function repackQ8_0(w: usize, rows: i32, nb: i32, tmp: usize): void {
  const rowBytes = <usize>nb * 34;
  for (let g = 0; g < rows >> 2; g++) {
    const base = w + <usize>g * 4 * rowBytes;
    memory.copy(tmp, base, 4 * rowBytes);
    for (let b = 0; b < nb; b++) {
      const dst = base + <usize>b * QUAD_BLOCK;
      for (let k = 0; k < 4; k++) {
        const src = tmp + <usize>k * rowBytes + <usize>b * 34;
        store<u16>(dst + (<usize>k << 1), load<u16>(src));
        memory.copy(dst + 8 + (<usize>k << 5), src + 2, 32);
      }
    }
  }
}

/** Address of row r's first scale, and the block stride and quant offset from a block's scale. */
// @ts-ignore: decorator
@inline
function scaleAt(w: usize, rowBytes: usize, rows: i32, r: i32): usize {
  return r < (rows & ~3) ? w + <usize>(r >> 2) * 4 * rowBytes + (<usize>(r & 3) << 1) : w + <usize>r * rowBytes;
}
// @ts-ignore: decorator
@inline
function strideAt(rows: i32, r: i32): usize {
  return r < (rows & ~3) ? QUAD_BLOCK : 34;
}
// @ts-ignore: decorator
@inline
function quantsAt(rows: i32, r: i32): usize {
  return r < (rows & ~3) ? 8 + 30 * <usize>(r & 3) : 2;
}

/** out (cols) f32 = held row r (ggml's d·q). */
export function dequantizeQ8_0(w: usize, rowBytes: usize, rows: i32, r: i32, cols: i32, out: usize): void {
  const s = scaleAt(w, rowBytes, rows, r), stride = strideAt(rows, r), qo = quantsAt(rows, r);
  for (let b = 0; b < cols >> 5; b++) {
    const sb = s + <usize>b * stride;
    const d = lutF16(sb);
    for (let j = 0; j < 32; j++) store<f32>(out + ((<usize>b * 32 + j) << 2), d * <f32>load<i8>(sb + qo + j));
  }
}

/** i32x4 partial sums of 32 weights (i8 at q) · one block of i16 activations. */
// @ts-ignore: decorator
@inline
function blockDot(q: usize, a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  return i32x4.add(
    i32x4.add(i32x4.dot_i16x8_s(v128.load8x8_s(q), a0), i32x4.dot_i16x8_s(v128.load8x8_s(q, 8), a1)),
    i32x4.add(i32x4.dot_i16x8_s(v128.load8x8_s(q, 16), a2), i32x4.dot_i16x8_s(v128.load8x8_s(q, 24), a3)),
  );
}

/** i32x4 partial sums of 32 widened weights (4 × i16x8) · one token's 4 vectors of i16 activations. */
// @ts-ignore: decorator
@inline
function widenedDot(w0: v128, w1: v128, w2: v128, w3: v128, a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  return i32x4.add(
    i32x4.add(i32x4.dot_i16x8_s(w0, a0), i32x4.dot_i16x8_s(w1, a1)),
    i32x4.add(i32x4.dot_i16x8_s(w2, a2), i32x4.dot_i16x8_s(w3, a3)),
  );
}

/** [Σa, Σb, Σc, Σd] of four i32x4 (integers: exact in any order). */
// @ts-ignore: decorator
@inline
function sumLanes4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = i32x4.add(i32x4.shuffle(a, b, 0, 4, 1, 5), i32x4.shuffle(a, b, 2, 6, 3, 7));
  const cd = i32x4.add(i32x4.shuffle(c, d, 0, 4, 1, 5), i32x4.shuffle(c, d, 2, 6, 3, 7));
  return i32x4.add(i64x2.shuffle(ab, cd, 0, 2), i64x2.shuffle(ab, cd, 1, 3));
}

/** One row (scales from s, `stride` apart, quants `qo` past each scale) · one Q8_0W row whose scales are splats. */
function dotRow(s: usize, stride: usize, qo: usize, x: usize, nb: i32): f32 {
  let acc: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const sb = s + <usize>b * stride;
    const xb = x + <usize>b * 80;
    const isum = hsumI32(blockDot(sb + qo, v128.load(xb, 16), v128.load(xb, 32), v128.load(xb, 48), v128.load(xb, 64)));
    acc += <f32>isum * (load<f32>(xb) * lutF16(sb));
  }
  return acc;
}

/** f32(isum) · (d_x · d_w) of one block of a row quad (at p) against activations a0..a3 (scales dx): 4 lanes. */
// @ts-ignore: decorator
@inline
function quadTerm(p: usize, a0: v128, a1: v128, a2: v128, a3: v128, dx: v128): v128 {
  const s = sumLanes4(blockDot(p + 8, a0, a1, a2, a3), blockDot(p + 40, a0, a1, a2, a3), blockDot(p + 72, a0, a1, a2, a3), blockDot(p + 104, a0, a1, a2, a3));
  const dw = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(lutF16(p)), 1, lutF16(p + 2)), 2, lutF16(p + 4)), 3, lutF16(p + 6));
  return f32x4.mul(f32x4.convert_i32x4_s(s), f32x4.mul(dx, dw));
}

/** A row quad at q · one Q8_0W row (scales as splats) → y[0..3]; activations loaded once per block. */
function dotQuad(q: usize, x: usize, nb: i32, y: usize): void {
  let acc = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const xb = x + <usize>b * 80;
    acc = f32x4.add(acc, quadTerm(q + <usize>b * QUAD_BLOCK, v128.load(xb, 16), v128.load(xb, 32), v128.load(xb, 48), v128.load(xb, 64), v128.load(xb)));
  }
  v128.store(y, acc);
}

/**
 * `quads` (1, 2, 8 or 16: a constant after inlining) row quads, gap bytes apart, · one Q8_0W row
 * (scales as splats) → y + k·yGap: widened, or on the byte dot (`bytes`: xb8 the token's byte
 * copy), with several weight streams in flight (decodeQ8_0). On the byte dot the accumulators
 * of 16 fit beside its few operands.
 */
// @ts-ignore: decorator
@inline
function dotQuads(q: usize, gap: usize, x: usize, xb8: usize, nb: i32, y: usize, yGap: usize, quads: i32, bytes: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let c4 = f32x4.splat(0), c5 = f32x4.splat(0), c6 = f32x4.splat(0), c7 = f32x4.splat(0);
  let c8 = f32x4.splat(0), c9 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c12 = f32x4.splat(0), c13 = f32x4.splat(0), c14 = f32x4.splat(0), c15 = f32x4.splat(0);
  const flip = splat80();
  for (let b = 0; b < nb; b++) {
    const p = q + <usize>b * QUAD_BLOCK;
    const xb = x + <usize>b * 80, x8 = xb8 + <usize>b * BYTE_BLOCK;
    // Widened: the block's 4 i16 vectors; on the byte dot: its 2 byte vectors and 128·Σq.
    const a0 = bytes ? v128.load(x8) : v128.load(xb, 16), a1 = bytes ? v128.load(x8, 16) : v128.load(xb, 32);
    const a2 = bytes ? v128.load(x8, 32) : v128.load(xb, 48), a3 = bytes ? a2 : v128.load(xb, 64), dx = v128.load(xb);
    c0 = f32x4.add(c0, anyTerm(bytes, p, a0, a1, a2, a3, dx, flip));
    if (quads > 1) c1 = f32x4.add(c1, anyTerm(bytes, p + gap, a0, a1, a2, a3, dx, flip));
    if (quads > 2) {
      c2 = f32x4.add(c2, anyTerm(bytes, p + 2 * gap, a0, a1, a2, a3, dx, flip));
      c3 = f32x4.add(c3, anyTerm(bytes, p + 3 * gap, a0, a1, a2, a3, dx, flip));
      c4 = f32x4.add(c4, anyTerm(bytes, p + 4 * gap, a0, a1, a2, a3, dx, flip));
      c5 = f32x4.add(c5, anyTerm(bytes, p + 5 * gap, a0, a1, a2, a3, dx, flip));
      c6 = f32x4.add(c6, anyTerm(bytes, p + 6 * gap, a0, a1, a2, a3, dx, flip));
      c7 = f32x4.add(c7, anyTerm(bytes, p + 7 * gap, a0, a1, a2, a3, dx, flip));
    }
    if (quads > 8) {
      c8 = f32x4.add(c8, anyTerm(bytes, p + 8 * gap, a0, a1, a2, a3, dx, flip));
      c9 = f32x4.add(c9, anyTerm(bytes, p + 9 * gap, a0, a1, a2, a3, dx, flip));
      c10 = f32x4.add(c10, anyTerm(bytes, p + 10 * gap, a0, a1, a2, a3, dx, flip));
      c11 = f32x4.add(c11, anyTerm(bytes, p + 11 * gap, a0, a1, a2, a3, dx, flip));
      c12 = f32x4.add(c12, anyTerm(bytes, p + 12 * gap, a0, a1, a2, a3, dx, flip));
      c13 = f32x4.add(c13, anyTerm(bytes, p + 13 * gap, a0, a1, a2, a3, dx, flip));
      c14 = f32x4.add(c14, anyTerm(bytes, p + 14 * gap, a0, a1, a2, a3, dx, flip));
      c15 = f32x4.add(c15, anyTerm(bytes, p + 15 * gap, a0, a1, a2, a3, dx, flip));
    }
  }
  v128.store(y, c0);
  if (quads > 1) v128.store(y + yGap, c1);
  if (quads > 2) {
    v128.store(y + 2 * yGap, c2);
    v128.store(y + 3 * yGap, c3);
    v128.store(y + 4 * yGap, c4);
    v128.store(y + 5 * yGap, c5);
    v128.store(y + 6 * yGap, c6);
    v128.store(y + 7 * yGap, c7);
  }
  if (quads > 8) {
    v128.store(y + 8 * yGap, c8);
    v128.store(y + 9 * yGap, c9);
    v128.store(y + 10 * yGap, c10);
    v128.store(y + 11 * yGap, c11);
    v128.store(y + 12 * yGap, c12);
    v128.store(y + 13 * yGap, c13);
    v128.store(y + 14 * yGap, c14);
    v128.store(y + 15 * yGap, c15);
  }
}

/**
 * Decode on the CPU's byte dot (hosts where it is exact on unsigned bytes, q8-bytedot.ts): the
 * token's quants as i8 (BYTE_BLOCK bytes a block: q[32], then 128·Σq as i32x4, written by
 * byteCopyQ8_0), the weights flipped to w + 128 (xor 0x80) on the fly, so one dot takes 16
 * products where widening took two multiplies and two extends; Σ(w + 128)·q − 128·Σq is the
 * block's exact integer sum, and the float step is quadTerm's: the same bits.
 */
export const BYTE_BLOCK: usize = 48;

/** The decode byte copy (BYTE_BLOCK a block) of one Q8_0W row of nb blocks at x → out. */
export function byteCopyQ8_0(x: usize, nb: i32, out: usize): void {
  const one = i16x8.splat(1);
  for (let b = 0; b < nb; b++) {
    const xb = x + <usize>b * 80, o = out + <usize>b * BYTE_BLOCK;
    const q0 = v128.load(xb, 16), q1 = v128.load(xb, 32), q2 = v128.load(xb, 48), q3 = v128.load(xb, 64);
    v128.store(o, i8x16.narrow_i16x8_s(q0, q1));
    v128.store(o, i8x16.narrow_i16x8_s(q2, q3), 16);
    const s = i32x4.add(i32x4.add(i32x4.dot_i16x8_s(q0, one), i32x4.dot_i16x8_s(q1, one)), i32x4.add(i32x4.dot_i16x8_s(q2, one), i32x4.dot_i16x8_s(q3, one)));
    v128.store(o, i32x4.splat(hsumI32(s) << 7), 32);
  }
}

/** quadTerm on the byte dot: block p of a row quad · the token's byte block at a (scale dx). */
// @ts-ignore: decorator
@inline
function quadTermBytes(p: usize, a0: v128, a1: v128, corr: v128, dx: v128, flip: v128): v128 {
  const zero = i32x4.splat(0);
  const r0 = dotBytesU8(a1, v128.xor(v128.load(p, 24), flip), dotBytesU8(a0, v128.xor(v128.load(p, 8), flip), zero));
  const r1 = dotBytesU8(a1, v128.xor(v128.load(p, 56), flip), dotBytesU8(a0, v128.xor(v128.load(p, 40), flip), zero));
  const r2 = dotBytesU8(a1, v128.xor(v128.load(p, 88), flip), dotBytesU8(a0, v128.xor(v128.load(p, 72), flip), zero));
  const r3 = dotBytesU8(a1, v128.xor(v128.load(p, 120), flip), dotBytesU8(a0, v128.xor(v128.load(p, 104), flip), zero));
  const s = i32x4.sub(sumLanes4(r0, r1, r2, r3), corr);
  const dw = f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(lutF16(p)), 1, lutF16(p + 2)), 2, lutF16(p + 4)), 3, lutF16(p + 6));
  return f32x4.mul(f32x4.convert_i32x4_s(s), f32x4.mul(dx, dw));
}

/** quadTerm, or on the byte dot quadTermBytes (a0, a1 the byte vectors, a2 128·Σq). */
// @ts-ignore: decorator
@inline
function anyTerm(bytes: bool, p: usize, a0: v128, a1: v128, a2: v128, a3: v128, dx: v128, flip: v128): v128 {
  return bytes ? quadTermBytes(p, a0, a1, a2, dx, flip) : quadTerm(p, a0, a1, a2, a3, dx);
}

function dotQuad1(q: usize, x: usize, xb8: usize, nb: i32, y: usize, bytes: bool): void {
  if (bytes) dotQuads(q, 0, x, xb8, nb, y, 0, 1, true);
  else dotQuad(q, x, nb, y);
}

function dotQuad2(q: usize, gap: usize, x: usize, xb8: usize, nb: i32, y: usize, yGap: usize, bytes: bool): void {
  if (bytes) dotQuads(q, gap, x, xb8, nb, y, yGap, 2, true);
  else dotQuads(q, gap, x, xb8, nb, y, yGap, 2, false);
}

/** 8 (widened) or 16 (byte dot) consecutive row quads side by side: decode's short streams. */
function dotQuadsShort(q: usize, rowBytes: usize, x: usize, xb8: usize, nb: i32, y: usize, bytes: bool): void {
  if (bytes) dotQuads(q, 4 * rowBytes, x, xb8, nb, y, 16, 16, true);
  else dotQuads(q, 4 * rowBytes, x, xb8, nb, y, 16, 8, false);
}

/**
 * One token (n = 1) · held rows [r0, r1) → y; rows before the first quad boundary (a range
 * that starts mid-quad) and past the last whole quad go one at a time. The weights come from
 * DRAM, so the access pattern is the cost, and the host picks it (matmul.ts decodeRows; both
 * give the same bits):
 * - long streams (default): the range's whole quads in two halves read side by side, each one
 *   long sequential stream. AMD EPYC Zen 5 host, 1.7B Q8_0 decode step, 2 threads, alternating
 *   runs: 100 ms with short streams → 53 (one stream per thread ~53–58, four ~56).
 * - short streams: 16 consecutive quads side by side on the byte dot (8 widened), 8.7 KB
 *   streams: the Sapphire Rapids host's best (2 threads: 4 quads 20.0 GB/s, 8 25.0; 1.7B Q8_0
 *   decode step 95.5 → 93.0 ms with 16).
 */
function decodeQ8_0(w: usize, rowBytes: usize, rows: i32, x: usize, xb8: usize, nb: i32, y: usize, r0: i32, r1: i32, bytes: bool): void {
  const quadEnd = min(r1, rows & ~3) & ~3;
  let r = r0;
  for (; r < r1 && (r & 3) != 0; r++) store<f32>(y + (<usize>r << 2), dotRow(scaleAt(w, rowBytes, rows, r), strideAt(rows, r), quantsAt(rows, r), x, nb));
  if (decodeShortOn()) {
    const span = bytes ? 64 : 32;
    for (; r + span <= quadEnd; r += span) dotQuadsShort(w + <usize>r * rowBytes, rowBytes, x, xb8, nb, y + (<usize>r << 2), bytes);
  } else {
    const half = r < quadEnd ? (quadEnd - r) >> 3 : 0; // quads per stream
    const gap = <usize>half * 4 * rowBytes, yGap = <usize>half << 4;
    for (let i = 0; i < half; i++, r += 4) dotQuad2(w + <usize>r * rowBytes, gap, x, xb8, nb, y + (<usize>r << 2), yGap, bytes);
    r += half << 2;
  }
  for (; r + 4 <= quadEnd; r += 4) dotQuad1(w + <usize>r * rowBytes, x, xb8, nb, y + (<usize>r << 2), bytes);
  for (; r < r1; r++) store<f32>(y + (<usize>r << 2), dotRow(scaleAt(w, rowBytes, rows, r), strideAt(rows, r), quantsAt(rows, r), x, nb));
}

/**
 * Prompt batches on the widened path read the activations' whole groups of 4 tokens from a
 * copy after the n rows (interleaveQ8_0W): group g, block b at g·nb·GROUP_W + b·GROUP_W holds the
 * four tokens' Q8_0W blocks side by side, so a kernel reaches all four at constant offsets from
 * one address (V8 computed each token's address with a lea of its own).
 */
export const GROUP_W: usize = 320;

/** Bytes of the group copy for n rows of nb blocks. */
export function groupCopyBytes(nb: i32, n: i32): usize {
  return <usize>(n >> 2) * <usize>nb * GROUP_W;
}

/** The group copy (after groupScalesQ8_0W) of the whole groups of 4 rows inside [r0, r1). */
export function interleaveQ8_0W(xq: usize, nb: i32, r0: i32, r1: i32, xt: usize): void {
  const rowBytes = <usize>nb * 80;
  for (let g = (r0 + 3) & ~3; g + 4 <= r1; g += 4) {
    const src = xq + <usize>g * rowBytes, dst = xt + (<usize>g >> 2) * <usize>nb * GROUP_W;
    for (let b = 0; b < nb; b++) {
      for (let k: usize = 0; k < 4; k++) memory.copy(dst + <usize>b * GROUP_W + k * 80, src + k * rowBytes + <usize>b * 80, 80);
    }
  }
}

/**
 * groupTerm on a group block at xg (its scales vector at xg, token k's quants 80·k further): every
 * load at a constant offset from xg.
 */
// @ts-ignore: decorator
@inline
function groupTermAt(w0: v128, w1: v128, w2: v128, w3: v128, xg: usize, dw: v128): v128 {
  const s = sumLanes4(
    widenedDot(w0, w1, w2, w3, v128.load(xg, 16), v128.load(xg, 32), v128.load(xg, 48), v128.load(xg, 64)),
    widenedDot(w0, w1, w2, w3, v128.load(xg, 96), v128.load(xg, 112), v128.load(xg, 128), v128.load(xg, 144)),
    widenedDot(w0, w1, w2, w3, v128.load(xg, 176), v128.load(xg, 192), v128.load(xg, 208), v128.load(xg, 224)),
    widenedDot(w0, w1, w2, w3, v128.load(xg, 256), v128.load(xg, 272), v128.load(xg, 288), v128.load(xg, 304)),
  );
  return f32x4.mul(f32x4.convert_i32x4_s(s), f32x4.mul(v128.load(xg), dw));
}

/**
 * One row (as dotRow) · 4, 8 or 16 tokens (`groups` of 4: a constant after inlining, so each
 * variant keeps its accumulators in registers), read from the group copy (xg the first group,
 * gs bytes per group) → f32 at y, ys apart: each block's weights widened once for all of them.
 * 16 tokens a pass against 8: +4 % (Zen 4, 1 and 2 threads, same bits).
 */
// @ts-ignore: decorator
@inline
function dotTokens(s: usize, stride: usize, qo: usize, xg: usize, gs: usize, nb: i32, y: usize, ys: usize, groups: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const sb = s + <usize>b * stride;
    const q = sb + qo;
    const x0 = xg + <usize>b * GROUP_W;
    const w0 = v128.load8x8_s(q), w1 = v128.load8x8_s(q, 8), w2 = v128.load8x8_s(q, 16), w3 = v128.load8x8_s(q, 24);
    const dw = f32x4.splat(lutF16(sb));
    c0 = f32x4.add(c0, groupTermAt(w0, w1, w2, w3, x0, dw));
    if (groups > 1) c1 = f32x4.add(c1, groupTermAt(w0, w1, w2, w3, x0 + gs, dw));
    if (groups > 2) {
      c2 = f32x4.add(c2, groupTermAt(w0, w1, w2, w3, x0 + 2 * gs, dw));
      c3 = f32x4.add(c3, groupTermAt(w0, w1, w2, w3, x0 + 3 * gs, dw));
    }
  }
  store4(c0, y, ys);
  if (groups > 1) store4(c1, y + 4 * ys, ys);
  if (groups > 2) {
    store4(c2, y + 8 * ys, ys);
    store4(c3, y + 12 * ys, ys);
  }
}

function dotTokens4(s: usize, stride: usize, qo: usize, xg: usize, gs: usize, nb: i32, y: usize, ys: usize): void {
  dotTokens(s, stride, qo, xg, gs, nb, y, ys, 1);
}

function dotTokens8(s: usize, stride: usize, qo: usize, xg: usize, gs: usize, nb: i32, y: usize, ys: usize): void {
  dotTokens(s, stride, qo, xg, gs, nb, y, ys, 2);
}

function dotTokens16(s: usize, stride: usize, qo: usize, xg: usize, gs: usize, nb: i32, y: usize, ys: usize): void {
  dotTokens(s, stride, qo, xg, gs, nb, y, ys, 4);
}

/**
 * y (n, rows) f32 = xq (n Q8_0W rows) · held rows [r0, r1)ᵀ, in tiles of 16 rows (the tile
 * stays in cache while every token passes over it): 16, 8 or 4 tokens per pass over a row
 * from the copy after the n rows (widened: the group copy, interleaveQ8_0W; with `byteDot` the
 * byte copy, q8-bytedot.ts), then leftover tokens a row quad at a time; one token (decode) as
 * decodeQ8_0. Every path gives the same bits.
 */
export function matmulQ8_0(w: usize, rowBytes: usize, cols: i32, rows: i32, xq: usize, n: i32, y: usize, r0: i32, r1: i32, byteDot: bool, tile: usize): void {
  const nb = cols >> 5;
  const xb = <usize>nb * 80;
  const ys = <usize>rows << 2;
  const quads = rows & ~3;
  if (n == 1) {
    decodeQ8_0(w, rowBytes, rows, xq, xq + xb, nb, y, r0, r1, byteDot);
    return;
  }
  for (let t0 = r0; t0 < r1; t0 += 16) {
    const t1 = min(t0 + 16, r1);
    let j = 0;
    // Whole groups of 4 tokens, 16, 8 or 4 a pass, from the copy after the n rows: on the byte
    // dot the token-interleaved one over the tile unpacked once (q8-bytedot.ts), else the group
    // copy (interleaveQ8_0W) with the weights widened per pass.
    const rowTile = <usize>nb * Q8_TILE_BLOCK;
    if (byteDot && n >= 4) {
      for (let r = t0; r < t1; r++) unpackQ8_0Row(scaleAt(w, rowBytes, rows, r), strideAt(rows, r), quantsAt(rows, r), nb, tile + <usize>(r - t0) * rowTile);
    }
    const xt = xq + <usize>n * xb, gs = <usize>nb * (byteDot ? Q8_GROUP_BLOCK : GROUP_W);
    for (; j + 4 <= n; ) {
      const g = n - j >= 16 ? 16 : n - j >= 8 ? 8 : 4;
      const xg = xt + (<usize>j >> 2) * gs;
      const yr = y + <usize>j * ys;
      for (let r = t0; r < t1; r++) {
        const yo = yr + (<usize>r << 2);
        if (byteDot) {
          const wt = tile + <usize>(r - t0) * rowTile;
          if (g == 16) rowGroups4(wt, nb, xg, gs, yo, ys);
          else if (g == 8) rowGroups2(wt, nb, xg, gs, yo, ys);
          else rowGroups1(wt, nb, xg, gs, yo, ys);
        } else {
          const sr = scaleAt(w, rowBytes, rows, r), st = strideAt(rows, r), qo = quantsAt(rows, r);
          if (g == 16) dotTokens16(sr, st, qo, xg, gs, nb, yo, ys);
          else if (g == 8) dotTokens8(sr, st, qo, xg, gs, nb, yo, ys);
          else dotTokens4(sr, st, qo, xg, gs, nb, yo, ys);
        }
      }
      j += g;
    }
    for (; j < n; j++) {
      const xr = xq + <usize>j * xb;
      const yr = y + <usize>j * ys;
      // Tokens left here form no whole group of 4, so their scales are splats (groupScalesQ8_0W).
      let r = t0;
      while (r < t1) {
        if ((r & 3) == 0 && r + 4 <= min(t1, quads)) {
          dotQuad(w + <usize>r * rowBytes, xr, nb, yr + (<usize>r << 2));
          r += 4;
        } else {
          store<f32>(yr + (<usize>r << 2), dotRow(scaleAt(w, rowBytes, rows, r), strideAt(rows, r), quantsAt(rows, r), xr, nb));
          r++;
        }
      }
    }
  }
}
