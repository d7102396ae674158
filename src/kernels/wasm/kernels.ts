/**
 * The WebAssembly SIMD kernels. Every weight and buffer lives in shared WebAssembly memories
 * (memories.ts); matmul and attention split rows / (token, head) pairs over a ThreadPool.
 *
 *   const kernels = await createWasmKernels({ threads: 2 });
 *
 * allocWeight hands out a Uint8Array view into a memory, so the loader streams file bytes
 * straight in; Q2_K to Q6_K and IQ4_XS blocks and Q8_0 row quads are repacked in place at commit().
 * Views stay valid for the life of the instance (shared memories never detach). Each op runs
 * on the memory holding its big operand (the weight, the KV cache); other operands are copied
 * into that memory's staging area.
 */
import { defaultAttentionScale, type AttentionOptions, type Kernels, type WeightHandle, type WeightUpload } from "../types.ts";
import { geluF16Table } from "../gelu-table.ts";
import { GgmlType, byteSize } from "../../tensor/dtypes.ts";
import {
  Q4K_TILE_MIN_TOKENS_DEFAULT, Q6K_TILE_MIN_TOKENS_DEFAULT, REPACKED_BLOCK, WASM_TYPES, activationFormat, heldRowBytes, setDecodeStreams, setKqTiles,
  setQ4kTileMinTokens, type KernelExports,
} from "./exports.ts";
import { DecodeStreamTuner, type DecodeStreams, type DecodeStreamsOption } from "./decode-tuner.ts";
import { SHARD_RESERVE, type Memories } from "./memories.ts";
import { WasmBadArgumentError, WasmUnsupportedTypeError } from "./errors.ts";
import { kvPairCapacity } from "../kv-layout.ts";
import type { ThreadPool } from "../threads/pool.ts";
import { ATTENTION_TEMPS, BLOCK_SCRATCH, F16_HEAD, SCRATCH_HEAD } from "./layout.ts";
import { MULTI_MAX, OP_ATTENTION, OP_ATTENTION_PAIRS, OP_ATTENTION_QUADS, OP_MATMUL, OP_ROWS } from "../threads/protocol.ts";
import {
  ADD, ATTENTION, F16_COUNT, F16_SPLIT, GEGLU, MATMUL, MATMUL_WEIGHT, MATMUL_WEIGHT_ARGS, QUANTIZE, REPACK, REPACK_Q8, RMSNORM, SCALE, STOREKV, SWIGLU,
} from "../threads/op-args.ts";

/**
 * Batches from this many rows (tokens), or element-wise ops from this many elements, run on
 * every thread (a prompt's norms, SwiGLU, residual adds and KV stores took ~7 % of it on the
 * main thread alone); one token's are not worth the round trip.
 */
const PARALLEL_ROWS = 8;
const PARALLEL_ELEMENTS = 32768;

/**
 * Which kernels Q4_K and Q6_K batches take (relaxed-SIMD build; assembly/matmul.ts kqPromptPath,
 * kq-prompt.ts). "auto": 16-row tiles unpacked once from 8 (Q4_K) or 16 (Q6_K) tokens, on the
 * byte dot where the start-up self-test finds it native (VNNI), else on 16-bit pair sums.
 * "bytedot" / "pairsum": the tiles from the first whole group of 4 tokens, on that dot (both exact
 * on every relaxed host: the weights' values are below 128). "blocks": never the tiles (the 4-
 * and 2-token kernels). Every path gives the same bits; forcing one lets any host run it.
 */
export type KqPromptPath = "auto" | "bytedot" | "pairsum" | "blocks";
export const KQ_PROMPT_PATHS: readonly KqPromptPath[] = ["auto", "bytedot", "pairsum", "blocks"];
/** The environment variable createWasmKernels reads when no kqPrompt option is given (CI runs every value). */
export const KQ_PROMPT_ENV = "MEDPSY_WASM_KQ_PROMPT";

class WasmWeight implements WeightHandle {
  readonly name: string;
  readonly type: number;
  readonly rows: number;
  readonly cols: number;
  readonly shard: number;
  readonly ptr: number;
  /** Bytes per row as held (after any repack). */
  readonly rowBytes: number;
  constructor(name: string, type: number, rows: number, cols: number, shard: number, ptr: number, rowBytes: number) {
    this.name = name;
    this.type = type;
    this.rows = rows;
    this.cols = cols;
    this.shard = shard;
    this.ptr = ptr;
    this.rowBytes = rowBytes;
  }
}

function need(what: string, have: number, want: number): void {
  if (!(have >= want)) throw new WasmBadArgumentError(`${what} is too short`, `at least ${want} elements`, `${have}`);
}

type Typed = Float32Array | Uint16Array | Int32Array;

export class WasmKernels implements Kernels {
  readonly variant: string;
  readonly threads: number;
  private readonly mem: Memories;
  private readonly k: readonly KernelExports[];
  private readonly pool: ThreadPool;
  /** Per shard: tmpStride[s] bytes of kernel scratch per thread (layout.ts SCRATCH_HEAD, plus a prompt tile: assembly/matmul.ts tileBytes). */
  private readonly tmp: number[];
  private readonly tmpStride: number[];
  private readonly weights = new WeakSet<WeightHandle>();
  private readonly act: { ptr: number; size: number }[]; // per shard: quantized activations
  private readonly attn: { ptr: number; size: number }[]; // per shard: attention scratch
  private readonly gelu: number[]; // per shard: address of the f16 GELU table (0 until the first geglu)
  // Reused by every matmul (no allocation per call): the one-weight case, and the op's arguments.
  private readonly oneWeight: WasmWeight[] = [];
  private readonly oneOutput: Float32Array[] = [];
  private readonly matmulArgs: number[] = new Array<number>(MATMUL_WEIGHT.at + MATMUL_WEIGHT_ARGS * MULTI_MAX).fill(0);

  private readonly decodeTuner: DecodeStreamTuner;
  /** The self-test found the byte dot native (create.ts): "auto" K-quant tiles take it. */
  private readonly nativeByteDot: boolean;
  private kqPath: KqPromptPath = "auto";

  constructor(
    mem: Memories, k: readonly KernelExports[], pool: ThreadPool, variant: string, decodeStreams: DecodeStreamsOption = "auto",
    nativeByteDot = false, kqPrompt: KqPromptPath = "auto",
  ) {
    this.mem = mem;
    this.decodeTuner = new DecodeStreamTuner(decodeStreams, (p) => this.applyDecodeStreams(p));
    this.k = k;
    this.pool = pool;
    this.variant = variant;
    this.threads = pool.threads;
    this.nativeByteDot = nativeByteDot;
    this.tmp = mem.heaps.map((h) => h.alloc(SCRATCH_HEAD * pool.threads));
    this.tmpStride = mem.heaps.map(() => SCRATCH_HEAD);
    this.act = mem.heaps.map(() => ({ ptr: 0, size: 0 }));
    this.attn = mem.heaps.map(() => ({ ptr: 0, size: 0 }));
    this.gelu = mem.heaps.map(() => 0);
    this.setKqPrompt(kqPrompt);
  }

  /** "wasm-relaxed+bytedot-2t"; a forced K-quant path shows as "+kq-pairsum" etc. */
  get name(): string {
    return `wasm-${this.variant}${this.kqPath === "auto" ? "" : `+kq-${this.kqPath}`}-${this.threads}t`;
  }

  /** The K-quant batch path now taken (KqPromptPath). */
  get kqPrompt(): KqPromptPath {
    return this.kqPath;
  }

  /**
   * Forces the kernels Q4_K / Q6_K batches take (KqPromptPath); same bits on every path, so tests
   * and benchmarks may switch between ops. The tiles exist in the relaxed build only.
   */
  setKqPrompt(path: KqPromptPath): void {
    if (!KQ_PROMPT_PATHS.includes(path)) {
      throw new WasmBadArgumentError("bad kqPrompt", KQ_PROMPT_PATHS.map((p) => `"${p}"`).join(", "), JSON.stringify(path), `use one of ${KQ_PROMPT_PATHS.join(", ")} (option kqPrompt or ${KQ_PROMPT_ENV})`);
    }
    if (path !== "auto" && path !== "blocks" && !this.variant.startsWith("relaxed")) {
      throw new WasmBadArgumentError(`kqPrompt "${path}" needs the relaxed-SIMD kernels`, `"auto" or "blocks" on the ${this.variant} build`, JSON.stringify(path), "use relaxed: true on a runtime with relaxed SIMD (Node ≥ 22)");
    }
    const [q4k, q6k] = path === "auto" ? [Q4K_TILE_MIN_TOKENS_DEFAULT, Q6K_TILE_MIN_TOKENS_DEFAULT] : path === "blocks" ? [2 ** 31 - 1, 2 ** 31 - 1] : [1, 1];
    const byteDot = path === "bytedot" || (path === "auto" && this.nativeByteDot);
    for (const m of this.mem.memories) {
      setQ4kTileMinTokens(m, q4k);
      setKqTiles(m, q6k, byteDot);
    }
    this.kqPath = path;
  }

  /**
   * How decode reads weights now: long sequential streams or several short ones side by side
   * (decode-tuner.ts; with "auto", settled during the first decode steps).
   */
  get decodeStreams(): DecodeStreams {
    return this.decodeTuner.current;
  }

  /**
   * Runs fn with decode reading `pattern`, then goes back to the tuner's: start-up warm-up runs
   * both patterns' kernels, so the tuner compares optimized code (create.ts warmUp).
   */
  withDecodeStreams(pattern: DecodeStreams, fn: () => void): void {
    this.applyDecodeStreams(pattern);
    try {
      fn();
    } finally {
      this.applyDecodeStreams(this.decodeTuner.current);
    }
  }

  /**
   * From how many tokens Q4_K matmuls unpack each 16-row tile once (exports.ts
   * setQ4kTileMinTokens); same results either way, so benchmarks and tests may switch it
   * between ops.
   */
  setQ4kTileMinTokens(tokens: number): void {
    for (const m of this.mem.memories) setQ4kTileMinTokens(m, tokens);
  }

  private applyDecodeStreams(pattern: DecodeStreams): void {
    for (const m of this.mem.memories) setDecodeStreams(m, pattern === "short");
  }

  allocWeight(name: string, type: number, rows: number, cols: number): WeightUpload {
    if (!WASM_TYPES.has(type)) throw new WasmUnsupportedTypeError(name, type);
    const rowBytes = byteSize(type, cols);
    const stride = heldRowBytes(type, cols);
    if (rowBytes === undefined || stride === undefined || !Number.isSafeInteger(rows) || rows < 1 || cols < 1) {
      throw new WasmBadArgumentError(`bad shape for ${name}`, "whole blocks per row, rows ≥ 1", `${rows} × ${cols}`);
    }
    // Q2_K to Q6_K and IQ4_XS are repacked in place at commit (same size).
    const repack = REPACKED_BLOCK.get(type);
    // F16: F16_HEAD bytes before the rows, where its subnormals' side table is found (see commit).
    const head = type === GgmlType.F16 ? F16_HEAD : 0;
    const place = this.mem.alloc(head + rows * stride);
    const shard = place.shard, ptr = place.ptr + head;
    const handle = new WasmWeight(name, type, rows, cols, shard, ptr, stride);
    const tile = this.k[shard]!.tileBytes(type, cols); // prompt kernels' tile of unpacked rows
    const quad = type === GgmlType.Q8_0 ? 4 * rowBytes : 0; // each thread's copy of a row quad at commit
    if (tile > 0 || quad > 0) this.ensureScratch(shard, SCRATCH_HEAD + Math.max(tile, quad));
    let committed = false;
    const commit = () => {
      if (committed) return;
      committed = true;
      const blocks = repack ? (rows * rowBytes) / repack[0] : 0;
      if (repack && repack[0] === repack[1] && blocks >= 64) {
        // Q2_K to Q6_K and IQ4_XS keep their block size, so blocks repack independently: over all threads,
        // each in its own kernel scratch (≥ SCRATCH_HEAD + a prompt tile ≥ BLOCK_SCRATCH bytes).
        this.pool.run(OP_ROWS, shard, REPACK.encode(blocks, 1, { w: ptr, type, blockBytes: repack[0], tmp: this.tmp[shard]!, tmpStride: this.tmpStride[shard]! }));
      } else if (repack) {
        this.mem.resetStage();
        this.k[shard]!.repackK(ptr, blocks, type, this.mem.heaps[shard]!.staged(BLOCK_SCRATCH));
      } else if (type === GgmlType.Q8_0 && rows >= 4) {
        // Row quads interleaved block by block (assembly/q8.ts): same bytes, one stream for 4
        // rows. Quads are independent: over all threads, each with a quad copy in its scratch.
        this.pool.run(OP_ROWS, shard, REPACK_Q8.encode(rows >> 2, 1, { w: ptr, rowBytes, blocks: cols / 32, tmp: this.tmp[shard]!, tmpStride: this.tmpStride[shard]! }));
      } else if (type === GgmlType.F16) this.holdSubnormalsApart(shard, ptr, rows, cols);
      this.weights.add(handle);
    };
    const bytes = this.mem.heaps[shard]!.u8(ptr, rows * rowBytes);
    if (type === GgmlType.F32 || type === GgmlType.F16 || type === GgmlType.BF16) {
      return { handle, bytes, commit, firstNonFinite: () => this.k[shard]!.firstNonFinite(type, ptr, rows * cols) };
    }
    return { handle, bytes, commit };
  }

  /**
   * Moves an F16 weight's subnormals into a side table (assembly/f16-sparse.ts: as f32
   * subnormals they cost a microcode assist in every multiply-add, halving F16 speed on trained
   * weights) when they are few — at most 1/128 of the values, so the table's 8 bytes each stay
   * under 7 % of the weight — and the shard has room; otherwise they stay in place, with the
   * same results, only slower.
   */
  private holdSubnormalsApart(shard: number, ptr: number, rows: number, cols: number): void {
    // Per-row counts over all threads, their prefix sums here, then each thread moves its rows'.
    const heap = this.mem.heaps[shard]!;
    this.mem.resetStage();
    const counts = heap.staged(4 * rows);
    this.pool.run(OP_ROWS, shard, F16_COUNT.encode(rows, 1, { w: ptr, cols, counts }));
    const perRow = heap.i32(counts, rows);
    let count = 0;
    for (let r = 0; r < rows; r++) count += perRow[r]!;
    if (count === 0 || count > (rows * cols) / 128) return;
    const starts = Math.ceil((4 * (rows + 1)) / 8) * 8;
    const table = heap.tryAlloc(starts + 8 * count, SHARD_RESERVE);
    if (table < 0) return;
    const rs = heap.i32(table, rows + 1);
    let e = 0;
    for (let r = 0; r < rows; r++) {
      rs[r] = e;
      e += perRow[r]!; // shared memory: views stay valid as it grows
    }
    rs[rows] = e;
    this.pool.run(OP_ROWS, shard, F16_SPLIT.encode(rows, 1, { w: ptr, cols, starts: table, entries: table + starts }));
    this.k[shard]!.attachSubnormalTable(ptr, table, table + starts);
  }

  /** Grows the per-thread kernel scratch of a shard to `bytes` (rare: once per new weight type and width; prompt tiles). */
  private ensureScratch(shard: number, bytes: number): void {
    const stride = Math.ceil(bytes / 64) * 64;
    if (stride <= this.tmpStride[shard]!) return;
    this.tmp[shard] = this.mem.heaps[shard]!.alloc(stride * this.pool.threads);
    this.tmpStride[shard] = stride;
  }

  allocF32(length: number): Float32Array {
    const { shard, ptr } = this.mem.alloc(length * 4);
    return this.mem.heaps[shard]!.f32(ptr, length);
  }

  allocF16(length: number): Uint16Array {
    const { shard, ptr } = this.mem.alloc(length * 2);
    return this.mem.heaps[shard]!.u16(ptr, length);
  }

  constant(values: Float32Array): Float32Array {
    const held = this.allocF32(values.length);
    held.set(values);
    return held;
  }

  view(a: Float32Array, offset: number, length: number): Float32Array {
    return a.subarray(offset, offset + length);
  }

  toHost(a: Float32Array, offset: number, length: number, out: Float32Array): void {
    out.set(a.subarray(offset, offset + length));
  }

  copyF16(src: Uint16Array, srcOffset: number, dst: Uint16Array, dstOffset: number, length: number): void {
    if (srcOffset < 0 || dstOffset < 0 || srcOffset + length > src.length || dstOffset + length > dst.length) {
      throw new WasmBadArgumentError("copyF16 out of bounds", `ranges inside ${src.length} and ${dst.length} elements`, `${srcOffset}+${length} → ${dstOffset}`);
    }
    dst.set(src.subarray(srcOffset, srcOffset + length), dstOffset);
  }

  toHostF16(h: Uint16Array, offset: number, length: number, out: Uint16Array): void {
    out.set(h.subarray(offset, offset + length));
  }

  /** Every op has completed when it returns (the pool's threads are joined per op). */
  sync(): Promise<void> {
    return Promise.resolve();
  }

  private weight(w: WeightHandle): WasmWeight {
    if (!(w instanceof WasmWeight) || !this.weights.has(w)) {
      throw new WasmBadArgumentError("weight handle not usable here", "a committed handle from this instance's allocWeight", w?.name ?? String(w));
    }
    return w;
  }

  /** Shard of the first array that lives in our memories, else 0. */
  private home(...arrays: ArrayBufferView[]): number {
    for (const a of arrays) {
      const s = this.mem.shardOf(a);
      if (s >= 0) return s;
    }
    return 0;
  }

  /** Address of `a` in shard s, staging a copy there if it lives elsewhere. */
  private input(a: Typed, length: number, s: number): number {
    return this.mem.heaps[s]!.input(a, length);
  }

  /** Address in shard s to write `length` elements of `out` to; done() copies staged results back. */
  private output<T extends Float32Array | Uint16Array>(out: T, length: number, s: number, alias: [ArrayBufferView, number][] = []): { p: number; done(): void } {
    const heap = this.mem.heaps[s]!;
    const p = heap.addressOf(out);
    if (p >= 0) return { p, done: () => {} };
    const view = (q: number) => (out instanceof Float32Array ? heap.f32(q, length) : heap.u16(q, length));
    for (const [a, ap] of alias) if (a === out) return { p: ap, done: () => out.set(view(ap)) };
    const q = heap.staged(length * out.BYTES_PER_ELEMENT);
    return { p: q, done: () => out.set(view(q)) };
  }

  private scratch(list: { ptr: number; size: number }[], s: number, bytes: number): number {
    const e = list[s]!;
    if (bytes > e.size) {
      e.size = Math.max(bytes, e.size * 2);
      e.ptr = this.mem.heaps[s]!.alloc(e.size);
    }
    return e.ptr;
  }

  matmul(w: WeightHandle, x: Float32Array, n: number, y: Float32Array): void {
    this.oneWeight[0] = this.weight(w);
    this.oneOutput[0] = y;
    this.matmulPass("matmul", this.oneWeight, x, n, this.oneOutput);
  }

  matmulSameInput(ws: readonly WeightHandle[], x: Float32Array, n: number, ys: readonly Float32Array[]): void {
    if (ws.length !== ys.length) throw new WasmBadArgumentError("matmulSameInput: one output per weight", `${ws.length} outputs`, `${ys.length}`);
    // The usual case (Q/K/V, gate/up): every weight shares an activation format, a width and a
    // memory, and they fit one pass — no grouping, nothing allocated.
    if (ws.length >= 1 && ws.length <= MULTI_MAX) {
      const first = this.weight(ws[0]!);
      let together = true;
      for (let i = 1; i < ws.length && together; i++) {
        const w = this.weight(ws[i]!);
        together = activationFormat(w.type) === activationFormat(first.type) && w.cols === first.cols && w.shard === first.shard;
      }
      if (together) return this.matmulPass("matmulSameInput", ws as readonly WasmWeight[], x, n, ys);
    }
    const W = ws.map((w) => this.weight(w));
    // Weights that share an activation format, a width and a memory go in one pass (Q4_K and
    // Q6_K both read Q8_Kp: Q, K as Q4_K with V as Q6_K is one pass).
    const groups = new Map<string, number[]>();
    W.forEach((w, i) => {
      const key = `${activationFormat(w.type)}:${w.cols}:${w.shard}`;
      const g = groups.get(key);
      if (g) g.push(i);
      else groups.set(key, [i]);
    });
    for (const idx of groups.values()) {
      for (let at = 0; at < idx.length; at += MULTI_MAX) {
        const part = idx.slice(at, at + MULTI_MAX);
        this.matmulPass("matmulSameInput", part.map((i) => W[i]!), x, n, part.map((i) => ys[i]!));
      }
    }
  }

  /**
   * ys[i] = x · W[i]ᵀ for 1..MULTI_MAX weights of one activation format, width and memory: x
   * quantized once, one parallel pass over the rows of all of them. Runs ~200 times per token,
   * so it allocates nothing when its operands live in our memory.
   */
  private matmulPass(what: string, W: readonly WasmWeight[], x: Float32Array, n: number, ys: readonly Float32Array[]): void {
    const first = W[0]!;
    if (!(x.length >= n * first.cols)) need(`${what} x`, x.length, n * first.cols);
    for (let i = 0; i < W.length; i++) {
      if (!(ys[i]!.length >= n * W[i]!.rows)) need(W.length > 1 ? `${what} y[${i}]` : `${what} y`, ys[i]!.length, n * W[i]!.rows);
    }
    if (n < 1) return;
    const s = first.shard;
    const k = this.k[s]!;
    const heap = this.mem.heaps[s]!;
    this.mem.resetStage();
    const xp = this.input(x, n * first.cols, s);
    const args = this.matmulArgs;
    let staged = false;
    for (let i = 0; i < W.length; i++) {
      const w = W[i]!;
      let p = heap.addressOf(ys[i]!);
      if (p < 0) {
        p = heap.staged(n * w.rows * 4);
        staged = true;
      }
      MATMUL_WEIGHT.encode(args, { type: w.type, w: w.ptr, rows: w.rows, y: p }, MATMUL_WEIGHT_ARGS * i);
    }
    let xq = xp;
    if (first.type !== GgmlType.F32) {
      xq = this.scratch(this.act, s, k.actBytes(first.type, first.cols, n));
      // Each thread's SCRATCH_HEAD bytes of kernel scratch start its slot (tmpStride apart).
      if (n >= PARALLEL_ROWS) this.pool.run(OP_ROWS, s, QUANTIZE.encode(n, 4, { type: first.type, x: xp, cols: first.cols, xq, tmp: this.tmp[s]!, tmpStride: this.tmpStride[s]! }));
      else k.quantizeActs(first.type, xp, first.cols, xq, n, 0, n, this.tmp[s]!);
    }
    MATMUL.encode(args, { cols: first.cols, xq, n, tmp: this.tmp[s]!, tmpStride: this.tmpStride[s]!, count: W.length });
    const argCount = MATMUL_WEIGHT.at + MATMUL_WEIGHT_ARGS * W.length;
    let weightBytes = 0;
    if (n === 1 && this.decodeTuner.tuning) for (const w of W) weightBytes += w.rows * w.rowBytes;
    if (this.decodeTuner.wants(weightBytes)) {
      const t0 = performance.now();
      this.pool.run(OP_MATMUL, s, args, argCount);
      this.decodeTuner.record(weightBytes, performance.now() - t0);
    } else {
      this.pool.run(OP_MATMUL, s, args, argCount);
    }
    if (staged) {
      for (let i = 0; i < W.length; i++) {
        const y = ys[i]!;
        if (heap.addressOf(y) < 0) y.set(heap.f32(args[MATMUL_WEIGHT.at + MATMUL_WEIGHT_ARGS * i + 3]!, n * W[i]!.rows));
      }
    }
  }

  getRows(w: WeightHandle, ids: ArrayLike<number>, out: Float32Array): void {
    const W = this.weight(w);
    need("getRows out", out.length, ids.length * W.cols);
    this.mem.resetStage();
    const o = this.output(out, ids.length * W.cols, W.shard);
    const tmp = this.mem.heaps[W.shard]!.staged(BLOCK_SCRATCH);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= W.rows) {
        throw new WasmBadArgumentError(`row id out of range for ${W.name}`, `0 ≤ id < ${W.rows}`, String(id));
      }
      if (W.type === GgmlType.Q8_0) this.k[W.shard]!.dequantizeQ8_0(W.ptr, W.rowBytes, W.rows, id, W.cols, o.p + i * W.cols * 4);
      else this.k[W.shard]!.dequantizeRow(W.type, W.ptr + id * W.rowBytes, W.cols, o.p + i * W.cols * 4, tmp);
      if (W.type === GgmlType.F16) this.k[W.shard]!.restoreSubnormalF16(W.ptr, id, o.p + i * W.cols * 4);
    }
    o.done();
  }

  rmsNorm(x: Float32Array, weight: Float32Array, n: number, dim: number, eps: number, out: Float32Array): void {
    need("rmsNorm x", x.length, n * dim);
    need("rmsNorm weight", weight.length, dim);
    need("rmsNorm out", out.length, n * dim);
    const s = this.home(out, x);
    this.mem.resetStage();
    const xp = this.input(x, n * dim, s);
    const wp = this.input(weight, dim, s);
    const o = this.output(out, n * dim, s, [[x, xp]]);
    if (n >= PARALLEL_ROWS) this.pool.run(OP_ROWS, s, RMSNORM.encode(n, 1, { x: xp, weight: wp, dim, eps, out: o.p }));
    else this.k[s]!.rmsNorm(xp, wp, n, dim, eps, o.p);
    o.done();
  }

  ropeNeox(x: Float32Array, n: number, heads: number, headDim: number, ropeDim: number, positions: Int32Array, theta: number, freqScale = 1): void {
    need("ropeNeox x", x.length, n * heads * headDim);
    need("ropeNeox positions", positions.length, n);
    if (ropeDim > headDim || ropeDim % 2 !== 0) throw new WasmBadArgumentError("bad ropeDim", `even, ≤ ${headDim}`, String(ropeDim));
    const s = this.home(x);
    this.mem.resetStage();
    const len = n * heads * headDim;
    const xp = this.input(x, len, s);
    const pp = this.input(positions, n, s);
    this.k[s]!.ropeNeox(xp, n, heads, headDim, ropeDim, pp, theta, this.mem.heaps[s]!.staged(ropeDim * 4), freqScale);
    if (this.mem.heaps[s]!.addressOf(x) < 0) x.set(this.mem.heaps[s]!.f32(xp, len));
  }

  storeKv(k: Float32Array, v: Float32Array, kCache: Uint16Array, vCache: Uint16Array, start: number, n: number, kvHeads: number, headDim: number): void {
    const kvDim = kvHeads * headDim;
    need("storeKv k", k.length, n * kvDim);
    need("storeKv v", v.length, n * kvDim);
    const cap = kvPairCapacity("storeKv", kCache, vCache, kvHeads, headDim, start + n);
    // Each cache is written in its own memory (the two may sit in different shards).
    for (const [src, cache] of [[k, kCache], [v, vCache]] as const) {
      const s = this.home(cache);
      this.mem.resetStage();
      const sp = this.input(src, n * kvDim, s);
      const o = this.output(cache, cache.length, s);
      if (this.mem.heaps[s]!.addressOf(cache) < 0) this.mem.heaps[s]!.u16(o.p, cache.length).set(cache);
      if (n >= PARALLEL_ROWS) this.pool.run(OP_ROWS, s, STOREKV.encode(n, 1, { src: sp, cache: o.p, start, kvHeads, e: headDim, cap }));
      else this.k[s]!.storeKv(sp, sp, o.p, o.p, start, n, kvHeads, headDim, cap);
      o.done();
    }
  }

  attention(q: Float32Array, kCache: Uint16Array, vCache: Uint16Array, start: number, n: number, heads: number, kvHeads: number, headDim: number, out: Float32Array, options: AttentionOptions = {}): void {
    const len = n * heads * headDim;
    need("attention q", q.length, len);
    need("attention out", out.length, len);
    const cap = kvPairCapacity("attention", kCache, vCache, kvHeads, headDim, start + n);
    if (kvHeads < 1 || heads % kvHeads !== 0) throw new WasmBadArgumentError("heads not a multiple of kvHeads", "heads % kvHeads = 0", `${heads} / ${kvHeads}`);
    const s = this.home(kCache, vCache);
    this.mem.resetStage();
    const qp = this.input(q, len, s);
    const kp = this.input(kCache, kCache.length, s);
    const vp = this.input(vCache, vCache.length, s);
    const o = this.output(out, len, s, [[q, qp]]);
    // Query heads sharing a KV head go in fours, or pairs for two tokens at once (each K/V row
    // converted once for four query rows), when the group size allows (attention.ts).
    const group = heads / kvHeads;
    const G = group % 4 === 0 ? 4 : group % 2 === 0 ? 2 : 1;
    const op = G === 4 ? OP_ATTENTION_QUADS : G === 2 ? OP_ATTENTION_PAIRS : OP_ATTENTION;
    const items = G === 2 ? Math.ceil(n / 2) * (heads / 2) : (n * heads) / G;
    // f32 per thread: rows of e (q), ATTENTION_TEMPS temporaries, rows of start + n (scores; the grouped
    // kernels add as many again for the weights interleaved).
    const rows = G === 1 ? 2 : 4;
    const scoreRows = G === 1 ? rows : 2 * rows;
    const stride = Math.ceil(((rows * headDim + ATTENTION_TEMPS + scoreRows * (start + n)) * 4) / 64) * 64;
    const scratch = this.scratch(this.attn, s, stride * this.threads);
    const scale = options.scale ?? defaultAttentionScale(headDim);
    const window = options.window ?? 0;
    if (!Number.isInteger(window) || window < 0) throw new WasmBadArgumentError("attention window", "a non-negative integer (0 = none)", String(window));
    const args = ATTENTION.encode([], { q: qp, kc: kp, vc: vp, start, n, heads, kvHeads, e: headDim, cap, out: o.p, scratch, stride, items, scale, window });
    this.pool.run(op, s, args);
    o.done();
  }

  swiglu(gate: Float32Array, up: Float32Array, length: number, out: Float32Array): void {
    need("swiglu gate", gate.length, length);
    need("swiglu up", up.length, length);
    need("swiglu out", out.length, length);
    const s = this.home(out, gate);
    this.mem.resetStage();
    const gp = this.input(gate, length, s);
    const upp = this.input(up, length, s);
    const o = this.output(out, length, s, [[gate, gp], [up, upp]]);
    // Ranges of whole 64-element runs: every element takes the SIMD path it takes alone.
    if (length >= PARALLEL_ELEMENTS) this.pool.run(OP_ROWS, s, SWIGLU.encode(length, 64, { gate: gp, up: upp, out: o.p }));
    else this.k[s]!.swiglu(gp, upp, length, o.p);
    o.done();
  }

  geglu(gate: Float32Array, up: Float32Array, length: number, out: Float32Array): void {
    need("geglu gate", gate.length, length);
    need("geglu up", up.length, length);
    need("geglu out", out.length, length);
    const s = this.home(out, gate);
    if (this.gelu[s] === 0) {
      // The table every backend shares (gelu-table.ts), copied into this memory once.
      const table = geluF16Table();
      const p = this.mem.heaps[s]!.alloc(table.byteLength);
      this.mem.heaps[s]!.u16(p, table.length).set(table);
      this.gelu[s] = p;
    }
    this.mem.resetStage();
    const gp = this.input(gate, length, s);
    const upp = this.input(up, length, s);
    const o = this.output(out, length, s, [[gate, gp], [up, upp]]);
    if (length >= PARALLEL_ELEMENTS) this.pool.run(OP_ROWS, s, GEGLU.encode(length, 64, { gate: gp, up: upp, out: o.p, table: this.gelu[s]! }));
    else this.k[s]!.geglu(gp, upp, length, o.p, this.gelu[s]!);
    o.done();
  }

  scale(x: Float32Array, s: number, length: number, out: Float32Array): void {
    need("scale x", x.length, length);
    need("scale out", out.length, length);
    const sh = this.home(out, x);
    this.mem.resetStage();
    const xp = this.input(x, length, sh);
    const o = this.output(out, length, sh, [[x, xp]]);
    if (length >= PARALLEL_ELEMENTS) this.pool.run(OP_ROWS, sh, SCALE.encode(length, 64, { x: xp, s, out: o.p }));
    else this.k[sh]!.scale(xp, s, length, o.p);
    o.done();
  }

  add(a: Float32Array, b: Float32Array, length: number, out: Float32Array): void {
    need("add a", a.length, length);
    need("add b", b.length, length);
    need("add out", out.length, length);
    const s = this.home(out, a);
    this.mem.resetStage();
    const ap = this.input(a, length, s);
    const bp = this.input(b, length, s);
    const o = this.output(out, length, s, [[a, ap], [b, bp]]);
    if (length >= PARALLEL_ELEMENTS) this.pool.run(OP_ROWS, s, ADD.encode(length, 64, { a: ap, b: bp, out: o.p }));
    else this.k[s]!.add(ap, bp, length, o.p);
    o.done();
  }

  async dispose(): Promise<void> {
    await this.pool.dispose();
  }
}
