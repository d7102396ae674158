/**
 * Causal grouped-query attention over F16 caches (g, c, e), one 64-thread workgroup per
 * (row, query head), as the reference computes it: q rounded to F16, scores f32(q·k)·scale over
 * the slots the row sees (all up to its own, or the last `window`), softmax with the weights
 * rounded to F16, then the weighted sum of V. Three passes over the slots (max, sum, output);
 * the output pass stages 256 weights at a time in workgroup memory, so any context length works.
 * P: start, n, heads, kvHeads, headDim, cap, scale, window, offQ, offOut, split.
 *
 * A row that sees more than `split` slots (split > 0) is left to the split kernels below, which
 * spread its slots over several workgroups (a decode row at a long context would otherwise keep
 * one workgroup per head busy while the rest of the GPU idles). Whether a row is split depends on
 * its own span only, so a row's bits never depend on the other rows of the call.
 */
import type { KernelSource } from "./recorder.ts";

export const ATTENTION: KernelSource = {
  name: "attention",
  types: ["f32", "u32", "u32", "f32"],
  wgsl: `var<workgroup> qs: array<f32, 256>;
var<workgroup> red: array<f32, 64>;
var<workgroup> wts: array<f32, 256>;

fn score(p: u32, g: u32, e: u32, cap: u32) -> f32 {
  let k0 = ((g * cap + p) * e) / 2u;
  var s = 0.0;
  for (var j = 0u; j < e / 2u; j++) {
    let k = unpack2x16float($1[k0 + j]);
    s += qs[2u * j] * k.x + qs[2u * j + 1u] * k.y;
  }
  return s * pf(6u);
}

@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let heads = pu(2u); let e = pu(4u); let cap = pu(5u); let window = pu(7u);
  let id = group_index(wg, nw);
  if (id >= pu(1u) * heads) { return; }
  let t = id / heads;
  let h = id % heads;
  let g = h / (heads / pu(3u));
  let len = pu(0u) + t + 1u;
  var first = 0u;
  if (window > 0u && len > window) { first = len - window; }
  if (pu(10u) > 0u && len - first > pu(10u)) { return; }
  let q0 = pu(8u) + (t * heads + h) * e;
  for (var j = li; j < e; j += 64u) { qs[j] = round_f16($0[q0 + j]); }
  workgroupBarrier();

  var m = -3.4e38;
  for (var p = first + li; p < len; p += 64u) { m = max(m, score(p, g, e, cap)); }
  red[li] = m;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (li < s) { red[li] = max(red[li], red[li + s]); }
    workgroupBarrier();
  }
  let mx = red[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var p = first + li; p < len; p += 64u) { sum += exp(score(p, g, e, cap) - mx); }
  red[li] = sum;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (li < s) { red[li] += red[li + s]; }
    workgroupBarrier();
  }
  let total = red[0];

  var acc = array<f32, 4>(0.0, 0.0, 0.0, 0.0);
  for (var base = first; base < len; base += 256u) {
    let end = min(base + 256u, len);
    for (var p = base + li; p < end; p += 64u) { wts[p - base] = round_f16(exp(score(p, g, e, cap) - mx) / total); }
    workgroupBarrier();
    for (var k = 0u; k < 4u; k++) {
      let d = li + 64u * k;
      if (d < e) {
        for (var p = base; p < end; p++) {
          let w = $2[((g * cap + p) * e + d) / 2u];
          acc[k] += wts[p - base] * unpack2x16float(w)[d & 1u];
        }
      }
    }
    workgroupBarrier();
  }
  for (var k = 0u; k < 4u; k++) {
    let d = li + 64u * k;
    if (d < e) { $3[pu(9u) + (t * heads + h) * e + d] = acc[k]; }
  }
}`,
};

/** Slots per workgroup of the split kernels (the weights staged in workgroup memory). */
export const SPLIT_CHUNK = 256;

/** What the split kernels share: the row/head/chunk of a workgroup and its q, loaded as F16. */
const SPLIT_COMMON = `var<workgroup> qs: array<f32, 256>;
var<workgroup> red: array<f32, 64>;
var<workgroup> wts: array<f32, 256>;

fn score(p: u32, g: u32, e: u32, cap: u32) -> f32 {
  let k0 = ((g * cap + p) * e) / 2u;
  var s = 0.0;
  for (var j = 0u; j < e / 2u; j++) {
    let k = unpack2x16float($1[k0 + j]);
    s += qs[2u * j] * k.x + qs[2u * j + 1u] * k.y;
  }
  return s * pf(6u);
}

struct Part { t: u32, h: u32, g: u32, c: u32, len: u32, first: u32, lo: u32, hi: u32, chunks: u32, slot: u32, ok: bool }

// Workgroup id → (row t, head h, chunk c); P[11] = chunk slots per (row, head), P[12] = first row.
fn part_of(id: u32) -> Part {
  var r: Part;
  let heads = pu(2u); let slots = pu(11u);
  r.c = id % slots;
  let th = id / slots;
  r.h = th % heads;
  let tl = th / heads;
  r.t = pu(12u) + tl;
  r.slot = th * slots;
  r.g = r.h / (heads / pu(3u));
  r.len = pu(0u) + r.t + 1u;
  r.first = 0u;
  if (pu(7u) > 0u && r.len > pu(7u)) { r.first = r.len - pu(7u); }
  r.chunks = (r.len - r.first + ${SPLIT_CHUNK}u - 1u) / ${SPLIT_CHUNK}u;
  r.lo = r.first + r.c * ${SPLIT_CHUNK}u;
  r.hi = min(r.lo + ${SPLIT_CHUNK}u, r.len);
  r.ok = r.t < pu(1u) && r.len - r.first > pu(10u) && r.c < r.chunks;
  return r;
}

fn load_q(pt: Part, li: u32) {
  let e = pu(4u);
  let q0 = pu(8u) + (pt.t * pu(2u) + pt.h) * e;
  for (var j = li; j < e; j += 64u) { qs[j] = round_f16($0[q0 + j]); }
  workgroupBarrier();
}
`;

/**
 * Split attention, pass 1: each (row, head, chunk of SPLIT_CHUNK slots) writes its chunk's
 * max score m and Σ exp(s − m) to stats (2 floats). Operands: q, kCache, stats. P as ATTENTION,
 * plus [11] chunk slots per (row, head), [12] first row of this group.
 */
export const ATTENTION_STATS: KernelSource = {
  name: "attention_stats",
  types: ["f32", "u32", "f32"],
  wgsl: `${SPLIT_COMMON}
@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let pt = part_of(group_index(wg, nw));
  if (!pt.ok) { return; }
  let e = pu(4u); let cap = pu(5u);
  load_q(pt, li);
  var m = -3.4e38;
  for (var p = pt.lo + li; p < pt.hi; p += 64u) { m = max(m, score(p, pt.g, e, cap)); }
  red[li] = m;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (li < s) { red[li] = max(red[li], red[li + s]); }
    workgroupBarrier();
  }
  let mx = red[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var p = pt.lo + li; p < pt.hi; p += 64u) { sum += exp(score(p, pt.g, e, cap) - mx); }
  red[li] = sum;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (li < s) { red[li] += red[li + s]; }
    workgroupBarrier();
  }
  if (li == 0u) { $2[2u * (pt.slot + pt.c)] = mx; $2[2u * (pt.slot + pt.c) + 1u] = red[0]; }
}`,
};

/**
 * Split attention, pass 2: each (row, head, chunk) combines its row's chunk stats into the global
 * max M and sum S, rounds its slots' weights f16(exp(s − M) / S) as the one-pass kernel does, and
 * writes its share of the output, Σ w·V over its chunk, to partial (e floats).
 * Operands: q, kCache, vCache, stats, partial. P as ATTENTION_STATS.
 */
export const ATTENTION_PARTIAL: KernelSource = {
  name: "attention_partial",
  types: ["f32", "u32", "u32", "f32", "f32"],
  wgsl: `${SPLIT_COMMON}
@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let pt = part_of(group_index(wg, nw));
  if (!pt.ok) { return; }
  let e = pu(4u); let cap = pu(5u);
  load_q(pt, li);
  var mx = -3.4e38;
  for (var c = 0u; c < pt.chunks; c++) { mx = max(mx, $3[2u * (pt.slot + c)]); }
  var total = 0.0;
  for (var c = 0u; c < pt.chunks; c++) { total += $3[2u * (pt.slot + c) + 1u] * exp($3[2u * (pt.slot + c)] - mx); }
  for (var p = pt.lo + li; p < pt.hi; p += 64u) { wts[p - pt.lo] = round_f16(exp(score(p, pt.g, e, cap) - mx) / total); }
  workgroupBarrier();
  for (var k = 0u; k < 4u; k++) {
    let d = li + 64u * k;
    if (d < e) {
      var acc = 0.0;
      for (var p = pt.lo; p < pt.hi; p++) { acc += wts[p - pt.lo] * unpack2x16float($2[((pt.g * cap + p) * e + d) / 2u])[d & 1u]; }
      $4[(pt.slot + pt.c) * e + d] = acc;
    }
  }
}`,
};

/**
 * Split attention, pass 3: out = the sum of a split row's chunk outputs, in chunk order, one
 * 64-thread workgroup per (row, head). Operands: partial, out. P as ATTENTION_STATS.
 */
export const ATTENTION_REDUCE: KernelSource = {
  name: "attention_reduce",
  types: ["f32", "f32"],
  wgsl: `@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let heads = pu(2u); let e = pu(4u); let slots = pu(11u);
  let th = group_index(wg, nw);
  let t = pu(12u) + th / heads;
  if (t >= pu(1u)) { return; }
  let len = pu(0u) + t + 1u;
  var first = 0u;
  if (pu(7u) > 0u && len > pu(7u)) { first = len - pu(7u); }
  if (len - first <= pu(10u)) { return; }
  let chunks = (len - first + ${SPLIT_CHUNK}u - 1u) / ${SPLIT_CHUNK}u;
  for (var d = li; d < e; d += 64u) {
    var acc = 0.0;
    for (var c = 0u; c < chunks; c++) { acc += $0[(th * slots + c) * e + d]; }
    $1[pu(9u) + (t * heads + th % heads) * e + d] = acc;
  }
}`,
};
