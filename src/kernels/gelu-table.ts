/**
 * GELU (tanh approximation) as ggml's CPU backend computes it with GGML_GELU_FP16: for
 * −10 < x < 10 the input is rounded to f16 and looked up in a table of f16(gelu_f32(x)) built
 * once over all 65,536 f16 values; below −10 it is 0, above 10 it is x. Every backend uses this
 * one table so GeGLU agrees with llama.cpp (and between backends) bit for bit.
 */
import { F16_TO_F32, f32ToF16 } from "../tensor/half.ts";

const f = Math.fround;
const GELU_COEF_A = f(0.044715);
const SQRT_2_OVER_PI = f(0.7978845608028654);

/** ggml_gelu_f32 in f32 steps: 0.5·x·(1 + tanh(√(2/π)·x·(1 + 0.044715·x²))). */
function geluF32(x: number): number {
  const inner = f(f(SQRT_2_OVER_PI * x) * f(1 + f(f(GELU_COEF_A * x) * x)));
  return f(f(f(0.5 * x) * f(1 + f(Math.tanh(inner)))));
}

let table: Uint16Array | undefined;

/** f16 bits of gelu(x) for every f16 bit pattern x (128 KiB, built on first use). */
export function geluF16Table(): Uint16Array {
  if (!table) {
    table = new Uint16Array(65536);
    for (let i = 0; i < 65536; i++) table[i] = f32ToF16(geluF32(F16_TO_F32[i]!));
  }
  return table;
}

/** gelu_tanh(x) · g for one element, the spec every GeGLU kernel follows. */
export function gegluOne(x: number, g: number): number {
  if (x <= -10) return 0;
  if (x >= 10) return f(x * g);
  return f(F16_TO_F32[geluF16Table()[f32ToF16(x)]!]! * g);
}
