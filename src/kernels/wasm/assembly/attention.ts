// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Causal grouped-query attention over an F16 KV cache, as ggml's non-flash path computes it:
// scores = K·f16(q) · scale, softmax in f32 with an f64 sum, out = Σ_t f16(p_t) · V[t].
// Shapes: q, out (n, h, e) f32; caches (t, g, e) f16. Work items are (token, head) pairs so
// threads can split them; scratch holds e + e + (start + n) f32 per thread.
import { f16ToF32, f16x4ToF32, roundF16 } from "./f16";
import { hsumF32 } from "./simd";

function scoreDot(k: usize, q: usize, e: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= e; i += 8) {
    const h = v128.load(k + (<usize>i << 1));
    acc = f32x4.add(acc, f32x4.mul(f16x4ToF32(i32x4.extend_low_i16x8_s(h)), v128.load(q + (<usize>i << 2))));
    acc = f32x4.add(acc, f32x4.mul(f16x4ToF32(i32x4.extend_high_i16x8_s(h)), v128.load(q + (<usize>i << 2), 16)));
  }
  let s = hsumF32(acc);
  for (; i < e; i++) s += f16ToF32(<u32>load<u16>(k + (<usize>i << 1))) * load<f32>(q + (<usize>i << 2));
  return s;
}

function accumulateV(acc: usize, v: usize, p: f32, e: i32): void {
  const ps = f32x4.splat(p);
  let i = 0;
  for (; i + 8 <= e; i += 8) {
    const h = v128.load(v + (<usize>i << 1));
    const a = acc + (<usize>i << 2);
    v128.store(a, f32x4.add(v128.load(a), f32x4.mul(f16x4ToF32(i32x4.extend_low_i16x8_s(h)), ps)));
    v128.store(a, f32x4.add(v128.load(a, 16), f32x4.mul(f16x4ToF32(i32x4.extend_high_i16x8_s(h)), ps)), 16);
  }
  for (; i < e; i++) {
    const a = acc + (<usize>i << 2);
    store<f32>(a, load<f32>(a) + f16ToF32(<u32>load<u16>(v + (<usize>i << 1))) * p);
  }
}

export function attention(
  q: usize, kc: usize, vc: usize, start: i32, heads: i32, kvHeads: i32, e: i32,
  out: usize, scratch: usize, item0: i32, item1: i32,
): void {
  const qh = scratch;
  const acc = scratch + (<usize>e << 2);
  const scores = acc + (<usize>e << 2);
  const group = heads / kvHeads;
  const scale: f32 = <f32>1 / Mathf.sqrt(<f32>e);
  const kvStride = <usize>kvHeads * <usize>e << 1;
  for (let item = item0; item < item1; item++) {
    const tok = item / heads;
    const h = item % heads;
    const g = h / group;
    const len = start + tok + 1;
    const qrow = q + (<usize>item * <usize>e << 2);
    for (let i = 0; i < e; i++) store<f32>(qh + (<usize>i << 2), roundF16(load<f32>(qrow + (<usize>i << 2))));
    const kBase = kc + (<usize>g * <usize>e << 1);
    let max: f32 = -Infinity;
    for (let t = 0; t < len; t++) {
      const s = scoreDot(kBase + <usize>t * kvStride, qh, e) * scale;
      store<f32>(scores + (<usize>t << 2), s);
      max = Mathf.max(max, s);
    }
    let sum: f64 = 0;
    for (let t = 0; t < len; t++) {
      const p = Mathf.exp(load<f32>(scores + (<usize>t << 2)) - max);
      store<f32>(scores + (<usize>t << 2), p);
      sum += <f64>p;
    }
    const inv = <f32>(1.0 / sum);
    memory.fill(acc, 0, <usize>e << 2);
    const vBase = vc + (<usize>g * <usize>e << 1);
    for (let t = 0; t < len; t++) {
      accumulateV(acc, vBase + <usize>t * kvStride, roundF16(load<f32>(scores + (<usize>t << 2)) * inv), e);
    }
    memory.copy(out + (<usize>item * <usize>e << 2), acc, <usize>e << 2);
  }
}
