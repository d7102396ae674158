/**
 * Element-wise kernels and the small per-row ones (RMSNorm, RoPE, the KV store, F16 copies).
 * Operands are `$0..$k` (see recorder.ts); P holds element offsets, so views of one buffer at any
 * element offset need no aligned binding.
 */
import type { KernelSource } from "./recorder.ts";

const ENTRY = `@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32)`;
/** Element i of a 256-wide one-element-per-thread dispatch. */
const INDEX = `let i = group_index(wg, nw) * 256u + li;`;

/** out[i] = a[i] + b[i]. P: length, offA, offB, offOut. */
export const ADD: KernelSource = {
  name: "add",
  types: ["f32", "f32", "f32"],
  wgsl: `${ENTRY} { ${INDEX} if (i >= pu(0u)) { return; }
  $2[pu(3u) + i] = $0[pu(1u) + i] + $1[pu(2u) + i]; }`,
};

/** out[i] = x[i] * s. P: length, offX, offOut, s. */
export const SCALE: KernelSource = {
  name: "scale",
  types: ["f32", "f32"],
  wgsl: `${ENTRY} { ${INDEX} if (i >= pu(0u)) { return; }
  $1[pu(2u) + i] = $0[pu(1u) + i] * pf(3u); }`,
};

/** out[i] = silu(gate[i]) * up[i]. P: length, offGate, offUp, offOut. */
export const SWIGLU: KernelSource = {
  name: "swiglu",
  types: ["f32", "f32", "f32"],
  wgsl: `${ENTRY} { ${INDEX} if (i >= pu(0u)) { return; }
  let g = $0[pu(1u) + i];
  $2[pu(3u) + i] = (g / (1.0 + exp(-g))) * $1[pu(2u) + i]; }`,
};

/**
 * out[i] = gelu(gate[i]) * up[i] with ggml's f16 table (kernels/gelu-table.ts; $3 holds its
 * 65,536 entries two per word). P: length, offGate, offUp, offOut.
 */
export const GEGLU: KernelSource = {
  name: "geglu",
  types: ["f32", "f32", "f32", "u32"],
  wgsl: `${ENTRY} { ${INDEX} if (i >= pu(0u)) { return; }
  let x = $0[pu(1u) + i];
  let u = $1[pu(2u) + i];
  var r: f32;
  if (x <= -10.0) { r = 0.0; } else if (x >= 10.0) { r = x * u; } else {
    let h = f16_bits(x);
    r = unpack2x16float($3[h >> 1u])[h & 1u] * u;
  }
  $2[pu(3u) + i] = r; }`,
};

/**
 * RMSNorm, one 256-thread workgroup per row: out = x / sqrt(mean(x²) + eps) · weight.
 * P: rows, dim, offX, offW, offOut, eps. `out` may be `x` (each thread writes what it read).
 */
export const RMSNORM: KernelSource = {
  name: "rmsnorm",
  types: ["f32", "f32", "f32"],
  wgsl: `var<workgroup> part: array<f32, 256>;
${ENTRY} {
  let row = group_index(wg, nw);
  if (row >= pu(0u)) { return; }
  let dim = pu(1u);
  let x0 = pu(2u) + row * dim;
  var ss = 0.0;
  for (var i = li; i < dim; i += 256u) { let v = $0[x0 + i]; ss += v * v; }
  part[li] = ss;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (li < s) { part[li] += part[li + s]; }
    workgroupBarrier();
  }
  let scale = 1.0 / sqrt(part[0] / f32(dim) + pf(5u));
  let o0 = pu(4u) + row * dim;
  for (var i = li; i < dim; i += 256u) { $2[o0 + i] = ($0[x0 + i] * scale) * $1[pu(3u) + i]; }
}`,
};

/**
 * NeoX RoPE in place, one thread per rotated pair; D holds each row's (cos, sin) per pair, as
 * f32 bits, computed on the host exactly as the reference does. P: rows, heads, headDim, half, offX.
 */
export const ROPE: KernelSource = {
  name: "rope",
  types: ["f32"],
  data: true,
  wgsl: `${ENTRY} { ${INDEX}
  let heads = pu(1u); let headDim = pu(2u); let half = pu(3u);
  if (i >= pu(0u) * heads * half) { return; }
  let j = i % half;
  let th = i / half;
  let t = th / heads;
  let o = pu(4u) + th * headDim + j;
  let c = bitcast<f32>(D[(t * half + j) * 2u]);
  let s = bitcast<f32>(D[(t * half + j) * 2u + 1u]);
  let a = $0[o];
  let b = $0[o + half];
  $0[o] = a * c - b * s;
  $0[o + half] = a * s + b * c; }`,
};

/**
 * K and V rows (n, g, e) → F16 caches (g, c, e) at slots start.., one thread per pair of halves
 * (e is even, so a pair is one u32 word). P: n, kvHeads, headDim, cap, start, offK, offV.
 */
export const STORE_KV: KernelSource = {
  name: "store_kv",
  types: ["f32", "f32", "u32", "u32"],
  wgsl: `${ENTRY} { ${INDEX}
  let g = pu(1u); let e = pu(2u); let pairs = e / 2u;
  if (i >= pu(0u) * g * pairs) { return; }
  let j = i % pairs;
  let tg = i / pairs;
  let t = tg / g;
  let h = tg % g;
  let src = tg * e + 2u * j;
  let word = ((h * pu(3u) + pu(4u) + t) * e) / 2u + j;
  $2[word] = f16_bits($0[pu(5u) + src]) | (f16_bits($0[pu(5u) + src + 1u]) << 16u);
  $3[word] = f16_bits($1[pu(6u) + src]) | (f16_bits($1[pu(6u) + src + 1u]) << 16u); }`,
};

/**
 * F16 elements src[srcOff ..] → dst[dstOff ..], one thread per destination word (a word holds
 * two halves; the one outside the range is kept). P: length, srcOff, dstOff, firstWord, words.
 * Source and destination are different buffers (an overlapping copy goes through a temporary).
 */
export const COPY_F16: KernelSource = {
  name: "copy_f16",
  types: ["u32", "u32"],
  wgsl: `${ENTRY} { ${INDEX}
  if (i >= pu(4u)) { return; }
  let word = pu(3u) + i;
  let n = pu(0u); let so = pu(1u); let d0 = pu(2u);
  var halves = vec2u($1[word] & 0xffffu, $1[word] >> 16u);
  for (var k = 0u; k < 2u; k++) {
    let de = word * 2u + k;
    if (de >= d0 && de < d0 + n) {
      let se = de - d0 + so;
      halves[k] = ($0[se >> 1u] >> ((se & 1u) * 16u)) & 0xffffu;
    }
  }
  $1[word] = halves.x | (halves.y << 16u); }`,
};
