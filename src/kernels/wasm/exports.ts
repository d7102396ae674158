/** The functions the kernels module exports (see assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  actRowBytes(type: number, cols: number): number;
  quantizeActs(type: number, x: number, cols: number, xq: number, r0: number, r1: number): number;
  matmulRows(
    type: number, w: number, rowBytes: number, cols: number, rows: number,
    xq: number, n: number, y: number, r0: number, r1: number, tmp: number,
  ): void;
  dequantizeRow(type: number, w: number, cols: number, out: number): number;
  rmsNorm(x: number, weight: number, n: number, dim: number, eps: number, out: number): void;
  ropeNeox(x: number, n: number, heads: number, headDim: number, ropeDim: number, positions: number, theta: number, cache: number): void;
  storeKv(k: number, v: number, kc: number, vc: number, start: number, n: number, kvDim: number): void;
  swiglu(gate: number, up: number, len: number, out: number): void;
  add(a: number, b: number, len: number, out: number): void;
  attention(
    q: number, kc: number, vc: number, start: number, heads: number, kvHeads: number, e: number,
    out: number, scratch: number, item0: number, item1: number,
  ): void;
  f32ToF16(f: number): number;
}

/** GGML type ids the module has dot products for. */
export const WASM_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 30]);

/** Bytes below this address belong to the module's static data (math tables); never allocated. */
export const RESERVED_BYTES = 65536;

export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
