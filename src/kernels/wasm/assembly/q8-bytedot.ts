// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Q8_0 prompt kernels on the CPU's byte dot product (x86 VNNI: vpdpbusd), for hosts where
// i32x4.relaxed_dot_i8x16_i7x16_add_s multiplies its second operand as *unsigned* bytes exactly
// (the host's self-test decides, module.ts; the flag lives in memory, consts.ts byteDotOn).
// Relaxed SIMD only promises that for bytes < 128, so nothing here runs unless the test passed.
//
// The weights stay as held (q8.ts); the activations of each whole group of 4 tokens are
// re-laid out once per matmul (interleaveQ8_0) as unsigned bytes q + 128, token-interleaved:
// group g, block b (144 bytes), vector k (0..7) holds in lane t the 4 bytes of token 4g+t at
// positions 4k..4k+3, and bytes 128..143 the group's 4 scales (as Q8_0W's [d0 d1 d2 d3]), so a
// row pass reads one run per group instead of four rows 80 bytes a block apart. One dot of
// that vector with a splat of the weight bytes 4k..4k+3 adds 4 products to each of the group's
// 4 tokens, so the lanes end as the 4 tokens' block sums with no horizontal add, plus 128·Σw,
// taken off by starting from −128·Σw. The integers are ggml's
// exact block sums and the float steps are q8.ts's groupTerm, so results are the same bits as
// the portable path (test/kernels-wasm/matmul.test.ts compares them).
import { lutF16 } from "./f16";
import { splat80 } from "./consts";
import { dotBytesU8, store4, storeTransposed } from "./simd";

/** Bytes of one group of 4 tokens for one block: 128 interleaved quants, 4 f32 scales. */
export const Q8_GROUP_BLOCK: usize = 144;

/** Bytes of the interleaved copy of n Q8_0W rows of nb blocks (whole groups of 4 only). */
// @ts-ignore: decorator
@inline
export function interleavedBytes(nb: i32, n: i32): usize {
  return <usize>(n >> 2) * <usize>nb * Q8_GROUP_BLOCK;
}

/**
 * Writes the token-interleaved unsigned copy of every whole group of 4 rows 4g .. 4g+3 inside
 * [r0, r1) of the Q8_0W rows at xq (nb blocks of 80 bytes each) to its place in xt: a 4×4
 * transpose of 32-bit lanes per 16 positions, plus the group's scales.
 */
export function interleaveQ8_0(xq: usize, nb: i32, r0: i32, r1: i32, xt: usize): void {
  const rowBytes = <usize>nb * 80;
  const bias = splat80();
  for (let g = (r0 + 3) & ~3; g + 4 <= r1; g += 4) {
    const x0 = xq + <usize>g * rowBytes;
    const out = xt + (<usize>g >> 2) * <usize>nb * Q8_GROUP_BLOCK;
    for (let b = 0; b < nb; b++) {
      v128.store(out + <usize>b * Q8_GROUP_BLOCK + 128, v128.load(x0 + <usize>b * 80));
      for (let h: usize = 0; h < 2; h++) {
        const o: usize = <usize>b * 80 + 16 + (h << 5);
        // q + 128 (xor 0x80) of 16 positions of each of the 4 rows, then a 4×4 transpose of 32-bit lanes.
        const a = v128.xor(i8x16.narrow_i16x8_s(v128.load(x0 + o), v128.load(x0 + o + 16)), bias);
        const c = v128.xor(i8x16.narrow_i16x8_s(v128.load(x0 + rowBytes + o), v128.load(x0 + rowBytes + o + 16)), bias);
        const d = v128.xor(i8x16.narrow_i16x8_s(v128.load(x0 + 2 * rowBytes + o), v128.load(x0 + 2 * rowBytes + o + 16)), bias);
        const e = v128.xor(i8x16.narrow_i16x8_s(v128.load(x0 + 3 * rowBytes + o), v128.load(x0 + 3 * rowBytes + o + 16)), bias);
        storeTransposed(a, c, d, e, out + <usize>b * Q8_GROUP_BLOCK + (h << 6), 16);
      }
    }
  }
}

/**
 * acc + the group's dots of its vectors 0, 2, 4, 6 (even) or 1, 3, 5, 7 (odd) at x + 16k with
 * splats of weight words k at q + 4k: written out with constant offsets, since a loop here cost
 * V8 more address arithmetic and loop checks than dots.
 */
// @ts-ignore: decorator
@inline
function evenChain(q: usize, x: usize, acc: v128): v128 {
  acc = dotBytesU8(v128.load32_splat(q), v128.load(x), acc);
  acc = dotBytesU8(v128.load32_splat(q, 8), v128.load(x, 32), acc);
  acc = dotBytesU8(v128.load32_splat(q, 16), v128.load(x, 64), acc);
  return dotBytesU8(v128.load32_splat(q, 24), v128.load(x, 96), acc);
}
// @ts-ignore: decorator
@inline
function oddChain(q: usize, x: usize): v128 {
  let acc = dotBytesU8(v128.load32_splat(q, 4), v128.load(x, 16), i32x4.splat(0));
  acc = dotBytesU8(v128.load32_splat(q, 12), v128.load(x, 48), acc);
  acc = dotBytesU8(v128.load32_splat(q, 20), v128.load(x, 80), acc);
  return dotBytesU8(v128.load32_splat(q, 28), v128.load(x, 112), acc);
}

/**
 * One held row (scales from s, `stride` apart, quants `qo` past each scale) · `groups` (1, 2
 * or 4: a constant after inlining) token groups of the interleaved copy from xt (gs bytes
 * apart) → f32 at y, token t at y + t·ys.
 * Each group keeps two accumulators (even and odd weight words) so 8 chains of dots are in
 * flight: one chain per group left the dot unit waiting on its latency (~40 vs ~50 GMAC/s).
 */
// @ts-ignore: decorator
@inline
function rowGroups(
  s: usize, stride: usize, qo: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize, groups: i32,
): void {
  let o0 = f32x4.splat(0), o1 = f32x4.splat(0), o2 = f32x4.splat(0), o3 = f32x4.splat(0);
  const bias = splat80();
  const zero = i32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const sb = s + <usize>b * stride;
    const q = sb + qo;
    // −128·Σw in every lane: the activations carry +128 each.
    const h = dotBytesU8(v128.load(q, 16), bias, dotBytesU8(v128.load(q), bias, zero));
    const h2 = i32x4.add(h, i32x4.shuffle(h, h, 2, 3, 0, 1));
    const corr = i32x4.sub(zero, i32x4.add(h2, i32x4.shuffle(h2, h2, 1, 0, 3, 2)));
    const x0 = xt + <usize>b * Q8_GROUP_BLOCK;
    const e0 = evenChain(q, x0, corr), f0 = oddChain(q, x0);
    let e1 = zero, f1 = zero, e2 = zero, f2 = zero, e3 = zero, f3 = zero;
    if (groups > 1) {
      e1 = evenChain(q, x0 + gs, corr);
      f1 = oddChain(q, x0 + gs);
    }
    if (groups > 2) {
      e2 = evenChain(q, x0 + 2 * gs, corr);
      f2 = oddChain(q, x0 + 2 * gs);
      e3 = evenChain(q, x0 + 3 * gs, corr);
      f3 = oddChain(q, x0 + 3 * gs);
    }
    // q8.ts groupTerm: f32(isum) · (d_x · d_w), added in block order.
    const dw = f32x4.splat(lutF16(sb));
    const d0 = x0 + 128;
    o0 = f32x4.add(o0, f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(e0, f0)), f32x4.mul(v128.load(d0), dw)));
    if (groups > 1) o1 = f32x4.add(o1, f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(e1, f1)), f32x4.mul(v128.load(d0 + gs), dw)));
    if (groups > 2) {
      o2 = f32x4.add(o2, f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(e2, f2)), f32x4.mul(v128.load(d0 + 2 * gs), dw)));
      o3 = f32x4.add(o3, f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(e3, f3)), f32x4.mul(v128.load(d0 + 3 * gs), dw)));
    }
  }
  store4(o0, y, ys);
  if (groups > 1) store4(o1, y + 4 * ys, ys);
  if (groups > 2) {
    store4(o2, y + 8 * ys, ys);
    store4(o3, y + 12 * ys, ys);
  }
}

export function rowGroups1(s: usize, stride: usize, qo: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(s, stride, qo, nb, xt, gs, y, ys, 1);
}

export function rowGroups2(s: usize, stride: usize, qo: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(s, stride, qo, nb, xt, gs, y, ys, 2);
}

export function rowGroups4(s: usize, stride: usize, qo: usize, nb: i32, xt: usize, gs: usize, y: usize, ys: usize): void {
  rowGroups(s, stride, qo, nb, xt, gs, y, ys, 4);
}
