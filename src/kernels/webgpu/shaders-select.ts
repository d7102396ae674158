/**
 * Top-k of logits on the GPU, so a greedy or top-k step reads back k (id, value) pairs instead of
 * the whole vocabulary. Order: value descending, ties by the lower id (the CPU sampler's order:
 * sampling/sampler.ts argmax and candidates); NaN is never selected.
 *
 * Two passes: TOPK_CHUNKS gives each chunk of TOPK_CHUNK values its own top k (one workgroup per
 * (row, chunk)), TOPK_MERGE takes the top k of those candidates (one workgroup per row). Both
 * select in k rounds: round r takes the best value ranked strictly after round r − 1's pick (the
 * order is total, so nothing needs marking), reduced over the workgroup's 256 threads.
 * Candidates are (value bits, id) u32 pairs; id NONE pads a chunk shorter than k.
 */
import type { KernelSource } from "./recorder.ts";

/** Values per first-pass workgroup: 149 chunks for a 151,936-token vocabulary. */
export const TOPK_CHUNK = 1024;
/** Most candidates one step may ask for (the sampler's top-k above this reads the full logits). */
export const MAX_TOP_K = 256;

const SELECT = (load: string) => /* wgsl */ `
const NONE = 0xffffffffu;
var<workgroup> sv: array<f32, 256>;
var<workgroup> si: array<u32, 256>;
// a ranks before b: higher value, ties by the lower id; NONE ranks last, NaN never first.
fn before(av: f32, ai: u32, bv: f32, bi: u32) -> bool {
  if (ai == NONE) { return false; }
  if (bi == NONE) { return true; }
  return av > bv || (av == bv && ai < bi);
}
// Writes the top k of count candidates (load(j) for j < count) to out pairs at outBase.
fn select_top(lid: u32, count: u32, k: u32, outBase: u32) {
  var pv = 0.0;
  var pi = NONE;
  for (var r = 0u; r < k; r++) {
    var bv = 0.0;
    var bi = NONE;
    for (var j = lid; j < count; j += 256u) {
      let c = load(j);
      if ((r == 0u || before(pv, pi, c.v, c.i)) && before(c.v, c.i, bv, bi)) { bv = c.v; bi = c.i; }
    }
    sv[lid] = bv;
    si[lid] = bi;
    workgroupBarrier();
    for (var s = 128u; s > 0u; s >>= 1u) {
      if (lid < s && before(sv[lid + s], si[lid + s], sv[lid], si[lid])) { sv[lid] = sv[lid + s]; si[lid] = si[lid + s]; }
      workgroupBarrier();
    }
    pv = sv[0];
    pi = si[0];
    if (lid == 0u) { $1[outBase + 2u * r] = bitcast<u32>(pv); $1[outBase + 2u * r + 1u] = pi; }
    workgroupBarrier();
  }
}
struct Cand { v: f32, i: u32 }
var<private> g_base: u32;
var<private> g_first: u32;
fn load(j: u32) -> Cand { ${load} }
`;

/**
 * Pass 1. Operands: x (f32 logits), cand (u32 pairs, (rows, chunks, k, 2)).
 * P: length, k, offX, chunks. Workgroups: rows × chunks.
 */
export const TOPK_CHUNKS: KernelSource = {
  name: "topk_chunks",
  types: ["f32", "u32"],
  wgsl: SELECT("return Cand($0[g_base + g_first + j], g_first + j);") + `
@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) lid: u32) {
  let g = group_index(wg, nw);
  let length = pu(0u);
  let k = pu(1u);
  let chunks = pu(3u);
  let row = g / chunks;
  let c = g % chunks;
  g_base = pu(2u) + row * length;
  g_first = c * ${TOPK_CHUNK}u;
  select_top(lid, min(${TOPK_CHUNK}u, length - g_first), k, g * k * 2u);
}`,
};

/**
 * Pass 2. Operands: cand (u32 pairs from pass 1), out (u32 pairs, (rows, k, 2)).
 * P: k, chunks. Workgroups: rows.
 */
export const TOPK_MERGE: KernelSource = {
  name: "topk_merge",
  types: ["u32", "u32"],
  wgsl: SELECT("return Cand(bitcast<f32>($0[g_base + 2u * j]), $0[g_base + 2u * j + 1u]);") + `
@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = group_index(wg, nw);
  let k = pu(0u);
  let count = k * pu(1u);
  g_base = row * count * 2u;
  g_first = 0u;
  select_top(lid, count, k, row * k * 2u);
}`,
};
