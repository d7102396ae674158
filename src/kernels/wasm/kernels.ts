/**
 * The WebAssembly SIMD kernels: every buffer and weight lives in one shared WebAssembly memory
 * (see heap.ts); matmul and attention split their rows / heads over a ThreadPool.
 *
 *   const kernels = await createWasmKernels({ threads: 2 });
 *
 * Weights: allocWeight hands out a Uint8Array view into the memory so the loader streams file
 * bytes straight in. Views stay valid for the life of the instance (the memory is shared and
 * never detaches). Limit: weights + KV cache + scratch ≤ 4 GiB (WasmMemoryLimitError beyond).
 */
import type { Kernels, WeightHandle, WeightUpload } from "../types.ts";
import { byteSize } from "../../tensor/dtypes.ts";
import { instantiate, WASM_TYPES, type KernelExports } from "./exports.ts";
import { WasmHeap } from "./heap.ts";
import { loadKernelModule } from "./module.ts";
import { WasmBadArgumentError, WasmUnsupportedTypeError } from "./errors.ts";
import { ThreadPool } from "../threads/pool.ts";
import { CTRL_INTS, OP_ATTENTION, OP_MATMUL } from "../threads/protocol.ts";
import { defaultThreads } from "../threads/spawn.ts";

export interface WasmKernelOptions {
  /** Participating threads including the caller; default: the cores the runtime reports. */
  threads?: number;
  /** Use relaxed SIMD when it passes its self-test (default true). */
  relaxed?: boolean;
  /** Bytes to reserve up front (the memory grows on demand anyway). */
  initialBytes?: number;
}

class WasmWeight implements WeightHandle {
  readonly name: string;
  readonly type: number;
  readonly rows: number;
  readonly cols: number;
  readonly ptr: number;
  readonly rowBytes: number;
  constructor(name: string, type: number, rows: number, cols: number, ptr: number, rowBytes: number) {
    this.name = name;
    this.type = type;
    this.rows = rows;
    this.cols = cols;
    this.ptr = ptr;
    this.rowBytes = rowBytes;
  }
}

function need(what: string, have: number, want: number): void {
  if (!(have >= want)) throw new WasmBadArgumentError(`${what} is too short`, `at least ${want} elements`, `${have}`);
}

export async function createWasmKernels(options: WasmKernelOptions = {}): Promise<Kernels & { readonly variant: string; readonly threads: number }> {
  const threads = Math.max(1, Math.floor(options.threads ?? (await defaultThreads())));
  const { module, variant } = await loadKernelModule(options.relaxed ?? true);
  const heap = new WasmHeap(options.initialBytes);
  const k = instantiate(module, heap.memory);
  const ctrlPtr = heap.alloc(CTRL_INTS * 4);
  const tmpPtr = heap.alloc(64 * threads); // 16-byte scale scratch per thread (Q4_K/Q5_K)
  const pool = await ThreadPool.start(threads, module, heap.memory, ctrlPtr, k);
  return new WasmKernels(heap, k, pool, tmpPtr, variant);
}

class WasmKernels implements Kernels {
  readonly name: string;
  readonly variant: string;
  readonly threads: number;
  private readonly heap: WasmHeap;
  private readonly k: KernelExports;
  private readonly pool: ThreadPool;
  private readonly tmpPtr: number;
  private readonly weights = new WeakSet<WeightHandle>();
  private actPtr = 0; // quantized activations (n, actRowBytes)
  private actSize = 0;
  private attnPtr = 0; // per-thread attention scratch
  private attnSize = 0;

  constructor(heap: WasmHeap, k: KernelExports, pool: ThreadPool, tmpPtr: number, variant: string) {
    this.heap = heap;
    this.k = k;
    this.pool = pool;
    this.tmpPtr = tmpPtr;
    this.variant = variant;
    this.threads = pool.threads;
    this.name = `wasm-${variant}-${pool.threads}t`;
  }

  allocWeight(name: string, type: number, rows: number, cols: number): WeightUpload {
    if (!WASM_TYPES.has(type)) throw new WasmUnsupportedTypeError(name, type);
    const rowBytes = byteSize(type, cols);
    if (rowBytes === undefined || !Number.isSafeInteger(rows) || rows < 1 || cols < 1) {
      throw new WasmBadArgumentError(`bad shape for ${name}`, "whole blocks per row, rows ≥ 1", `${rows} × ${cols}`);
    }
    const ptr = this.heap.alloc(rows * rowBytes);
    const handle = new WasmWeight(name, type, rows, cols, ptr, rowBytes);
    this.weights.add(handle);
    return { handle, bytes: this.heap.u8(ptr, rows * rowBytes), commit: () => {} };
  }

  allocF32(length: number): Float32Array {
    return this.heap.f32(this.heap.alloc(length * 4), length);
  }

  allocF16(length: number): Uint16Array {
    return this.heap.u16(this.heap.alloc(length * 2), length);
  }

  private weight(w: WeightHandle): WasmWeight {
    if (!(w instanceof WasmWeight) || !this.weights.has(w)) {
      throw new WasmBadArgumentError("weight handle from another kernels instance", "a handle from this instance's allocWeight", w?.name ?? String(w));
    }
    return w;
  }

  /** Address to write `length` elements of `out` to; `done` copies staged results back. */
  private output<T extends Float32Array | Uint16Array>(out: T, length: number, alias: [ArrayBufferView, number][] = []): { p: number; done(): void } {
    const p = this.heap.addressOf(out);
    if (p >= 0) return { p, done: () => {} };
    for (const [a, ap] of alias) if (a === out) return { p: ap, done: () => out.set(this.view(out, ap, length)) };
    const q = this.heap.staged(length * out.BYTES_PER_ELEMENT);
    return { p: q, done: () => out.set(this.view(out, q, length)) };
  }

  private view<T extends Float32Array | Uint16Array>(like: T, p: number, length: number): T {
    return (like instanceof Float32Array ? this.heap.f32(p, length) : this.heap.u16(p, length)) as T;
  }

  matmul(w: WeightHandle, x: Float32Array, n: number, y: Float32Array): void {
    const W = this.weight(w);
    need("matmul x", x.length, n * W.cols);
    need("matmul y", y.length, n * W.rows);
    if (n < 1) return;
    this.heap.resetStage();
    const xp = this.heap.input(x, n * W.cols);
    const out = this.output(y, n * W.rows);
    let xq = xp;
    if (W.type !== 0) {
      const bytes = n * this.k.actRowBytes(W.type, W.cols);
      if (bytes > this.actSize) {
        this.actSize = Math.max(bytes, this.actSize * 2);
        this.actPtr = this.heap.alloc(this.actSize);
      }
      xq = this.actPtr;
      this.k.quantizeActs(W.type, xp, W.cols, xq, 0, n);
    }
    this.pool.run(OP_MATMUL, [W.type, W.ptr, W.rowBytes, W.cols, W.rows, xq, n, out.p, this.tmpPtr]);
    out.done();
  }

  getRows(w: WeightHandle, ids: ArrayLike<number>, out: Float32Array): void {
    const W = this.weight(w);
    need("getRows out", out.length, ids.length * W.cols);
    this.heap.resetStage();
    const o = this.output(out, ids.length * W.cols);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= W.rows) {
        throw new WasmBadArgumentError(`row id out of range for ${W.name}`, `0 ≤ id < ${W.rows}`, String(id));
      }
      this.k.dequantizeRow(W.type, W.ptr + id * W.rowBytes, W.cols, o.p + i * W.cols * 4);
    }
    o.done();
  }

  rmsNorm(x: Float32Array, weight: Float32Array, n: number, dim: number, eps: number, out: Float32Array): void {
    need("rmsNorm x", x.length, n * dim);
    need("rmsNorm weight", weight.length, dim);
    need("rmsNorm out", out.length, n * dim);
    this.heap.resetStage();
    const xp = this.heap.input(x, n * dim);
    const wp = this.heap.input(weight, dim);
    const o = this.output(out, n * dim, [[x, xp]]);
    this.k.rmsNorm(xp, wp, n, dim, eps, o.p);
    o.done();
  }

  ropeNeox(x: Float32Array, n: number, heads: number, headDim: number, ropeDim: number, positions: Int32Array, theta: number): void {
    need("ropeNeox x", x.length, n * heads * headDim);
    need("ropeNeox positions", positions.length, n);
    if (ropeDim > headDim || ropeDim % 2 !== 0) throw new WasmBadArgumentError("bad ropeDim", `even, ≤ ${headDim}`, String(ropeDim));
    this.heap.resetStage();
    const xp = this.heap.input(x, n * heads * headDim);
    const pp = this.heap.input(positions, n);
    const cache = this.heap.staged(ropeDim * 4);
    this.k.ropeNeox(xp, n, heads, headDim, ropeDim, pp, theta, cache);
    if (this.heap.addressOf(x) < 0) x.set(this.heap.f32(xp, n * heads * headDim));
  }

  storeKv(k: Float32Array, v: Float32Array, kCache: Uint16Array, vCache: Uint16Array, start: number, n: number, kvDim: number): void {
    need("storeKv k", k.length, n * kvDim);
    need("storeKv v", v.length, n * kvDim);
    need("storeKv kCache", kCache.length, (start + n) * kvDim);
    need("storeKv vCache", vCache.length, (start + n) * kvDim);
    this.heap.resetStage();
    const kp = this.heap.input(k, n * kvDim);
    const vp = this.heap.input(v, n * kvDim);
    const ko = this.output(kCache, kCache.length);
    const vo = this.output(vCache, vCache.length);
    if (this.heap.addressOf(kCache) < 0) this.heap.u16(ko.p, kCache.length).set(kCache);
    if (this.heap.addressOf(vCache) < 0) this.heap.u16(vo.p, vCache.length).set(vCache);
    this.k.storeKv(kp, vp, ko.p, vo.p, start, n, kvDim);
    ko.done();
    vo.done();
  }

  attention(q: Float32Array, kCache: Uint16Array, vCache: Uint16Array, start: number, n: number, heads: number, kvHeads: number, headDim: number, out: Float32Array): void {
    const len = n * heads * headDim;
    const kvLen = (start + n) * kvHeads * headDim;
    need("attention q", q.length, len);
    need("attention out", out.length, len);
    need("attention kCache", kCache.length, kvLen);
    need("attention vCache", vCache.length, kvLen);
    if (kvHeads < 1 || heads % kvHeads !== 0) throw new WasmBadArgumentError("heads not a multiple of kvHeads", "heads % kvHeads = 0", `${heads} / ${kvHeads}`);
    this.heap.resetStage();
    const qp = this.heap.input(q, len);
    const kp = this.heap.input(kCache, kvLen);
    const vp = this.heap.input(vCache, kvLen);
    const o = this.output(out, len, [[q, qp]]);
    const stride = Math.ceil(((2 * headDim + start + n) * 4) / 64) * 64;
    if (stride * this.threads > this.attnSize) {
      this.attnSize = Math.max(stride * this.threads, this.attnSize * 2);
      this.attnPtr = this.heap.alloc(this.attnSize);
    }
    this.pool.run(OP_ATTENTION, [qp, kp, vp, start, heads, kvHeads, headDim, o.p, this.attnPtr, stride, n * heads]);
    o.done();
  }

  swiglu(gate: Float32Array, up: Float32Array, length: number, out: Float32Array): void {
    need("swiglu gate", gate.length, length);
    need("swiglu up", up.length, length);
    need("swiglu out", out.length, length);
    this.heap.resetStage();
    const gp = this.heap.input(gate, length);
    const upp = this.heap.input(up, length);
    const o = this.output(out, length, [[gate, gp], [up, upp]]);
    this.k.swiglu(gp, upp, length, o.p);
    o.done();
  }

  add(a: Float32Array, b: Float32Array, length: number, out: Float32Array): void {
    need("add a", a.length, length);
    need("add b", b.length, length);
    need("add out", out.length, length);
    this.heap.resetStage();
    const ap = this.heap.input(a, length);
    const bp = this.heap.input(b, length);
    const o = this.output(out, length, [[a, ap], [b, bp]]);
    this.k.add(ap, bp, length, o.p);
    o.done();
  }

  async dispose(): Promise<void> {
    await this.pool.dispose();
  }
}
