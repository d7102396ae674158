/**
 * Decode and prompt estimates from the kernels alone: tokens through every matmul, norm, RoPE
 * and attention of a MedPsy-shaped model (random weights in the Q4_K_M mix or Q8_0), 1 and 2
 * threads: decode at a given position, and a 512-token prompt in batches of 64. Upper bounds for
 * engine tok/s (no sampling, tokenizer or logits of every prompt token).
 * Run alone: `node bench/kernels-decode.ts [1.7b|4b] [q4_k_m|q8_0] [position]`.
 */
import { createWasmKernels } from "../src/kernels/wasm/index.ts";
import type { Kernels, WeightHandle } from "../src/kernels/types.ts";
import { lcg, randomWeights } from "../test/kernels-wasm/local-ref.ts";

const [shape = "1.7b", mix = "q4_k_m", posArg = "256"] = process.argv.slice(2);
const S = shape === "4b" ? { d: 2560, f: 9728, L: 36, h: 32, g: 8 } : { d: 2048, f: 6144, L: 28, h: 16, g: 8 };
const e = 128, V = 151936, pos = Number(posArg);
const Q4K = 12, Q6K = 14, Q80 = 8;

async function run(threads: number): Promise<number> {
  const K: Kernels = await createWasmKernels({ threads });
  const rnd = lcg(1);
  const cache = new Map<string, Uint8Array>(); // one random matrix per (type, shape), reused
  const weight = (type: number, rows: number, cols: number): WeightHandle => {
    const up = K.allocWeight("w", type, rows, cols);
    const key = `${type}:${rows}:${cols}`;
    if (!cache.has(key)) cache.set(key, randomWeights(type, rows, cols, rnd));
    up.bytes.set(cache.get(key)!);
    up.commit();
    return up.handle;
  };
  const t = (q4: boolean) => (mix === "q8_0" ? Q80 : q4 ? Q4K : Q6K);
  const layers = Array.from({ length: S.L }, (_, l) => {
    const more = l < S.L / 8 || l >= (7 * S.L) / 8 || (l - Math.floor(S.L / 8)) % 3 === 2; // llama.cpp use_more_bits
    return {
      q: weight(t(true), S.h * e, S.d), k: weight(t(true), S.g * e, S.d), v: weight(t(!more), S.g * e, S.d),
      o: weight(t(true), S.d, S.h * e), gate: weight(t(true), S.f, S.d), up: weight(t(true), S.f, S.d), down: weight(t(!more), S.d, S.f),
      kc: K.allocF16(Math.max(pos + 1, 512) * S.g * e), vc: K.allocF16(Math.max(pos + 1, 512) * S.g * e),
    };
  });
  const head = weight(mix === "q8_0" ? Q80 : Q6K, V, S.d);
  const B = 64;
  const x = K.allocF32(B * S.d), xn = K.allocF32(B * S.d), q = K.allocF32(B * S.h * e), k = K.allocF32(B * S.g * e), v = K.allocF32(B * S.g * e);
  const att = K.allocF32(B * S.h * e), proj = K.allocF32(B * S.d), gate = K.allocF32(B * S.f), up = K.allocF32(B * S.f), logits = K.allocF32(V);
  const norm = new Float32Array(S.f).fill(1);
  x.fill(0.1);
  const step = (start = pos, n = 1) => {
    const positions = Int32Array.from({ length: n }, (_, i) => start + i);
    const d = S.d, f = S.f;
    for (const L of layers) {
      K.rmsNorm(x, norm, n, d, 1e-6, xn);
      K.matmulSameInput([L.q, L.k, L.v], xn, n, [q, k, v]);
      K.rmsNorm(q, norm, n * S.h, e, 1e-6, q); K.rmsNorm(k, norm, n * S.g, e, 1e-6, k);
      K.ropeNeox(q, n, S.h, e, e, positions, 5e6); K.ropeNeox(k, n, S.g, e, e, positions, 5e6);
      K.storeKv(k, v, L.kc, L.vc, start, n, S.g, e);
      K.attention(q, L.kc, L.vc, start, n, S.h, S.g, e, att);
      K.matmul(L.o, att, n, proj); K.add(x, proj, n * d, x);
      K.rmsNorm(x, norm, n, d, 1e-6, xn);
      K.matmulSameInput([L.gate, L.up], xn, n, [gate, up]);
      K.swiglu(gate, up, n * f, gate);
      K.matmul(L.down, gate, n, proj); K.add(x, proj, n * d, x);
    }
    K.rmsNorm(x.subarray((n - 1) * d, n * d), norm, 1, d, 1e-6, xn);
    K.matmul(head, xn, 1, logits);
  };
  for (let i = 0; i < 3; i++) step();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 3000) { step(); n++; }
  const decode = n / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  for (let s = 0; s < 512; s += B) step(s, B);
  const prompt = 512 / ((performance.now() - t1) / 1000);
  await K.dispose();
  return [decode, prompt];
}

for (const threads of [1, 2]) {
  const [decode, prompt] = await run(threads);
  console.log(`MedPsy-${shape} ${mix}, ${threads} thread(s): decode at position ${pos} ${decode.toFixed(2)} tok/s, prompt 512 ${prompt.toFixed(1)} tok/s (kernels only)`);
}
