/**
 * The activation preparation ggml applies before a dot product (kernels/ref/activations.ts): F16
 * or BF16 rounding, Q8_0 blocks of 32, Q8_K blocks of 256. The matmuls (shaders-blocks.ts) then
 * dot the prepared values with the weights' exact values, accumulating in f32.
 */
import type { KernelSource } from "./recorder.ts";

/** How a weight type's dot product sees the activations (ggml's vec_dot_type). */
export const ActClass = { F32: 0, F16: 1, BF16: 2, Q8_0: 3, Q8_K: 4, Q8_1: 5 } as const;
export type ActClass = (typeof ActClass)[keyof typeof ActClass];

/**
 * x (n, cols) → xp (n, cols) as the weight type's dot product sees it; one thread per block of
 * 32 values (256 for Q8_K). Q8_1 (for Q4_1 / Q5_1) is Q8_0's values plus each block's sum as
 * ggml stores it, s = f16(d · Σq) with the unrounded d, into sums (n, cols/32) — the weights' min
 * term is m · s. Operands: x, xp, sums. P: n, cols, class, offX.
 */
export const PREPARE: KernelSource = {
  name: "prepare",
  types: ["f32", "f32", "f32"],
  wgsl: `@compute @workgroup_size(64) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let cls = pu(2u);
  let bs = select(32u, 256u, cls == 4u);
  let b = group_index(wg, nw) * 64u + li;
  if (b >= pu(0u) * pu(1u) / bs) { return; }
  let x0 = pu(3u) + b * bs;
  let o0 = b * bs;
  if (cls == 0u) { for (var j = 0u; j < bs; j++) { $1[o0 + j] = $0[x0 + j]; } return; }
  if (cls == 1u) { for (var j = 0u; j < bs; j++) { $1[o0 + j] = round_f16($0[x0 + j]); } return; }
  if (cls == 2u) {
    for (var j = 0u; j < bs; j++) {
      let u = bitcast<u32>($0[x0 + j]);
      var r: u32;
      if ((u & 0x7fffffffu) > 0x7f800000u) { r = (u | 0x400000u) & 0xffff0000u; } else { r = ((u + 0x7fffu + ((u >> 16u) & 1u)) >> 16u) << 16u; }
      $1[o0 + j] = bitcast<f32>(r);
    }
    return;
  }
  if (cls == 3u || cls == 5u) {
    var amax = 0.0;
    for (var j = 0u; j < 32u; j++) { amax = max(amax, abs($0[x0 + j])); }
    let d = round_f16(amax / 127.0);
    let id = select(0.0, 127.0 / amax, amax != 0.0);
    var qs = 0.0;
    for (var j = 0u; j < 32u; j++) { let q = round($0[x0 + j] * id); qs += q; $1[o0 + j] = d * q; }
    if (cls == 5u) { $2[b] = round_f16((amax / 127.0) * qs); }
    return;
  }
  var amax = 0.0;
  var mx = 0.0;
  for (var j = 0u; j < 256u; j++) {
    let v = $0[x0 + j];
    if (abs(v) > amax) { amax = abs(v); mx = v; }
  }
  if (amax == 0.0) { for (var j = 0u; j < 256u; j++) { $1[o0 + j] = 0.0; } return; }
  let iscale = -127.0 / mx;
  let d = 1.0 / iscale;
  for (var j = 0u; j < 256u; j++) { $1[o0 + j] = d * min(127.0, round(iscale * $0[x0 + j])); }
}`,
};
