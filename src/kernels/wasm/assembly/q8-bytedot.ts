// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q8_0 prompt kernels on the CPU's byte dot product (x86 VNNI: vpdpbusd), for hosts where
// i32x4.relaxed_dot_i8x16_i7x16_add_s multiplies its second operand as *unsigned* bytes exactly
// (the host's self-test decides, module.ts; the flag lives in memory, consts.ts byteDotOn).
// Relaxed SIMD only promises that for bytes < 128, so nothing here runs unless the test passed.
//
// Per 16-row tile, each row's held blocks (q8.ts) are unpacked once into the thread's scratch
// (Q8_TILE_BLOCK bytes a block): the 8 words of 4 weights, each flipped to w + 128 (xor 0x80)
// and already splat across a vector (so a pass loads them whole, with no address arithmetic),
// then d_w as an f32 splat. The activations of each whole group of 4 tokens are re-laid out
// once per matmul (interleaveQ8_0): group g, block b (Q8_GROUP_BLOCK bytes), vector k (0..7)
// holds in lane t the 4 quants of token 4g+t at positions 4k..4k+3; @128 the group's 4 scales
// (as Q8_0W's [d0 d1 d2 d3]); @144 −128·Σq of each token's block. One dot of vector k with the
// flipped weight word k adds 4 products (w + 128)·q to each of the 4 tokens, so starting from
// −128·Σq the lanes end as the 4 tokens' exact block sums with no horizontal add. The integers
// are ggml's exact block sums and the float steps are q8.ts's groupTerm, so results are the
// same bits as the portable path (test/kernels-wasm/matmul.test.ts compares them).
import { lutF16 } from "./f16";
import { splat80 } from "./consts";
import { dotBytesU8, hsumI32, storeGroups, storeTransposed } from "./simd";

/** Bytes of one group of 4 tokens for one block: 128 interleaved quants, 4 f32 scales, 4 i32 corrections. */
export const Q8_GROUP_BLOCK: usize = 160;

/** Bytes of one row's block in the unpacked tile: 8 splat flipped weight words, d_w splat. */
export const Q8_TILE_BLOCK: usize = 144;

/** Bytes of the interleaved copy of n Q8_0W rows of nb blocks (whole groups of 4 only). */
// @ts-ignore: decorator
@inline
export function interleavedBytes(nb: i32, n: i32): usize {
  return <usize>(n >> 2) * <usize>nb * Q8_GROUP_BLOCK;
}

/**
 * Writes the token-interleaved copy of every whole group of 4 rows 4g .. 4g+3 inside [r0, r1)
 * of the Q8_0W rows at xq (nb blocks of 80 bytes each) to its place in xt: a 4×4 transpose of
 * 32-bit lanes per 16 positions, the group's scales, and each token's −128·Σq.
 */
export function interleaveQ8_0(xq: usize, nb: i32, r0: i32, r1: i32, xt: usize): void {
  const rowBytes = <usize>nb * 80;
  const one = i16x8.splat(1);
  for (let g = (r0 + 3) & ~3; g + 4 <= r1; g += 4) {
    const x0 = xq + <usize>g * rowBytes;
    const out = xt + (<usize>g >> 2) * <usize>nb * Q8_GROUP_BLOCK;
    for (let b = 0; b < nb; b++) {
      const ob = out + <usize>b * Q8_GROUP_BLOCK;
      v128.store(ob + 128, v128.load(x0 + <usize>b * 80));
      for (let h: usize = 0; h < 2; h++) {
        const o: usize = <usize>b * 80 + 16 + (h << 5);
        // i16 → i8 quants of 16 positions of each of the 4 rows, then a 4×4 transpose of 32-bit lanes.
        const a = i8x16.narrow_i16x8_s(v128.load(x0 + o), v128.load(x0 + o + 16));
        const c = i8x16.narrow_i16x8_s(v128.load(x0 + rowBytes + o), v128.load(x0 + rowBytes + o + 16));
        const d = i8x16.narrow_i16x8_s(v128.load(x0 + 2 * rowBytes + o), v128.load(x0 + 2 * rowBytes + o + 16));
        const e = i8x16.narrow_i16x8_s(v128.load(x0 + 3 * rowBytes + o), v128.load(x0 + 3 * rowBytes + o + 16));
        storeTransposed(a, c, d, e, ob + (h << 6), 16);
      }
      for (let t: usize = 0; t < 4; t++) {
        const xb = x0 + t * rowBytes + <usize>b * 80;
        const s = i32x4.add(
          i32x4.add(i32x4.dot_i16x8_s(v128.load(xb, 16), one), i32x4.dot_i16x8_s(v128.load(xb, 32), one)),
          i32x4.add(i32x4.dot_i16x8_s(v128.load(xb, 48), one), i32x4.dot_i16x8_s(v128.load(xb, 64), one)),
        );
        store<i32>(ob + 144 + (t << 2), -(hsumI32(s) << 7));
      }
    }
  }
}

/**
 * Unpacks one held row (scales from sc, `stride` apart, quants `qo` past each scale: q8.ts
 * scaleAt / strideAt / quantsAt) of nb blocks into its place in the tile, at out.
 */
export function unpackQ8_0Row(sc: usize, stride: usize, qo: usize, nb: i32, out: usize): void {
  const flip = splat80();
  for (let b = 0; b < nb; b++) {
    const sb = sc + <usize>b * stride;
    const ob = out + <usize>b * Q8_TILE_BLOCK;
    const w0 = v128.xor(v128.load(sb + qo), flip), w1 = v128.xor(v128.load(sb + qo, 16), flip);
    v128.store(ob, i32x4.shuffle(w0, w0, 0, 0, 0, 0));
    v128.store(ob, i32x4.shuffle(w0, w0, 1, 1, 1, 1), 16);
    v128.store(ob, i32x4.shuffle(w0, w0, 2, 2, 2, 2), 32);
    v128.store(ob, i32x4.shuffle(w0, w0, 3, 3, 3, 3), 48);
    v128.store(ob, i32x4.shuffle(w1, w1, 0, 0, 0, 0), 64);
    v128.store(ob, i32x4.shuffle(w1, w1, 1, 1, 1, 1), 80);
    v128.store(ob, i32x4.shuffle(w1, w1, 2, 2, 2, 2), 96);
    v128.store(ob, i32x4.shuffle(w1, w1, 3, 3, 3, 3), 112);
    v128.store(ob, f32x4.splat(lutF16(sb)), 128);
  }
}

/**
 * acc + the group's dots of its vectors 0, 2, 4, 6 (even) or 1, 3, 5, 7 (odd) at x + 16k with
 * the tile's flipped weight splats k at w + 16k: written out with constant offsets, since a
 * loop here cost V8 more address arithmetic and loop checks than dots.
 */
// @ts-ignore: decorator
@inline
function evenChain(w: usize, x: usize): v128 {
  let acc = dotBytesU8(v128.load(x), v128.load(w), v128.load(x, 144));
  acc = dotBytesU8(v128.load(x, 32), v128.load(w, 32), acc);
  acc = dotBytesU8(v128.load(x, 64), v128.load(w, 64), acc);
  return dotBytesU8(v128.load(x, 96), v128.load(w, 96), acc);
}
// @ts-ignore: decorator
@inline
function oddChain(w: usize, x: usize): v128 {
  let acc = dotBytesU8(v128.load(x, 16), v128.load(w, 16), i32x4.splat(0));
  acc = dotBytesU8(v128.load(x, 48), v128.load(w, 48), acc);
  acc = dotBytesU8(v128.load(x, 80), v128.load(w, 80), acc);
  return dotBytesU8(v128.load(x, 112), v128.load(w, 112), acc);
}

/** q8.ts groupTerm lane-wise: o + f32(isum) · (d_x · d_w). */
// @ts-ignore: decorator
@inline
function addTerm(o: v128, isum: v128, dx: v128, dw: v128): v128 {
  return f32x4.add(o, f32x4.mul(f32x4.convert_i32x4_s(isum), f32x4.mul(dx, dw)));
}

/**
 * One unpacked row (tile at wt) · `groups` (1, 2 or 4: a constant after inlining) token groups
 * of the interleaved copy from xt (gs bytes apart) → f32 at y, token t at y + t·ys.
 * Each group keeps two accumulators (even and odd weight words) so 8 chains of dots are in
 * flight: one chain per group left the dot unit waiting on its latency (~40 vs ~50 GMAC/s).
 */
// @ts-ignore: decorator
@inline
function rowGroups(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize, groups: i32): void {
  let o0 = f32x4.splat(0), o1 = f32x4.splat(0), o2 = f32x4.splat(0), o3 = f32x4.splat(0);
  const zero = i32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const w = wt + <usize>b * Q8_TILE_BLOCK;
    const x0 = xt + <usize>b * Q8_GROUP_BLOCK;
    const e0 = evenChain(w, x0), f0 = oddChain(w, x0);
    let e1 = zero, f1 = zero, e2 = zero, f2 = zero, e3 = zero, f3 = zero;
    if (groups > 1) {
      e1 = evenChain(w, x0 + gs);
      f1 = oddChain(w, x0 + gs);
    }
    if (groups > 2) {
      e2 = evenChain(w, x0 + 2 * gs);
      f2 = oddChain(w, x0 + 2 * gs);
      e3 = evenChain(w, x0 + 3 * gs);
      f3 = oddChain(w, x0 + 3 * gs);
    }
    const dw = v128.load(w, 128);
    o0 = addTerm(o0, i32x4.add(e0, f0), v128.load(x0, 128), dw);
    if (groups > 1) o1 = addTerm(o1, i32x4.add(e1, f1), v128.load(x0 + gs, 128), dw);
    if (groups > 2) {
      o2 = addTerm(o2, i32x4.add(e2, f2), v128.load(x0 + 2 * gs, 128), dw);
      o3 = addTerm(o3, i32x4.add(e3, f3), v128.load(x0 + 3 * gs, 128), dw);
    }
  }
  storeGroups(o0, o1, o2, o3, y, ys, groups);
}

export function rowGroups1(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 1);
}

export function rowGroups2(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 2);
}

export function rowGroups4(wt: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(wt, nb, xt, gs, y, ys, 4);
}
