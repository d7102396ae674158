// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Causal grouped-query attention over an F16 KV cache, as ggml's non-flash path computes it:
// scores = K·f16(q) · scale, softmax in f32 with an f64 sum, out = Σ_t f16(p_t) · V[t].
// Every product is of two f16 values (up to a power of 2), so exact in f32: the multiply-adds
// are fused where the CPU can (simd.ts maddExact) with the same bits as unfused.
// Shapes: q, out (n, h, e) f32; caches (g, cap, e) f16 (head-major: one head's rows contiguous).
// Work items (token or pair of tokens, head or group of heads) let threads split the work; the
// host sizes each thread's scratch (kernels.ts).
import { f16Mask, f16Rebias, f16ToF32, f16x4ToF32, roundF16 } from "./f16";
import { hsumF32, maddExact } from "./simd";
import { expF32x4 } from "./consts";

function scoreDot(k: usize, q: usize, e: i32): f32 {
  const mask = f16Mask(), rebias = f16Rebias();
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= e; i += 8) {
    const h = v128.load(k + (<usize>i << 1));
    acc = maddExact(f16x4ToF32(i32x4.extend_low_i16x8_s(h), mask, rebias), v128.load(q + (<usize>i << 2)), acc);
    acc = maddExact(f16x4ToF32(i32x4.extend_high_i16x8_s(h), mask, rebias), v128.load(q + (<usize>i << 2), 16), acc);
  }
  let s = hsumF32(acc);
  for (; i < e; i++) s += f16ToF32(<u32>load<u16>(k + (<usize>i << 1))) * load<f32>(q + (<usize>i << 2));
  return s;
}

function accumulateV(acc: usize, v: usize, p: f32, e: i32): void {
  const mask = f16Mask(), rebias = f16Rebias();
  const ps = f32x4.splat(p);
  let i = 0;
  for (; i + 8 <= e; i += 8) {
    const h = v128.load(v + (<usize>i << 1));
    const a = acc + (<usize>i << 2);
    v128.store(a, maddExact(f16x4ToF32(i32x4.extend_low_i16x8_s(h), mask, rebias), ps, v128.load(a)));
    v128.store(a, maddExact(f16x4ToF32(i32x4.extend_high_i16x8_s(h), mask, rebias), ps, v128.load(a, 16)), 16);
  }
  for (; i < e; i++) {
    const a = acc + (<usize>i << 2);
    store<f32>(a, load<f32>(a) + f16ToF32(<u32>load<u16>(v + (<usize>i << 1))) * p);
  }
}

/**
 * f16 bits moved into f32 position without the ×2^112 rebias: the value K·2^-112, exact. The
 * pair-attention loops scale the other factor (q, or the softmax weights) by 2^112 once
 * instead, so each product equals K·q exactly as before, one multiply fewer per 4 values.
 */
// @ts-ignore: decorator
@inline
function f16x4Bits(hs: v128, mask: v128): v128 {
  return v128.and(i32x4.shl(hs, 13), mask);
}

// @ts-ignore: decorator
@inline
function f16Bits(h: u32): f32 {
  return reinterpret<f32>(((h & 0x7fff) << 13) | ((h & 0x8000) << 16));
}

/** 2^112 (exact in f32): the rebias f16Bits leaves out. */
const REBIAS: f32 = reinterpret<f32>(0x77800000);

/**
 * Two query rows (pre-scaled by 2^112) against one K row: the f16 conversion is shared.
 * Returns via out2.
 */
// @ts-ignore: decorator
@inline
function scoreDot2(k: usize, q0: usize, q1: usize, e: i32, out2: usize, mask: v128): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0);
  let a1 = f32x4.splat(0), b1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= e; i += 8) {
    const h = v128.load(k + (<usize>i << 1));
    const lo = f16x4Bits(i32x4.extend_low_i16x8_s(h), mask);
    const hi = f16x4Bits(i32x4.extend_high_i16x8_s(h), mask);
    const o = <usize>i << 2;
    a0 = maddExact(lo, v128.load(q0 + o), a0);
    b0 = maddExact(hi, v128.load(q0 + o, 16), b0);
    a1 = maddExact(lo, v128.load(q1 + o), a1);
    b1 = maddExact(hi, v128.load(q1 + o, 16), b1);
  }
  let s0 = hsumF32(f32x4.add(a0, b0));
  let s1 = hsumF32(f32x4.add(a1, b1));
  for (; i < e; i++) {
    const kv = f16Bits(<u32>load<u16>(k + (<usize>i << 1)));
    s0 += kv * load<f32>(q0 + (<usize>i << 2));
    s1 += kv * load<f32>(q1 + (<usize>i << 2));
  }
  store<f32>(out2, s0);
  store<f32>(out2, s1, 4);
}

/**
 * out0 = Σ_t p0[t]·V[t], out1 = Σ_t p1[t]·V[t] (V rows kvStride bytes apart, f16), 8 columns
 * at a time with the sums in registers: each V row is converted once for both heads and no
 * accumulator goes through memory. Same order of additions (t ascending) as a row-by-row
 * accumulation, so the same bits. p0, p1 are pre-scaled by 2^112 (see f16x4Bits).
 */
function weightedSumV2(out0: usize, out1: usize, v: usize, kvStride: usize, p0: usize, p1: usize, len: i32, e: i32): void {
  const mask = f16Mask();
  let i = 0;
  for (; i + 8 <= e; i += 8) {
    let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
    let row = v + (<usize>i << 1);
    for (let t = 0; t < len; t++) {
      const h = v128.load(row);
      const lo = f16x4Bits(i32x4.extend_low_i16x8_s(h), mask);
      const hi = f16x4Bits(i32x4.extend_high_i16x8_s(h), mask);
      const w0 = v128.load32_splat(p0 + (<usize>t << 2));
      const w1 = v128.load32_splat(p1 + (<usize>t << 2));
      a0 = maddExact(lo, w0, a0);
      b0 = maddExact(hi, w0, b0);
      a1 = maddExact(lo, w1, a1);
      b1 = maddExact(hi, w1, b1);
      row += kvStride;
    }
    const o = <usize>i << 2;
    v128.store(out0 + o, a0);
    v128.store(out0 + o, b0, 16);
    v128.store(out1 + o, a1);
    v128.store(out1 + o, b1, 16);
  }
  if (i < e) weightedSumTail(out0, out1, v, kvStride, p0, p1, len, i, e);
}

/** Columns i0 .. e−1 of weightedSumV2, one at a time (e not a multiple of 8). */
function weightedSumTail(out0: usize, out1: usize, v: usize, kvStride: usize, p0: usize, p1: usize, len: i32, i0: i32, e: i32): void {
  for (let i = i0; i < e; i++) {
    let s0: f32 = 0, s1: f32 = 0;
    for (let t = 0; t < len; t++) {
      const vv = f16Bits(<u32>load<u16>(v + <usize>t * kvStride + (<usize>i << 1)));
      s0 += load<f32>(p0 + (<usize>t << 2)) * vv;
      s1 += load<f32>(p1 + (<usize>t << 2)) * vv;
    }
    store<f32>(out0 + (<usize>i << 2), s0);
    store<f32>(out1 + (<usize>i << 2), s1);
  }
}

/**
 * e^x, but 0 below −87 where e^x would be a subnormal f32: a peaked attention has many such
 * weights, and each subnormal would cost microcode assists in the sum, the normalisation and
 * the f16 rounding. Exactly the same attention output: such a weight (< 1.7e-38, times
 * 1/Σ ≤ 1) rounds to 0 in f16 either way, and the f64 sum (≥ 1) cannot register it.
 */
// @ts-ignore: decorator
@inline
function expNoSubnormal(x: f32): f32 {
  return x < -87 ? 0 : Mathf.exp(x);
}

/**
 * p rounded to f16 precision (nearest-even, as f32ToF16 then back), for 0 ≤ p < 65520 (softmax
 * weights), four lanes at once: the f32 bits rounded at bit 13 for f16 normals (≥ 2^-14), and
 * (p + 0.5) − 0.5 below, whose f32 sum rounds to a multiple of 2^-24 (the f16 subnormal step).
 */
// @ts-ignore: decorator
@inline
function roundF16Unit(p: v128): v128 {
  const lsb = v128.and(i32x4.shr_u(p, 13), i32x4.splat(1));
  const normal = v128.and(i32x4.add(i32x4.add(p, i32x4.splat(0xfff)), lsb), i32x4.splat(0xffffe000));
  const half = f32x4.splat(0.5);
  const sub = f32x4.sub(f32x4.add(p, half), half);
  return v128.bitselect(sub, normal, f32x4.lt(p, f32x4.splat(reinterpret<f32>(0x38800000)))); // 2^-14
}

/**
 * Softmax of scores[0..len) in place, as weights ready for the V sums: e^(s − max) four at a
 * time (consts.ts expF32x4: < 3 ulp, 0 below −86 where e^x would be a subnormal f32), summed in
 * f64 (two f64x2 accumulators), each p/sum rounded to f16 and pre-scaled by 2^112 (see
 * f16x4Bits). Any split of a row is the same code path for the same len, so a token's weights
 * do not depend on its batch.
 */
function softmaxWeights(scores: usize, len: i32): void {
  let mv = f32x4.splat(-Infinity);
  let t = 0;
  for (; t + 4 <= len; t += 4) mv = f32x4.max(mv, v128.load(scores + (<usize>t << 2)));
  let max: f32 = Mathf.max(Mathf.max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), Mathf.max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  for (; t < len; t++) max = Mathf.max(max, load<f32>(scores + (<usize>t << 2)));
  const m = f32x4.splat(max);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  for (t = 0; t + 4 <= len; t += 4) {
    const a = scores + (<usize>t << 2);
    const p = expF32x4(f32x4.sub(v128.load(a), m));
    v128.store(a, p);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(p));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i64x2.shuffle(p, p, 1, 0)));
  }
  let sum: f64 = (f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1)) + (f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1));
  for (; t < len; t++) {
    const a = scores + (<usize>t << 2);
    const p = f32x4.extract_lane(expF32x4(f32x4.splat(load<f32>(a) - max)), 0);
    store<f32>(a, p);
    sum += <f64>p;
  }
  const inv = <f32>(1.0 / sum);
  const iv = f32x4.splat(inv), rebias = f32x4.splat(REBIAS);
  for (t = 0; t + 4 <= len; t += 4) {
    const a = scores + (<usize>t << 2);
    v128.store(a, f32x4.mul(roundF16Unit(f32x4.mul(v128.load(a), iv)), rebias));
  }
  for (; t < len; t++) {
    const a = scores + (<usize>t << 2);
    store<f32>(a, roundF16(load<f32>(a) * inv) * REBIAS);
  }
}

/**
 * Four query rows (pre-scaled by 2^112) against one K row, each summed exactly as scoreDot2
 * sums its two (so a head's score has the same bits in either kernel). Returns via out4.
 */
// @ts-ignore: decorator
@inline
function scoreDot4(k: usize, q: usize, e: i32, out4: usize, mask: v128): void {
  const eb = <usize>e << 2;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= e; i += 8) {
    const h = v128.load(k + (<usize>i << 1));
    const lo = f16x4Bits(i32x4.extend_low_i16x8_s(h), mask);
    const hi = f16x4Bits(i32x4.extend_high_i16x8_s(h), mask);
    const o = q + (<usize>i << 2);
    a0 = maddExact(lo, v128.load(o), a0);
    b0 = maddExact(hi, v128.load(o, 16), b0);
    a1 = maddExact(lo, v128.load(o + eb), a1);
    b1 = maddExact(hi, v128.load(o + eb, 16), b1);
    a2 = maddExact(lo, v128.load(o + 2 * eb), a2);
    b2 = maddExact(hi, v128.load(o + 2 * eb, 16), b2);
    a3 = maddExact(lo, v128.load(o + 3 * eb), a3);
    b3 = maddExact(hi, v128.load(o + 3 * eb, 16), b3);
  }
  let s0 = hsumF32(f32x4.add(a0, b0)), s1 = hsumF32(f32x4.add(a1, b1));
  let s2 = hsumF32(f32x4.add(a2, b2)), s3 = hsumF32(f32x4.add(a3, b3));
  for (; i < e; i++) {
    const kv = f16Bits(<u32>load<u16>(k + (<usize>i << 1)));
    const o = q + (<usize>i << 2);
    s0 += kv * load<f32>(o);
    s1 += kv * load<f32>(o + eb);
    s2 += kv * load<f32>(o + 2 * eb);
    s3 += kv * load<f32>(o + 3 * eb);
  }
  store<f32>(out4, s0);
  store<f32>(out4, s1, 4);
  store<f32>(out4, s2, 8);
  store<f32>(out4, s3, 12);
}

/**
 * Rows 0, 1 at out, out + e and 2, 3 at out2, out2 + e = Σ_t p_r[t]·V[t] for 4 rows of
 * weights (len or len + 1 apart from p): weightedSumV2 for four rows, each V row converted
 * once; per row the same operations, so the same bits. With `extra`, rows 2 and 3 sum over
 * len + 1 positions.
 */
function weightedSumV4(out: usize, out2: usize, v: usize, kvStride: usize, p: usize, len: i32, e: i32, extra: bool): void {
  const mask = f16Mask();
  const eb = <usize>e << 2, pb = <usize>(extra ? len + 1 : len) << 2;
  let i = 0;
  for (; i + 8 <= e; i += 8) {
    let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
    let a2 = f32x4.splat(0), b2 = f32x4.splat(0), a3 = f32x4.splat(0), b3 = f32x4.splat(0);
    let row = v + (<usize>i << 1);
    for (let t = 0; t < len; t++) {
      const h = v128.load(row);
      const lo = f16x4Bits(i32x4.extend_low_i16x8_s(h), mask);
      const hi = f16x4Bits(i32x4.extend_high_i16x8_s(h), mask);
      const w = p + (<usize>t << 2);
      const w0 = v128.load32_splat(w);
      a0 = maddExact(lo, w0, a0);
      b0 = maddExact(hi, w0, b0);
      const w1 = v128.load32_splat(w + pb);
      a1 = maddExact(lo, w1, a1);
      b1 = maddExact(hi, w1, b1);
      const w2 = v128.load32_splat(w + 2 * pb);
      a2 = maddExact(lo, w2, a2);
      b2 = maddExact(hi, w2, b2);
      const w3 = v128.load32_splat(w + 3 * pb);
      a3 = maddExact(lo, w3, a3);
      b3 = maddExact(hi, w3, b3);
      row += kvStride;
    }
    if (extra) {
      // Rows 2 and 3 (the later token of a pair) see one position more: its term comes last,
      // as in their own pass.
      const h = v128.load(row);
      const lo = f16x4Bits(i32x4.extend_low_i16x8_s(h), mask);
      const hi = f16x4Bits(i32x4.extend_high_i16x8_s(h), mask);
      const w = p + (<usize>len << 2);
      const w2 = v128.load32_splat(w + 2 * pb);
      a2 = maddExact(lo, w2, a2);
      b2 = maddExact(hi, w2, b2);
      const w3 = v128.load32_splat(w + 3 * pb);
      a3 = maddExact(lo, w3, a3);
      b3 = maddExact(hi, w3, b3);
    }
    const o = out + (<usize>i << 2);
    v128.store(o, a0);
    v128.store(o, b0, 16);
    v128.store(o + eb, a1);
    v128.store(o + eb, b1, 16);
    const o2 = out2 + (<usize>i << 2);
    v128.store(o2, a2);
    v128.store(o2, b2, 16);
    v128.store(o2 + eb, a3);
    v128.store(o2 + eb, b3, 16);
  }
  if (i < e) {
    // Leftover columns (e not a multiple of 8): two heads at a time, same per-head sums.
    weightedSumTail(out, out + eb, v, kvStride, p, p + pb, len, i, e);
    weightedSumTail(out2, out2 + eb, v, kvStride, p + 2 * pb, p + 3 * pb, extra ? len + 1 : len, i, e);
  }
}

/**
 * Scores of R = 4 query rows (qs, e apart; pre-scaled by 2^112) against K rows [t0, t1) → score
 * rows sc, lb bytes apart (already scaled).
 */
// @ts-ignore: decorator
@inline
function scores4(kBase: usize, kvStride: usize, qs: usize, e: i32, t0: i32, t1: i32, sc: usize, lb: usize, scale: f32, tmp: usize, mask: v128): void {
  for (let t = t0; t < t1; t++) {
    const o = <usize>t << 2;
    scoreDot4(kBase + <usize>t * kvStride, qs, e, tmp, mask);
    store<f32>(sc + o, load<f32>(tmp) * scale);
    store<f32>(sc + lb + o, load<f32>(tmp, 4) * scale);
    store<f32>(sc + 2 * lb + o, load<f32>(tmp, 8) * scale);
    store<f32>(sc + 3 * lb + o, load<f32>(tmp, 12) * scale);
  }
}

/** scores4 for 2 query rows. */
// @ts-ignore: decorator
@inline
function scores2(kBase: usize, kvStride: usize, q0: usize, q1: usize, e: i32, t0: i32, t1: i32, s0: usize, s1: usize, scale: f32, tmp: usize, mask: v128): void {
  for (let t = t0; t < t1; t++) {
    const o = <usize>t << 2;
    scoreDot2(kBase + <usize>t * kvStride, q0, q1, e, tmp, mask);
    store<f32>(s0 + o, load<f32>(tmp) * scale);
    store<f32>(s1 + o, load<f32>(tmp, 4) * scale);
  }
}

/**
 * Items are groups of G (2 or 4) query heads sharing a KV head (G divides heads/kvHeads), for
 * one token (G = 4) or a pair of consecutive tokens (G = 2: the pair's 4 query rows share every
 * K/V row the earlier token sees; the later token's one more row follows on its own, last, as
 * in a pass of its own). Per row the arithmetic is the one-token pass's, so batch and decode
 * give the same bits. item → token block item / (heads/G), heads G·j .. G·j+G−1 with
 * j = item % (heads/G). Scratch per thread: 4·e (rounded q) + 16 (temporaries) + 4·(start + n)
 * (scores) f32.
 */
// @ts-ignore: decorator
@inline
function attentionGroups(
  G: i32, q: usize, kc: usize, vc: usize, start: i32, n: i32, heads: i32, kvHeads: i32, e: i32, cap: i32,
  out: usize, scratch: usize, item0: i32, item1: i32,
): void {
  const eb = <usize>e << 2;
  const T = G == 2 ? 2 : 1; // tokens per block
  const qs = scratch, tmp = scratch + 4 * eb, sc = tmp + 64;
  const groups = heads / G;
  const group = heads / kvHeads;
  const scale: f32 = <f32>1 / Mathf.sqrt(<f32>e);
  const kvStride = <usize>e << 1;
  const headBytes = <usize>cap * kvStride;
  const hb = <usize>heads * eb; // one token's q / out row
  const mask = f16Mask();
  for (let item = item0; item < item1; item++) {
    const tok = (item / groups) * T;
    const h0 = (item % groups) * G;
    const g = h0 / group;
    const pair = T == 2 && tok + 1 < n;
    const len = start + tok + 1;
    const lb = <usize>(pair ? len + 1 : len) << 2; // score row stride
    const rows = pair ? 4 : G;
    // Query rows: (token, head) for the G heads of each token of the block.
    const qrow = q + <usize>tok * hb + <usize>h0 * eb;
    for (let i = 0; i < G * e; i++) store<f32>(qs + (<usize>i << 2), roundF16(load<f32>(qrow + (<usize>i << 2))) * REBIAS);
    if (pair) for (let i = 0; i < G * e; i++) store<f32>(qs + 2 * eb + (<usize>i << 2), roundF16(load<f32>(qrow + hb + (<usize>i << 2))) * REBIAS);
    const kBase = kc + <usize>g * headBytes;
    if (rows == 4) scores4(kBase, kvStride, qs, e, 0, len, sc, lb, scale, tmp, mask);
    else scores2(kBase, kvStride, qs, qs + eb, e, 0, len, sc, sc + lb, scale, tmp, mask);
    if (pair) scores2(kBase, kvStride, qs + 2 * eb, qs + 3 * eb, e, len, len + 1, sc + 2 * lb, sc + 3 * lb, scale, tmp, mask);
    for (let r = 0; r < rows; r++) softmaxWeights(sc + <usize>r * lb, pair && r >= 2 ? len + 1 : len);
    const vBase = vc + <usize>g * headBytes;
    const dst = out + <usize>tok * hb + <usize>h0 * eb;
    if (pair) weightedSumV4(dst, dst + hb, vBase, kvStride, sc, len, e, true);
    else if (rows == 4) weightedSumV4(dst, dst + 2 * eb, vBase, kvStride, sc, len, e, false);
    else weightedSumV2(dst, dst + eb, vBase, kvStride, sc, sc + lb, len, e);
  }
}

/** Query heads in pairs sharing a KV head (heads/kvHeads even). */
export function attentionPairs(
  q: usize, kc: usize, vc: usize, start: i32, n: i32, heads: i32, kvHeads: i32, e: i32, cap: i32,
  out: usize, scratch: usize, item0: i32, item1: i32,
): void {
  attentionGroups(2, q, kc, vc, start, n, heads, kvHeads, e, cap, out, scratch, item0, item1);
}

/** Query heads in fours sharing a KV head (heads/kvHeads a multiple of 4, e.g. MedPsy-4B's 32/8). */
export function attentionQuads(
  q: usize, kc: usize, vc: usize, start: i32, n: i32, heads: i32, kvHeads: i32, e: i32, cap: i32,
  out: usize, scratch: usize, item0: i32, item1: i32,
): void {
  attentionGroups(4, q, kc, vc, start, n, heads, kvHeads, e, cap, out, scratch, item0, item1);
}

export function attention(
  q: usize, kc: usize, vc: usize, start: i32, n: i32, heads: i32, kvHeads: i32, e: i32, cap: i32,
  out: usize, scratch: usize, item0: i32, item1: i32,
): void {
  const qh = scratch;
  const acc = scratch + (<usize>e << 2);
  const scores = acc + (<usize>e << 2);
  const group = heads / kvHeads;
  const scale: f32 = <f32>1 / Mathf.sqrt(<f32>e);
  const kvStride = <usize>e << 1;
  const headBytes = <usize>cap * kvStride;
  for (let item = item0; item < item1; item++) {
    const tok = item / heads;
    const h = item % heads;
    const g = h / group;
    const len = start + tok + 1;
    const qrow = q + (<usize>item * <usize>e << 2);
    for (let i = 0; i < e; i++) store<f32>(qh + (<usize>i << 2), roundF16(load<f32>(qrow + (<usize>i << 2))));
    const kBase = kc + <usize>g * headBytes;
    let max: f32 = -Infinity;
    for (let t = 0; t < len; t++) {
      const s = scoreDot(kBase + <usize>t * kvStride, qh, e) * scale;
      store<f32>(scores + (<usize>t << 2), s);
      max = Mathf.max(max, s);
    }
    let sum: f64 = 0;
    for (let t = 0; t < len; t++) {
      const p = expNoSubnormal(load<f32>(scores + (<usize>t << 2)) - max);
      store<f32>(scores + (<usize>t << 2), p);
      sum += <f64>p;
    }
    const inv = <f32>(1.0 / sum);
    memory.fill(acc, 0, <usize>e << 2);
    const vBase = vc + <usize>g * headBytes;
    for (let t = 0; t < len; t++) {
      accumulateV(acc, vBase + <usize>t * kvStride, roundF16(load<f32>(scores + (<usize>t << 2)) * inv), e);
    }
    memory.copy(out + (<usize>item * <usize>e << 2), acc, <usize>e << 2);
  }
}
