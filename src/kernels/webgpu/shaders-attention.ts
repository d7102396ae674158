/**
 * Causal grouped-query attention over F16 caches (g, c, e), one 64-thread workgroup per
 * (row, query head), as the reference computes it: q rounded to F16, scores f32(q·k)·scale over
 * the slots the row sees (all up to its own, or the last `window`), softmax with the weights
 * rounded to F16, then the weighted sum of V. Three passes over the slots (max, sum, output);
 * the output pass stages 256 weights at a time in workgroup memory, so any context length works.
 * P: start, n, heads, kvHeads, headDim, cap, scale, window, offQ, offOut.
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
