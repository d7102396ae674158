/**
 * Top-k of logits on the GPU, so a greedy or top-k step reads back k (id, value) pairs instead of
 * the whole vocabulary. Order: value descending, ties by the lower id (the CPU sampler's order:
 * sampling/sampler.ts argmax and candidates); NaN is never selected.
 *
 * Two passes: TOPK_CHUNKS gives each chunk of values its own sorted top k (one workgroup per
 * (row, chunk)); it selects in k rounds, round r taking the best value ranked strictly after round
 * r − 1's pick (the order is total, so nothing needs marking), reduced over 256 threads.
 * TOPK_MERGE merges the chunks' sorted lists (one workgroup per row).
 * Candidates are (value bits, id) u32 pairs; id NONE pads a chunk shorter than k.
 */
import type { KernelSource } from "./recorder.ts";

/** Values per first-pass workgroup at least (149 chunks for a 151,936-token vocabulary). */
export const TOPK_CHUNK = 1024;
/** Most chunks per row: the merge has one thread per chunk. */
export const TOPK_MAX_CHUNKS = 256;

/** Values per chunk for a row of `length`: TOPK_CHUNK, or more so that at most TOPK_MAX_CHUNKS. */
export function topkChunk(length: number): number {
  return Math.max(TOPK_CHUNK, Math.ceil(length / TOPK_MAX_CHUNKS));
}
/** Most candidates one step may ask for (the sampler's top-k above this reads the full logits). */
export const MAX_TOP_K = 256;

/**
 * The candidates' order, shared by the chunk and merge passes so both rank alike: a ranks before b
 * on a higher value, ties by the lower id; NONE (an empty slot) ranks last, NaN never first.
 */
const RANKING = /* wgsl */ `
const NONE = 0xffffffffu;
var<workgroup> sv: array<f32, 256>;
var<workgroup> si: array<u32, 256>;
fn before(av: f32, ai: u32, bv: f32, bi: u32) -> bool {
  if (ai == NONE) { return false; }
  if (bi == NONE) { return true; }
  return av > bv || (av == bv && ai < bi);
}
`;

const SELECT = (load: string) => /* wgsl */ `
${RANKING}// Writes the top k of count candidates (load(j) for j < count) to out pairs at outBase.
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
 * P: length, k, offX, chunks, chunk (values per chunk). Workgroups: rows × chunks.
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
  g_first = c * pu(4u);
  select_top(lid, min(pu(4u), length - g_first), k, g * k * 2u);
}`,
};

/**
 * Pass 2: each chunk's list is sorted, so round r needs only every list's head — one thread per
 * chunk (at most 256: the host sizes chunks so) offers its head, the best wins and its thread
 * moves to its next candidate: k rounds of one load and one reduction, whatever the chunk count.
 * Operands: cand (u32 pairs from pass 1), out (u32 pairs, (rows, k, 2)).
 * P: k, chunks. Workgroups: rows.
 */
export const TOPK_MERGE: KernelSource = {
  name: "topk_merge",
  types: ["u32", "u32"],
  wgsl: /* wgsl */ `
${RANKING}@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = group_index(wg, nw);
  let k = pu(0u);
  let chunks = pu(1u);
  let list = (row * chunks + lid) * k * 2u; // this thread's chunk list
  var ptr = 0u;
  for (var r = 0u; r < k; r++) {
    var hv = 0.0;
    var hi = NONE;
    if (lid < chunks && ptr < k) { hv = bitcast<f32>($0[list + 2u * ptr]); hi = $0[list + 2u * ptr + 1u]; }
    sv[lid] = hv;
    si[lid] = hi;
    workgroupBarrier();
    for (var s = 128u; s > 0u; s >>= 1u) {
      if (lid < s && before(sv[lid + s], si[lid + s], sv[lid], si[lid])) { sv[lid] = sv[lid + s]; si[lid] = si[lid + s]; }
      workgroupBarrier();
    }
    let wi = si[0];
    if (lid == 0u) { $1[(row * k + r) * 2u] = bitcast<u32>(sv[0]); $1[(row * k + r) * 2u + 1u] = wi; }
    if (hi != NONE && hi == wi) { ptr++; } // ids are unique: exactly one head won
    workgroupBarrier();
  }
}`,
};
