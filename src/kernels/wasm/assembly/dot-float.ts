// @ts-nocheck — AssemblyScript source (compiled by asc, not tsc; see build.ts)
// Float weight rows × f32 activation rows (activations already rounded to the weight type).
import { f16Mask, f16Rebias, f16ToF32, f16x4ToF32 } from "./f16";
import { hsumF32 } from "./simd";

export function dotF32(w: usize, x: usize, k: i32): f32 {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const o = <usize>i << 2;
    a0 = f32x4.add(a0, f32x4.mul(v128.load(w + o), v128.load(x + o)));
    a1 = f32x4.add(a1, f32x4.mul(v128.load(w + o, 16), v128.load(x + o, 16)));
  }
  let s = hsumF32(f32x4.add(a0, a1));
  for (; i < k; i++) s += load<f32>(w + (<usize>i << 2)) * load<f32>(x + (<usize>i << 2));
  return s;
}

export function dotF16(w: usize, x: usize, k: i32): f32 {
  const mask = f16Mask(), rebias = f16Rebias();
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const h = v128.load(w + (<usize>i << 1));
    const o = <usize>i << 2;
    a0 = f32x4.add(a0, f32x4.mul(f16x4ToF32(i32x4.extend_low_i16x8_s(h), mask, rebias), v128.load(x + o)));
    a1 = f32x4.add(a1, f32x4.mul(f16x4ToF32(i32x4.extend_high_i16x8_s(h), mask, rebias), v128.load(x + o, 16)));
  }
  let s = hsumF32(f32x4.add(a0, a1));
  for (; i < k; i++) s += f16ToF32(<u32>load<u16>(w + (<usize>i << 1))) * load<f32>(x + (<usize>i << 2));
  return s;
}

export function dotBF16(w: usize, x: usize, k: i32): f32 {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const h = v128.load(w + (<usize>i << 1));
    const o = <usize>i << 2;
    a0 = f32x4.add(a0, f32x4.mul(i32x4.shl(i32x4.extend_low_i16x8_u(h), 16), v128.load(x + o)));
    a1 = f32x4.add(a1, f32x4.mul(i32x4.shl(i32x4.extend_high_i16x8_u(h), 16), v128.load(x + o, 16)));
  }
  let s = hsumF32(f32x4.add(a0, a1));
  for (; i < k; i++) s += reinterpret<f32>(<u32>load<u16>(w + (<usize>i << 1)) << 16) * load<f32>(x + (<usize>i << 2));
  return s;
}
