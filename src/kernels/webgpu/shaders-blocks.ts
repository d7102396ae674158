/**
 * Weights in their GGUF block layouts on the GPU (no repacking). Per type, two WGSL decoders of
 * the 32-value sub-block sb of the row starting at byte `rowByte`: `wval(rowByte, sb, j)`, one
 * element (embedding lookup), and `wsub(rowByte, sb)`, all 32 from whole 32-bit words with the
 * block's scales decoded once (matmul). Both compute in the order tensor/dequantize.ts does, so
 * each value is the reference's bit for bit (every product there is exact in f32 but the last,
 * rounded once as here). Layouts from ggml-common.h.
 */
import { GgmlType } from "../../tensor/dtypes.ts";
import type { KernelSource } from "./recorder.ts";
import { WITH_MIN } from "./held.ts";

/** Byte and f16 reads from the weight operand W (= $0) stored as u32 words. */
const BYTES = /* wgsl */ `
fn byte_at(i: u32) -> u32 { return ($0[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn i8_at(i: u32) -> f32 { return f32(i32(byte_at(i) << 24u) >> 24u); }
fn half_at(i: u32) -> f32 { return unpack2x16float(($0[i >> 2u] >> ((i & 2u) * 8u)) & 0xffffu).x; }
fn u32_at(i: u32) -> u32 { return byte_at(i) | (byte_at(i + 1u) << 8u) | (byte_at(i + 2u) << 16u) | (byte_at(i + 3u) << 24u); }
// The 4 bytes at any byte offset i as one little-endian word (blocks of 34, 18, 22 or 210 bytes
// start at even, not 4-aligned, offsets).
fn word_at(i: u32) -> u32 {
  let s = (i & 3u) * 8u;
  let lo = $0[i >> 2u] >> s;
  if (s == 0u) { return lo; }
  return lo | ($0[(i >> 2u) + 1u] << (32u - s));
}
fn sbyte(w: u32, b: u32) -> f32 { return f32(i32(w << (24u - 8u * b)) >> 24u); }
// (scale, min) of sub-block j of a Q4_K/Q5_K block from the 12 packed 6-bit bytes at s.
fn scale_min_k4(j: u32, s: u32) -> vec2f {
  if (j < 4u) { return vec2f(f32(byte_at(s + j) & 63u), f32(byte_at(s + j + 4u) & 63u)); }
  return vec2f(f32((byte_at(s + j + 4u) & 0xfu) | ((byte_at(s + j - 4u) >> 6u) << 4u)),
               f32((byte_at(s + j + 4u) >> 4u) | ((byte_at(s + j) >> 6u) << 4u)));
}
`;

const GETTERS = new Map<number, string>([
  [GgmlType.F32, `fn wval(r: u32, sb: u32, j: u32) -> f32 { return bitcast<f32>($0[(r >> 2u) + sb * 32u + j]); }`],
  [GgmlType.F16, `fn wval(r: u32, sb: u32, j: u32) -> f32 { return half_at(r + (sb * 32u + j) * 2u); }`],
  [GgmlType.BF16, `fn wval(r: u32, sb: u32, j: u32) -> f32 {
  let i = r + (sb * 32u + j) * 2u;
  return bitcast<f32>((($0[i >> 2u] >> ((i & 2u) * 8u)) & 0xffffu) << 16u); }`],
  [GgmlType.Q8_0, `fn wval(r: u32, sb: u32, j: u32) -> f32 { let p = r + 34u * sb; return half_at(p) * i8_at(p + 2u + j); }`],
  [GgmlType.Q4_0, `fn wval(r: u32, sb: u32, j: u32) -> f32 {
  let p = r + 18u * sb;
  let q = byte_at(p + 2u + (j & 15u));
  let v = select(q & 0xfu, q >> 4u, j >= 16u);
  return (f32(v) - 8.0) * half_at(p); }`],
  [GgmlType.Q5_0, `fn wval(r: u32, sb: u32, j: u32) -> f32 {
  let p = r + 22u * sb;
  let qh = u32_at(p + 2u);
  let q = byte_at(p + 6u + (j & 15u));
  let v = select(q & 0xfu, q >> 4u, j >= 16u) | (((qh >> j) & 1u) << 4u);
  return (f32(v) - 16.0) * half_at(p); }`],
  [GgmlType.Q4_1, `fn wval(r: u32, sb: u32, j: u32) -> f32 {
  let p = r + 20u * sb;
  let q = byte_at(p + 4u + (j & 15u));
  let v = select(q & 0xfu, q >> 4u, j >= 16u);
  return f32(v) * half_at(p) + half_at(p + 2u); }`],
  [GgmlType.Q5_1, `fn wval(r: u32, sb: u32, j: u32) -> f32 {
  let p = r + 24u * sb;
  let qh = u32_at(p + 4u);
  let q = byte_at(p + 8u + (j & 15u));
  let v = select(q & 0xfu, q >> 4u, j >= 16u) | (((qh >> j) & 1u) << 4u);
  return f32(v) * half_at(p) + half_at(p + 2u); }`],
  [GgmlType.Q4_K, `fn wval(r: u32, sb: u32, j: u32) -> f32 {
  let p = r + 144u * (sb / 8u);
  let s = sb % 8u;
  let sm = scale_min_k4(s, p + 4u);
  let q = byte_at(p + 16u + 32u * (s / 2u) + j);
  let v = select(q & 0xfu, q >> 4u, (s & 1u) == 1u);
  return (half_at(p) * sm.x) * f32(v) - half_at(p + 2u) * sm.y; }`],
  [GgmlType.Q5_K, `fn wval(r: u32, sb: u32, j: u32) -> f32 {
  let p = r + 176u * (sb / 8u);
  let s = sb % 8u;
  let sm = scale_min_k4(s, p + 4u);
  let q = byte_at(p + 48u + 32u * (s / 2u) + j);
  let hi = ((byte_at(p + 16u + j) >> s) & 1u) << 4u;
  let v = select(q & 0xfu, q >> 4u, (s & 1u) == 1u) + hi;
  return (half_at(p) * sm.x) * f32(v) - half_at(p + 2u) * sm.y; }`],
  [GgmlType.Q6_K, `fn wval(r: u32, sb: u32, j: u32) -> f32 {
  let p = r + 210u * (sb / 8u);
  let s = sb % 8u;
  let hf = s / 4u;
  let qd = s % 4u;
  let ql = p + 64u * hf + select(0u, 32u, (qd & 1u) == 1u) + j;
  let h = (byte_at(p + 128u + 32u * hf + j) >> (2u * qd)) & 3u;
  let lo = select(byte_at(ql) & 0xfu, byte_at(ql) >> 4u, qd >= 2u);
  let q = f32(i32(lo | (h << 4u)) - 32);
  let sc = i8_at(p + 192u + 8u * hf + (j >> 4u) + 2u * qd);
  return (half_at(p + 208u) * sc) * q; }`],
]);


/** wsub per type: the 32 values of sub-block sb, decoded from whole words. */
const SUBS = new Map<number, string>([
  [GgmlType.F32, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let w0 = (r >> 2u) + sb * 32u;
  for (var j = 0u; j < 32u; j++) { v[j] = bitcast<f32>($0[w0 + j]); }
  return v; }`],
  [GgmlType.F16, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let w0 = (r >> 2u) + sb * 16u;
  for (var w = 0u; w < 16u; w++) { let h = unpack2x16float($0[w0 + w]); v[2u * w] = h.x; v[2u * w + 1u] = h.y; }
  return v; }`],
  [GgmlType.BF16, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let w0 = (r >> 2u) + sb * 16u;
  for (var w = 0u; w < 16u; w++) { let x = $0[w0 + w]; v[2u * w] = bitcast<f32>(x << 16u); v[2u * w + 1u] = bitcast<f32>(x & 0xffff0000u); }
  return v; }`],
  [GgmlType.Q8_0, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let p = r + 34u * sb;
  let d = half_at(p);
  for (var w = 0u; w < 8u; w++) {
    let x = word_at(p + 2u + 4u * w);
    for (var b = 0u; b < 4u; b++) { v[4u * w + b] = d * sbyte(x, b); }
  }
  return v; }`],
  [GgmlType.Q4_0, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let p = r + 18u * sb;
  let d = half_at(p);
  for (var w = 0u; w < 4u; w++) {
    let x = word_at(p + 2u + 4u * w);
    for (var b = 0u; b < 4u; b++) {
      v[4u * w + b] = (f32((x >> (8u * b)) & 0xfu) - 8.0) * d;
      v[16u + 4u * w + b] = (f32((x >> (8u * b + 4u)) & 0xfu) - 8.0) * d;
    }
  }
  return v; }`],
  [GgmlType.Q5_0, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let p = r + 22u * sb;
  let d = half_at(p);
  let qh = word_at(p + 2u);
  for (var w = 0u; w < 4u; w++) {
    let x = word_at(p + 6u + 4u * w);
    for (var b = 0u; b < 4u; b++) {
      let j = 4u * w + b;
      v[j] = (f32(((x >> (8u * b)) & 0xfu) | (((qh >> j) & 1u) << 4u)) - 16.0) * d;
      v[16u + j] = (f32(((x >> (8u * b + 4u)) & 0xfu) | (((qh >> (j + 16u)) & 1u) << 4u)) - 16.0) * d;
    }
  }
  return v; }`],
  // Q4_1 / Q5_1: d·q only; the min enters as m · (the activations' Q8_1 block sum), see wmin.
  [GgmlType.Q4_1, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let p = r + 20u * sb;
  let d = half_at(p);
  for (var w = 0u; w < 4u; w++) {
    let x = $0[(p + 4u) / 4u + w];
    for (var b = 0u; b < 4u; b++) {
      v[4u * w + b] = f32((x >> (8u * b)) & 0xfu) * d;
      v[16u + 4u * w + b] = f32((x >> (8u * b + 4u)) & 0xfu) * d;
    }
  }
  return v; }
fn wmin(r: u32, sb: u32) -> f32 { return half_at(r + 20u * sb + 2u); }`],
  [GgmlType.Q5_1, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let p = r + 24u * sb;
  let d = half_at(p);
  let qh = $0[(p + 4u) / 4u];
  for (var w = 0u; w < 4u; w++) {
    let x = $0[(p + 8u) / 4u + w];
    for (var b = 0u; b < 4u; b++) {
      let j = 4u * w + b;
      v[j] = f32(((x >> (8u * b)) & 0xfu) | (((qh >> j) & 1u) << 4u)) * d;
      v[16u + j] = f32(((x >> (8u * b + 4u)) & 0xfu) | (((qh >> (j + 16u)) & 1u) << 4u)) * d;
    }
  }
  return v; }
fn wmin(r: u32, sb: u32) -> f32 { return half_at(r + 24u * sb + 2u); }`],
  [GgmlType.Q4_K, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let p = r + 144u * (sb / 8u);
  let s = sb % 8u;
  let sm = scale_min_k4(s, p + 4u);
  let d1 = half_at(p) * sm.x;
  let m1 = half_at(p + 2u) * sm.y;
  let q0 = (p + 16u + 32u * (s / 2u)) >> 2u;
  let sh = (s & 1u) * 4u;
  for (var w = 0u; w < 8u; w++) {
    let x = $0[q0 + w];
    for (var b = 0u; b < 4u; b++) { v[4u * w + b] = d1 * f32((x >> (8u * b + sh)) & 0xfu) - m1; }
  }
  return v; }`],
  [GgmlType.Q5_K, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let p = r + 176u * (sb / 8u);
  let s = sb % 8u;
  let sm = scale_min_k4(s, p + 4u);
  let d1 = half_at(p) * sm.x;
  let m1 = half_at(p + 2u) * sm.y;
  let q0 = (p + 48u + 32u * (s / 2u)) >> 2u;
  let h0 = (p + 16u) >> 2u;
  let sh = (s & 1u) * 4u;
  for (var w = 0u; w < 8u; w++) {
    let x = $0[q0 + w];
    let hx = $0[h0 + w];
    for (var b = 0u; b < 4u; b++) {
      let q = ((x >> (8u * b + sh)) & 0xfu) + (((hx >> (8u * b + s)) & 1u) << 4u);
      v[4u * w + b] = d1 * f32(q) - m1;
    }
  }
  return v; }`],
  [GgmlType.Q6_K, `fn wsub(r: u32, sb: u32) -> array<f32, 32> {
  var v: array<f32, 32>;
  let p = r + 210u * (sb / 8u);
  let s = sb % 8u;
  let hf = s / 4u;
  let qd = s % 4u;
  let ql = p + 64u * hf + select(0u, 32u, (qd & 1u) == 1u);
  let qh = p + 128u + 32u * hf;
  let sh = select(0u, 4u, qd >= 2u);
  let d = half_at(p + 208u);
  let sc0 = d * i8_at(p + 192u + 8u * hf + 2u * qd);
  let sc1 = d * i8_at(p + 192u + 8u * hf + 2u * qd + 1u);
  for (var w = 0u; w < 8u; w++) {
    let lx = word_at(ql + 4u * w);
    let hx = word_at(qh + 4u * w);
    let sc = select(sc0, sc1, w >= 4u);
    for (var b = 0u; b < 4u; b++) {
      let q = ((lx >> (8u * b + sh)) & 0xfu) | (((hx >> (8u * b + 2u * qd)) & 3u) << 4u);
      v[4u * w + b] = sc * f32(i32(q) - 32);
    }
  }
  return v; }`],
]);

const kernels = new Map<string, KernelSource>();

/** Tokens one matmul workgroup serves: each weight sub-block is decoded once for all of them. */
export const MATMUL_TOKENS = 8;

/**
 * y (n, rows) = xp (n, cols) · Wᵀ, W in its stored layout. A 64-thread workgroup serves up to
 * MATMUL_TOKENS tokens and 64/T rows, T threads per row (T = P[5], a power of two ≤ 64, about
 * the row's sub-block count, so short rows do not leave threads idle); a row's threads stride its
 * 32-value sub-blocks, decode each once into registers and dot it with every token's
 * activations, then reduce as a tree. Each token's sum runs in the same order whatever else is
 * in the batch, so a row's bits do not depend on it. Q4_1 / Q5_1 add m · s per block (s: the
 * activations' Q8_1 block sums, operand 3), as ggml's dot product does.
 * Operands: W (a chunk of `rows` rows), xp, y, sums.
 * P: rows, cols, n, offY (+ the chunk's first row), rowBytes, T, y's row stride (all rows).
 */
export function matmulKernel(type: number): KernelSource {
  const name = `matmul_${type}`;
  let k = kernels.get(name);
  if (!k) {
    k = {
      name,
      types: ["u32", "f32", "f32", "f32"],
      wgsl: `${BYTES}${SUBS.get(type)!}
var<workgroup> part: array<f32, 64>;
@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let rows = pu(0u); let cols = pu(1u); let n = pu(2u); let tpr = pu(5u);
  let per = 64u / tpr;
  let groups = (rows + per - 1u) / per;
  let id = group_index(wg, nw);
  let tiles = (n + ${MATMUL_TOKENS}u - 1u) / ${MATMUL_TOKENS}u;
  if (id >= groups * tiles) { return; }
  let t0 = (id / groups) * ${MATMUL_TOKENS}u;
  let nt = min(${MATMUL_TOKENS}u, n - t0);
  let lane = li % tpr;
  let r = (id % groups) * per + li / tpr;
  var acc: array<f32, ${MATMUL_TOKENS}>;
  if (r < rows) {
    let rb = r * pu(4u);
    for (var sb = lane; sb < cols / 32u; sb += tpr) {
      let wv = wsub(rb, sb);
      for (var k = 0u; k < nt; k++) {
        let x0 = (t0 + k) * cols + sb * 32u;
        var s = acc[k];
        for (var j = 0u; j < 32u; j++) { s += wv[j] * $1[x0 + j]; }
        ${WITH_MIN.has(type) ? "s += wmin(rb, sb) * $3[(t0 + k) * (cols / 32u) + sb];" : ""}
        acc[k] = s;
      }
    }
  }
  for (var k = 0u; k < nt; k++) {
    part[li] = acc[k];
    workgroupBarrier();
    for (var s = tpr / 2u; s > 0u; s >>= 1u) {
      if (lane < s) { part[li] += part[li + s]; }
      workgroupBarrier();
    }
    if (lane == 0u && r < rows) { $2[pu(3u) + (t0 + k) * pu(6u) + r] = part[li]; }
    workgroupBarrier();
  }
}`,
    };
    kernels.set(name, k);
  }
  return k;
}

/**
 * out (ids, cols) = rows `ids` (D) of W dequantized, for the ids within this chunk of W (rows
 * first .. first+rows-1). Operands: W, out. P: count, cols, offOut, rowBytes, first, rows.
 */
export function getRowsKernel(type: number): KernelSource {
  const name = `get_rows_${type}`;
  let k = kernels.get(name);
  if (!k) {
    k = {
      name,
      types: ["u32", "f32"],
      data: true,
      wgsl: `${BYTES}${GETTERS.get(type)!}
@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let cols = pu(1u);
  let i = group_index(wg, nw) * 256u + li;
  if (i >= pu(0u) * cols) { return; }
  let c = i % cols;
  let id = D[i / cols];
  if (id < pu(4u) || id >= pu(4u) + pu(5u)) { return; }
  $1[pu(2u) + i] = wval((id - pu(4u)) * pu(3u), c / 32u, c % 32u);
}`,
    };
    kernels.set(name, k);
  }
  return k;
}

/** Rows each thread of the tiled matmul serves (with MATMUL_TOKENS tokens: 32 sums in registers). */
export const TILED_ROWS_PER_THREAD = 4;

/**
 * The matmul for prompts and wide batches: as matmulKernel, each row's T = P[5] lanes stride its
 * sub-blocks and each lane's sums run in the same order, then the same tree over the lanes — so
 * every y value is matmulKernel's bit for bit, whatever the batch — but a 256-thread workgroup
 * serves 256/T lane groups of TILED_ROWS_PER_THREAD rows each, for MATMUL_TOKENS tokens: 4·256/T
 * rows read the same activations from the workgroup's cache instead of 64/T.
 * Operands and P: as matmulKernel.
 */
export function matmulTiledKernel(type: number): KernelSource {
  const name = `matmul_tiled_${type}`;
  let k = kernels.get(name);
  if (!k) {
    const RPT = TILED_ROWS_PER_THREAD, T = MATMUL_TOKENS;
    k = {
      name,
      types: ["u32", "f32", "f32", "f32"],
      wgsl: `${BYTES}${SUBS.get(type)!}
var<workgroup> part: array<f32, 256>;
@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let rows = pu(0u); let cols = pu(1u); let n = pu(2u); let tpr = pu(5u);
  let per = (256u / tpr) * ${RPT}u;
  let groups = (rows + per - 1u) / per;
  let id = group_index(wg, nw);
  let tiles = (n + ${T}u - 1u) / ${T}u;
  if (id >= groups * tiles) { return; }
  let t0 = (id / groups) * ${T}u;
  let nt = min(${T}u, n - t0);
  let lane = li % tpr;
  let r0 = (id % groups) * per + (li / tpr) * ${RPT}u;
  var acc: array<f32, ${RPT * T}>;
  for (var sb = lane; sb < cols / 32u; sb += tpr) {
    for (var ri = 0u; ri < ${RPT}u; ri++) {
      let r = r0 + ri;
      if (r >= rows) { break; }
      let rb = r * pu(4u);
      let wv = wsub(rb, sb);
      for (var k = 0u; k < nt; k++) {
        let x0 = (t0 + k) * cols + sb * 32u;
        var s = acc[ri * ${T}u + k];
        for (var j = 0u; j < 32u; j++) { s += wv[j] * $1[x0 + j]; }
        ${WITH_MIN.has(type) ? "s += wmin(rb, sb) * $3[(t0 + k) * (cols / 32u) + sb];" : ""}
        acc[ri * ${T}u + k] = s;
      }
    }
  }
  for (var ri = 0u; ri < ${RPT}u; ri++) {
    for (var k = 0u; k < nt; k++) {
      part[li] = acc[ri * ${T}u + k];
      workgroupBarrier();
      for (var s = tpr / 2u; s > 0u; s >>= 1u) {
        if (lane < s) { part[li] += part[li + s]; }
        workgroupBarrier();
      }
      if (lane == 0u && r0 + ri < rows) { $2[pu(3u) + (t0 + k) * pu(6u) + r0 + ri] = part[li]; }
      workgroupBarrier();
    }
  }
}`,
    };
    kernels.set(name, k);
  }
  return k;
}
