// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Causal grouped-query attention over an F16 KV cache, as ggml's non-flash path computes it:
// scores = K·f16(q) · scale, softmax in f32 with an f64 sum, out = Σ_t f16(p_t) · V[t].
// Every product is of two f16 values (up to a power of 2), so exact in f32: the multiply-adds
// are fused where the CPU can (simd.ts maddExact) with the same bits as unfused.
// Shapes: q, out (n, h, e) f32; caches (g, cap, e) f16 (head-major: one head's rows contiguous).
// Work items (token or pair of tokens, head or group of heads) let threads split the work; the
// host sizes each thread's scratch (kernels.ts).
import { f16EvenRebiasFree, f16Mask, f16OddRebiasFree, f16Rebias, f16RebiasFree, f16ToF32, f16x4ToF32, roundF16, roundF16x4 } from "./f16";
import { hsumF32, maddExact } from "./simd";
import { expF32x4 } from "./consts";
import { ATTENTION_TEMPS } from "../layout";

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

/** 2^112 (exact in f32): the rebias f16RebiasFree leaves out. */
const REBIAS: f32 = reinterpret<f32>(0x77800000);

// The grouped kernels below widen 8 f16 values (one v128, each i32 lane holding elements 2j
// and 2j + 1) as their even elements and their odd ones: shifts and a mask, five instructions
// where sign-extending the low and high halves first took seven. A score row's query therefore
// sits in scratch "chunked": per 8 elements, each row's even then odd values, the rows of an
// item side by side, so every query load is a constant offset from one pointer (storeChunkedQ).

/**
 * Writes query row r (e values from src, rounded to f16 and pre-scaled by 2^112) into the
 * chunked scratch of `rows` rows at qs: element 8c + j of row r at qs + c·32·rows + 32r +
 * 16·(j & 1) + 4·(j >> 1); the e mod 8 tail elements after the chunks, row by row.
 */
function storeChunkedQ(qs: usize, rows: i32, r: i32, src: usize, e: i32): void {
  const nch = e >> 3, cs = <usize>rows << 5;
  const rebias = f32x4.splat(REBIAS);
  let dst = qs + (<usize>r << 5), from = src;
  for (let c = 0; c < nch; c++) {
    const lo = roundF16x4(v128.load(from)), hi = roundF16x4(v128.load(from, 16));
    v128.store(dst, f32x4.mul(i32x4.shuffle(lo, hi, 0, 2, 4, 6), rebias));
    v128.store(dst, f32x4.mul(i32x4.shuffle(lo, hi, 1, 3, 5, 7), rebias), 16);
    dst += cs;
    from += 32;
  }
  const tl = e - (nch << 3);
  const tail = qs + <usize>nch * cs + <usize>(r * tl) * 4;
  for (let i = 0; i < tl; i++) store<f32>(tail + (<usize>i << 2), roundF16(load<f32>(from + (<usize>i << 2))) * REBIAS);
}

/**
 * `rows` (2 or 4, a constant after inlining) query rows (chunked at q, chunk stride cs; tails at
 * tq, tl apart) against one K row. Each row: even-element and odd-element lanes summed apart
 * over the chunks, then added and folded, then the tail; so a row's score has the same bits
 * whichever count it goes in. One function per count keeps its sums in registers. Returns via out.
 */
// @ts-ignore: decorator
@inline
function scoreDotRows(k: usize, q: usize, cs: usize, nch: i32, tq: usize, tl: i32, out: usize, mask: v128, rows: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
  let kp = k, qp = q;
  for (let c = 0; c < nch; c++) {
    const h = v128.load(kp);
    const ev = f16EvenRebiasFree(h, mask), od = f16OddRebiasFree(h, mask);
    a0 = maddExact(ev, v128.load(qp), a0);
    b0 = maddExact(od, v128.load(qp, 16), b0);
    a1 = maddExact(ev, v128.load(qp, 32), a1);
    b1 = maddExact(od, v128.load(qp, 48), b1);
    if (rows > 2) {
      a2 = maddExact(ev, v128.load(qp, 64), a2);
      b2 = maddExact(od, v128.load(qp, 80), b2);
      a3 = maddExact(ev, v128.load(qp, 96), a3);
      b3 = maddExact(od, v128.load(qp, 112), b3);
    }
    kp += 16;
    qp += cs;
  }
  let s0 = hsumF32(f32x4.add(a0, b0)), s1 = hsumF32(f32x4.add(a1, b1));
  let s2: f32 = 0, s3: f32 = 0;
  if (rows > 2) {
    s2 = hsumF32(f32x4.add(a2, b2));
    s3 = hsumF32(f32x4.add(a3, b3));
  }
  const tb = <usize>tl << 2;
  for (let i = 0; i < tl; i++) {
    const kv = f16RebiasFree(<u32>load<u16>(kp + (<usize>i << 1)));
    const o = tq + (<usize>i << 2);
    s0 += kv * load<f32>(o);
    s1 += kv * load<f32>(o + tb);
    if (rows > 2) {
      s2 += kv * load<f32>(o + 2 * tb);
      s3 += kv * load<f32>(o + 3 * tb);
    }
  }
  store<f32>(out, s0);
  store<f32>(out, s1, 4);
  if (rows > 2) {
    store<f32>(out, s2, 8);
    store<f32>(out, s3, 12);
  }
}

/**
 * scoreDotRows (2 rows) for two consecutive K rows (kStride apart) at once: the query loads
 * serve both, and eight independent sums keep the FMA unit busy where four waited on their own
 * latency. Per (row, query) the same steps as scoreDotRows, so the same bits. Returns row k's
 * two scores, then row k + kStride's, via out4.
 */
// @ts-ignore: decorator
@inline
function scoreDot2x2(k: usize, kStride: usize, q: usize, cs: usize, nch: i32, tq: usize, tl: i32, out4: usize, mask: v128): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
  let c0 = f32x4.splat(0), d0 = f32x4.splat(0), c1 = f32x4.splat(0), d1 = f32x4.splat(0);
  let kp = k, qp = q;
  for (let c = 0; c < nch; c++) {
    const q0e = v128.load(qp), q0o = v128.load(qp, 16), q1e = v128.load(qp, 32), q1o = v128.load(qp, 48);
    let h = v128.load(kp);
    let ev = f16EvenRebiasFree(h, mask), od = f16OddRebiasFree(h, mask);
    a0 = maddExact(ev, q0e, a0);
    b0 = maddExact(od, q0o, b0);
    a1 = maddExact(ev, q1e, a1);
    b1 = maddExact(od, q1o, b1);
    h = v128.load(kp + kStride);
    ev = f16EvenRebiasFree(h, mask);
    od = f16OddRebiasFree(h, mask);
    c0 = maddExact(ev, q0e, c0);
    d0 = maddExact(od, q0o, d0);
    c1 = maddExact(ev, q1e, c1);
    d1 = maddExact(od, q1o, d1);
    kp += 16;
    qp += cs;
  }
  let s0 = hsumF32(f32x4.add(a0, b0)), s1 = hsumF32(f32x4.add(a1, b1));
  let s2 = hsumF32(f32x4.add(c0, d0)), s3 = hsumF32(f32x4.add(c1, d1));
  for (let i = 0; i < tl; i++) {
    const o = <usize>i << 1;
    const k0 = f16RebiasFree(<u32>load<u16>(kp + o)), k1 = f16RebiasFree(<u32>load<u16>(kp + kStride + o));
    const x0 = load<f32>(tq + (<usize>i << 2)), x1 = load<f32>(tq + (<usize>(tl + i) << 2));
    s0 += k0 * x0;
    s1 += k0 * x1;
    s2 += k1 * x0;
    s3 += k1 * x1;
  }
  store<f32>(out4, s0);
  store<f32>(out4, s1, 4);
  store<f32>(out4, s2, 8);
  store<f32>(out4, s3, 12);
}

/**
 * out0, out1 = Σ_t p_r[t]·V[t] for the two rows of weights interleaved at pw ([t][2], pre-scaled
 * by 2^112; V rows kvStride bytes apart, f16), 8 columns at a time with the sums in registers:
 * each V row is converted once for both heads, and its even and odd columns go to separate
 * accumulators (put back in order at the store). Every column is its own lane, summed over t
 * ascending as a row-by-row accumulation would: the same bits. Tail columns read the weights'
 * rows p0, p1.
 */
function weightedSumV2(out0: usize, out1: usize, v: usize, kvStride: usize, pw: usize, p0: usize, p1: usize, len: i32, e: i32): void {
  const mask = f16Mask();
  let i = 0;
  // 16 columns a strip: eight sums in flight (with eight columns the four sums waited on
  // their own FMA latency); each column still its own lane, so the same bits.
  for (; i + 16 <= e; i += 16) {
    let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
    let c0 = f32x4.splat(0), d0 = f32x4.splat(0), c1 = f32x4.splat(0), d1 = f32x4.splat(0);
    let row = v + (<usize>i << 1), w = pw;
    for (let t = 0; t < len; t++) {
      const w0 = v128.load32_splat(w), w1 = v128.load32_splat(w, 4);
      let h = v128.load(row);
      let ev = f16EvenRebiasFree(h, mask), od = f16OddRebiasFree(h, mask);
      a0 = maddExact(ev, w0, a0);
      b0 = maddExact(od, w0, b0);
      a1 = maddExact(ev, w1, a1);
      b1 = maddExact(od, w1, b1);
      h = v128.load(row, 16);
      ev = f16EvenRebiasFree(h, mask);
      od = f16OddRebiasFree(h, mask);
      c0 = maddExact(ev, w0, c0);
      d0 = maddExact(od, w0, d0);
      c1 = maddExact(ev, w1, c1);
      d1 = maddExact(od, w1, d1);
      row += kvStride;
      w += 8;
    }
    storeColumns(out0 + (<usize>i << 2), a0, b0);
    storeColumns(out0 + (<usize>i << 2) + 32, c0, d0);
    storeColumns(out1 + (<usize>i << 2), a1, b1);
    storeColumns(out1 + (<usize>i << 2) + 32, c1, d1);
  }
  for (; i + 8 <= e; i += 8) vStrip8(v + (<usize>i << 1), kvStride, pw, len, 2, out0 + (<usize>i << 2), out1 + (<usize>i << 2), 0, 0, 0, 0, mask);
  if (i < e) weightedSumTail(out0, out1, v, kvStride, p0, p1, len, i, e);
}

/**
 * One 8-column strip of the V sums for `rows` (2 or 4, a constant after inlining) rows of
 * weights interleaved at pw ([t][rows], t < len), V rows from row0 kvStride apart: each V row
 * widened once for all rows, even and odd columns summed in separate lanes, every column over
 * t ascending; results in column order at o0 .. o3. With e2 ≠ 0 (4 rows only), rows 2 and 3 add
 * one more V row, weighted by the f32 at e2 and at e3, last.
 */
// @ts-ignore: decorator
@inline
function vStrip8(row0: usize, kvStride: usize, pw: usize, len: i32, rows: i32, o0: usize, o1: usize, o2: usize, o3: usize, e2: usize, e3: usize, mask: v128): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
  let a2 = f32x4.splat(0), b2 = f32x4.splat(0), a3 = f32x4.splat(0), b3 = f32x4.splat(0);
  let row = row0, w = pw;
  const step = <usize>rows << 2;
  for (let t = 0; t < len; t++) {
    const h = v128.load(row);
    const ev = f16EvenRebiasFree(h, mask), od = f16OddRebiasFree(h, mask);
    const w0 = v128.load32_splat(w);
    a0 = maddExact(ev, w0, a0);
    b0 = maddExact(od, w0, b0);
    const w1 = v128.load32_splat(w, 4);
    a1 = maddExact(ev, w1, a1);
    b1 = maddExact(od, w1, b1);
    if (rows > 2) {
      const w2 = v128.load32_splat(w, 8);
      a2 = maddExact(ev, w2, a2);
      b2 = maddExact(od, w2, b2);
      const w3 = v128.load32_splat(w, 12);
      a3 = maddExact(ev, w3, a3);
      b3 = maddExact(od, w3, b3);
    }
    row += kvStride;
    w += step;
  }
  if (rows > 2 && e2 != 0) {
    const h = v128.load(row);
    const ev = f16EvenRebiasFree(h, mask), od = f16OddRebiasFree(h, mask);
    const w2 = v128.load32_splat(e2);
    a2 = maddExact(ev, w2, a2);
    b2 = maddExact(od, w2, b2);
    const w3 = v128.load32_splat(e3);
    a3 = maddExact(ev, w3, a3);
    b3 = maddExact(od, w3, b3);
  }
  storeColumns(o0, a0, b0);
  storeColumns(o1, a1, b1);
  if (rows > 2) {
    storeColumns(o2, a2, b2);
    storeColumns(o3, a3, b3);
  }
}

/** 8 output columns from their even (a) and odd (b) lanes, in order. */
// @ts-ignore: decorator
@inline
function storeColumns(o: usize, a: v128, b: v128): void {
  v128.store(o, i32x4.shuffle(a, b, 0, 4, 1, 5));
  v128.store(o, i32x4.shuffle(a, b, 2, 6, 3, 7), 16);
}

/** Rows 0 .. rows−1 (2 or 4) of weights (row r at p + r·pb) interleaved to pw[t·rows + r], t < len. */
function interleaveWeights(p: usize, pb: usize, rows: i32, len: i32, pw: usize): void {
  let t = 0;
  if (rows == 2) {
    for (; t + 4 <= len; t += 4) {
      const o = <usize>t << 2, a = v128.load(p + o), b = v128.load(p + pb + o);
      v128.store(pw + (o << 1), i32x4.shuffle(a, b, 0, 4, 1, 5));
      v128.store(pw + (o << 1), i32x4.shuffle(a, b, 2, 6, 3, 7), 16);
    }
  } else {
    for (; t + 4 <= len; t += 4) {
      // A 4×4 transpose: rows a..d, positions t..t+3 → one vector per position.
      const o = <usize>t << 2;
      const a = v128.load(p + o), b = v128.load(p + pb + o), c = v128.load(p + 2 * pb + o), d = v128.load(p + 3 * pb + o);
      const ab0 = i32x4.shuffle(a, b, 0, 4, 1, 5), ab1 = i32x4.shuffle(a, b, 2, 6, 3, 7);
      const cd0 = i32x4.shuffle(c, d, 0, 4, 1, 5), cd1 = i32x4.shuffle(c, d, 2, 6, 3, 7);
      const out = pw + (o << 2);
      v128.store(out, i64x2.shuffle(ab0, cd0, 0, 2));
      v128.store(out, i64x2.shuffle(ab0, cd0, 1, 3), 16);
      v128.store(out, i64x2.shuffle(ab1, cd1, 0, 2), 32);
      v128.store(out, i64x2.shuffle(ab1, cd1, 1, 3), 48);
    }
  }
  for (; t < len; t++) {
    for (let r = 0; r < rows; r++) store<f32>(pw + (<usize>(t * rows + r) << 2), load<f32>(p + <usize>r * pb + (<usize>t << 2)));
  }
}

/** Columns i0 .. e−1 of weightedSumV2, one at a time (e not a multiple of 8). */
function weightedSumTail(out0: usize, out1: usize, v: usize, kvStride: usize, p0: usize, p1: usize, len: i32, i0: i32, e: i32): void {
  for (let i = i0; i < e; i++) {
    let s0: f32 = 0, s1: f32 = 0;
    for (let t = 0; t < len; t++) {
      const vv = f16RebiasFree(<u32>load<u16>(v + <usize>t * kvStride + (<usize>i << 1)));
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
 * f16RebiasFree). Any split of a row is the same code path for the same len, so a token's weights
 * do not depend on its batch.
 */
function softmaxWeights(scores: usize, len: i32): void {
  let mv = f32x4.splat(-Infinity);
  let t = 0;
  // pmax: one maxps (max's NaN handling took seven instructions). A NaN score is skipped here
  // but still makes its e^(s − max), the sum and so every weight NaN, as with max.
  for (; t + 4 <= len; t += 4) mv = f32x4.pmax(mv, v128.load(scores + (<usize>t << 2)));
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
 * Rows 0, 1 at out, out + e and 2, 3 at out2, out2 + e = Σ_t p_r[t]·V[t] for 4 rows of
 * weights, interleaved at pw ([t][4], t < len) and as rows at p (len or len + 1 apart):
 * weightedSumV2 for four rows, each V row converted once; per row the same operations, so the
 * same bits. With `extra`, rows 2 and 3 sum over len + 1 positions.
 */
function weightedSumV4(out: usize, out2: usize, v: usize, kvStride: usize, pw: usize, p: usize, len: i32, e: i32, extra: bool): void {
  const mask = f16Mask();
  const eb = <usize>e << 2, pb = <usize>(extra ? len + 1 : len) << 2;
  let i = 0;
  // With `extra`, rows 2 and 3 (the later token of a pair) see one position more: its term
  // comes last, as in their own pass.
  const wl = p + (<usize>len << 2);
  const e2: usize = extra ? wl + 2 * pb : 0, e3: usize = extra ? wl + 3 * pb : 0;
  for (; i + 8 <= e; i += 8) {
    const o = out + (<usize>i << 2), o2 = out2 + (<usize>i << 2);
    vStrip8(v + (<usize>i << 1), kvStride, pw, len, 4, o, o + eb, o2, o2 + eb, e2, e3, mask);
  }
  if (i < e) {
    // Leftover columns (e not a multiple of 8): two heads at a time, same per-head sums.
    weightedSumTail(out, out + eb, v, kvStride, p, p + pb, len, i, e);
    weightedSumTail(out2, out2 + eb, v, kvStride, p + 2 * pb, p + 3 * pb, extra ? len + 1 : len, i, e);
  }
}

/**
 * Scores of R = 4 query rows (chunked at qs) against K rows [t0, t1) → score rows sc, lb bytes
 * apart (already scaled).
 */
// @ts-ignore: decorator
@inline
function scores4(kBase: usize, kvStride: usize, qs: usize, e: i32, t0: i32, t1: i32, sc: usize, lb: usize, scale: f32, tmp: usize, mask: v128): void {
  const nch = e >> 3, tl = e & 7;
  const tq = qs + (<usize>nch << 7);
  for (let t = t0; t < t1; t++) {
    const o = <usize>t << 2;
    scoreDotRows(kBase + <usize>t * kvStride, qs, 128, nch, tq, tl, tmp, mask, 4);
    store<f32>(sc + o, load<f32>(tmp) * scale);
    store<f32>(sc + lb + o, load<f32>(tmp, 4) * scale);
    store<f32>(sc + 2 * lb + o, load<f32>(tmp, 8) * scale);
    store<f32>(sc + 3 * lb + o, load<f32>(tmp, 12) * scale);
  }
}

/**
 * scores4 for the 2 query rows r0, r0 + 1 of a chunked scratch of `rows` rows at qs, into score
 * rows s0, s1.
 */
// @ts-ignore: decorator
@inline
function scores2(kBase: usize, kvStride: usize, qs: usize, rows: i32, r0: i32, e: i32, t0: i32, t1: i32, s0: usize, s1: usize, scale: f32, tmp: usize, mask: v128): void {
  const nch = e >> 3, tl = e & 7;
  const cs = <usize>rows << 5;
  const q = qs + (<usize>r0 << 5), tq = qs + <usize>nch * cs + (<usize>(r0 * tl) << 2);
  let t = t0;
  for (; t + 2 <= t1; t += 2) {
    const o = <usize>t << 2;
    scoreDot2x2(kBase + <usize>t * kvStride, kvStride, q, cs, nch, tq, tl, tmp, mask);
    store<f32>(s0 + o, load<f32>(tmp) * scale);
    store<f32>(s1 + o, load<f32>(tmp, 4) * scale);
    store<f32>(s0 + o, load<f32>(tmp, 8) * scale, 4);
    store<f32>(s1 + o, load<f32>(tmp, 12) * scale, 4);
  }
  for (; t < t1; t++) {
    const o = <usize>t << 2;
    scoreDotRows(kBase + <usize>t * kvStride, q, cs, nch, tq, tl, tmp, mask, 2);
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
 * j = item % (heads/G). Scratch per thread: 4·e (chunked q) + ATTENTION_TEMPS + 2·4·(start + n)
 * (score rows, then the weights interleaved) f32.
 */
// @ts-ignore: decorator
@inline
function attentionGroups(
  G: i32, q: usize, kc: usize, vc: usize, start: i32, n: i32, heads: i32, kvHeads: i32, e: i32, cap: i32,
  out: usize, scratch: usize, item0: i32, item1: i32, scale: f32, window: i32,
): void {
  const eb = <usize>e << 2;
  const T = G == 2 ? 2 : 1; // tokens per block
  const qs = scratch, tmp = scratch + 4 * eb, sc = tmp + (ATTENTION_TEMPS << 2);
  const pw = sc + (<usize>(start + n) << 4); // after 4 score rows of up to start + n
  const groups = heads / G;
  const group = heads / kvHeads;
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
    for (let r = 0; r < G; r++) storeChunkedQ(qs, rows, r, qrow + <usize>r * eb, e);
    if (pair) for (let r = 0; r < G; r++) storeChunkedQ(qs, rows, G + r, qrow + hb + <usize>r * eb, e);
    const kBase = kc + <usize>g * headBytes;
    if (rows == 4) scores4(kBase, kvStride, qs, e, 0, len, sc, lb, scale, tmp, mask);
    else scores2(kBase, kvStride, qs, 2, 0, e, 0, len, sc, sc + lb, scale, tmp, mask);
    if (pair) scores2(kBase, kvStride, qs, 4, 2, e, len, len + 1, sc + 2 * lb, sc + 3 * lb, scale, tmp, mask);
    for (let r = 0; r < rows; r++) {
      const rowLen = pair && r >= 2 ? len + 1 : len;
      maskOutsideWindow(sc + <usize>r * lb, rowLen, window);
      softmaxWeights(sc + <usize>r * lb, rowLen);
    }
    interleaveWeights(sc, lb, rows, len, pw);
    const vBase = vc + <usize>g * headBytes;
    const dst = out + <usize>tok * hb + <usize>h0 * eb;
    if (pair) weightedSumV4(dst, dst + hb, vBase, kvStride, pw, sc, len, e, true);
    else if (rows == 4) weightedSumV4(dst, dst + 2 * eb, vBase, kvStride, pw, sc, len, e, false);
    else weightedSumV2(dst, dst + eb, vBase, kvStride, pw, sc, sc + lb, len, e);
  }
}

/** Query heads in pairs sharing a KV head (heads/kvHeads even). */
export function attentionPairs(
  q: usize, kc: usize, vc: usize, start: i32, n: i32, heads: i32, kvHeads: i32, e: i32, cap: i32,
  out: usize, scratch: usize, item0: i32, item1: i32, scale: f32, window: i32,
): void {
  attentionGroups(2, q, kc, vc, start, n, heads, kvHeads, e, cap, out, scratch, item0, item1, scale, window);
}

/** Query heads in fours sharing a KV head (heads/kvHeads a multiple of 4, e.g. MedPsy-4B's 32/8). */
export function attentionQuads(
  q: usize, kc: usize, vc: usize, start: i32, n: i32, heads: i32, kvHeads: i32, e: i32, cap: i32,
  out: usize, scratch: usize, item0: i32, item1: i32, scale: f32, window: i32,
): void {
  attentionGroups(4, q, kc, vc, start, n, heads, kvHeads, e, cap, out, scratch, item0, item1, scale, window);
}

export function attention(
  q: usize, kc: usize, vc: usize, start: i32, n: i32, heads: i32, kvHeads: i32, e: i32, cap: i32,
  out: usize, scratch: usize, item0: i32, item1: i32, scale: f32, window: i32,
): void {
  const qh = scratch;
  const acc = scratch + (<usize>e << 2);
  const scores = acc + (<usize>e << 2);
  const group = heads / kvHeads;
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
    }
    maskOutsideWindow(scores, len, window);
    for (let t = 0; t < len; t++) max = Mathf.max(max, load<f32>(scores + (<usize>t << 2)));
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

/**
 * Sliding window: a row of len scores (slots 0 .. len−1, the row itself last) keeps its last
 * `window` slots; the earlier ones become −∞, so their weights are exactly 0 (e^−∞ = 0 in
 * softmaxWeights, and 0·V adds nothing to the V sums). Every path masks the same way and keeps
 * its summation order, so batched and single rows still give the same bits. window 0: no mask.
 */
function maskOutsideWindow(scores: usize, len: i32, window: i32): void {
  if (window <= 0) return;
  for (let t = 0; t < len - window; t++) store<f32>(scores + (<usize>t << 2), -Infinity);
}

/** dst[i] = roundF16x4 of src[i] (n a multiple of 4): the query rounding, exported for its test. */
export function roundF16Lanes(src: usize, n: i32, dst: usize): void {
  for (let i = 0; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), roundF16x4(v128.load(src + (<usize>i << 2))));
}
