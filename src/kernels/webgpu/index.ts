/// <reference types="@webgpu/types" />
/**
 * The WebGPU kernels: the Kernels interface (kernels/types.ts) on a GPU device. Ops are recorded
 * into one command encoder and run at `sync()`; `toHost` copies land when `sync()` resolves.
 * Buffers are device buffers; a view is (buffer, element offset, length) and kernels take element
 * offsets as parameters, so views need no alignment.
 *
 * Weights stay in their GGUF block layouts for F32, F16, BF16, Q8_0, Q4_0, Q5_0, Q4_K, Q5_K and
 * Q6_K (shaders-blocks.ts); the other types are dequantized once at upload to dense F32 rows
 * (tensor/dequantize.ts). Either way a weight's values are the reference's bit for bit; matmuls
 * prepare the activations as ggml does for the weight's type (kernels/ref/activations.ts) and sum
 * in f32.
 */
import type { AttentionOptions, Kernels, WeightHandle, WeightUpload } from "../types.ts";
import { defaultAttentionScale } from "../types.ts";
import { kvPairCapacity } from "../kv-layout.ts";
import { geluF16Table } from "../gelu-table.ts";
import { dequantizeRows, rowBytes } from "../../tensor/dequantize.ts";
import { GgmlType, TYPE_TRAITS, typeName } from "../../tensor/dtypes.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { openGpu, type GpuContext } from "./device.ts";
import { WebGpuLimitError } from "./errors.ts";
import { DATA_WINDOW, f32bits, Recorder } from "./recorder.ts";
import { MAX_TOP_K, TOPK_CHUNKS, TOPK_MERGE, topkChunk } from "./shaders-select.ts";
import { ADD, COPY_F16, GEGLU, RMSNORM, ROPE, SCALE, STORE_KV, SWIGLU } from "./shaders-elementwise.ts";
import { ActClass, PREPARE } from "./shaders-matmul.ts";
import { getRowsKernel, MATMUL_TOKENS, matmulKernel, matmulTiledKernel, TILED_ROWS_PER_THREAD } from "./shaders-blocks.ts";
import { NATIVE_TYPES } from "./held.ts";
import { ATTENTION, ATTENTION_PARTIAL, ATTENTION_REDUCE, ATTENTION_STATS, SPLIT_CHUNK } from "./shaders-attention.ts";

/** An F32 buffer or a view of one: `length` elements from element `offset` of `buffer`. */
export interface GpuF32 {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly length: number;
}

/** An F16 buffer (KV caches): `length` halves, two per 32-bit word. */
export interface GpuF16 {
  readonly buffer: GPUBuffer;
  readonly length: number;
}

/** Rows first .. first+rows-1 of a weight, in one buffer. */
interface WeightChunk {
  buffer: GPUBuffer;
  first: number;
  rows: number;
}

interface GpuWeight extends WeightHandle {
  /**
   * The stored blocks (native types) or dense F32 rows, split by rows into buffers that each fit
   * one binding (a 151,936-row embedding outgrows many adapters' 128 MiB–2 GiB limit).
   */
  chunks: WeightChunk[];
  /** Type of `buffer`'s rows: the file's type, or F32 when dequantized at upload. */
  heldType: number;
  /** Bytes per row of `buffer`. */
  heldRowBytes: number;
  act: ActClass;
}


export interface WebGpuKernels extends Kernels<GpuF32, GpuF16> {
  /** The adapter, e.g. "llvmpipe" or "NVIDIA H200". */
  readonly adapterName: string;
  readonly limits: GPUSupportedLimits;
}

/** The activation preparation ggml applies for a weight type (kernels/ref/activations.ts). */
function actClass(type: number): ActClass {
  switch (type) {
    case GgmlType.F32:
      return ActClass.F32;
    case GgmlType.F16:
      return ActClass.F16;
    case GgmlType.BF16:
      return ActClass.BF16;
    case GgmlType.Q4_0:
    case GgmlType.Q5_0:
    case GgmlType.Q8_0:
    case GgmlType.IQ4_NL:
      return ActClass.Q8_0;
    case GgmlType.Q4_1:
    case GgmlType.Q5_1:
      return ActClass.Q8_1;
    default:
      return ActClass.Q8_K;
  }
}

const ceilDiv = (a: number, b: number) => Math.ceil(a / b);
/** Tokens from which a matmul takes the tiled kernel (fewer: decode, where more workgroups fill the GPU). */
const TILED_MIN_TOKENS = 16;

export interface WebGpuOptions {
  /** Largest weight buffer in bytes (default: the adapter's binding limit); tests set it low to split weights. */
  maxWeightChunkBytes?: number;
  /**
   * A query row that sees more KV slots than this is spread over several workgroups (chunks of
   * SPLIT_CHUNK slots) instead of one per head; 0: never. Default 1024. Tests set it low.
   */
  attentionSplit?: number;
}

export async function createWebGpuKernels(ctx?: GpuContext, options: WebGpuOptions = {}): Promise<WebGpuKernels> {
  const gpu = ctx ?? (await openGpu());
  const device = gpu.device;
  const rec = new Recorder(device);
  const limits = device.limits;
  const USAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  let geluTable: GPUBuffer | null = null;
  let prepScratch: GPUBuffer | null = null;
  let disposed = false;

  const fits = (what: string, bytes: number): void => {
    if (bytes > limits.maxStorageBufferBindingSize) throw new WebGpuLimitError(what, "maxStorageBufferBindingSize", bytes, limits.maxStorageBufferBindingSize);
    if (bytes > limits.maxBufferSize) throw new WebGpuLimitError(what, "maxBufferSize", bytes, limits.maxBufferSize);
  };
  const create = (what: string, bytes: number, init?: ArrayBufferView): GPUBuffer => {
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    fits(what, size);
    const b = device.createBuffer({ size, usage: USAGE, mappedAtCreation: init !== undefined });
    if (init) {
      new Uint8Array(b.getMappedRange()).set(new Uint8Array(init.buffer, init.byteOffset, init.byteLength));
      b.unmap();
    }
    return b;
  };
  const checkRange = (what: string, a: GpuF32, length: number): void => {
    if (length > a.length) {
      throw new InvalidArgumentError(`${what}: buffer too short`, { expected: `at least ${length} elements`, found: `${a.length}` });
    }
  };
  /** The prepared-activations scratch, grown to `elements` (the old one retires after submit). */
  const prep = (elements: number): GPUBuffer => {
    if (!prepScratch || prepScratch.size < elements * 4) {
      if (prepScratch) rec.retire(prepScratch);
      prepScratch = create("prepared activations", elements * 4);
    }
    return prepScratch;
  };
  /** The Q8_1 block sums scratch (Q4_1 / Q5_1), grown like `prep`. */
  let sumsScratch: GPUBuffer | null = null;
  const prepSums = (elements: number): GPUBuffer => {
    if (!sumsScratch || sumsScratch.size < elements * 4) {
      if (sumsScratch) rec.retire(sumsScratch);
      sumsScratch = create("Q8_1 block sums", elements * 4);
    }
    return sumsScratch;
  };
  const elementwise = (n: number) => ceilDiv(n, 256);
  const attentionSplit = options.attentionSplit ?? 1024;
  /** The split attention's scratch buffers, grown like `prep`. */
  const splitBuffers = new Map<string, GPUBuffer>();
  const splitScratch = (what: string, elements: number): GPUBuffer => {
    let b = splitBuffers.get(what);
    if (!b || b.size < elements * 4) {
      if (b) rec.retire(b);
      b = create(`attention ${what}`, elements * 4);
      splitBuffers.set(what, b);
    }
    return b;
  };

  /** The top-k candidates and selection, grown like `prep` (one per name). */
  const topkBuffers = new Map<string, GPUBuffer>();
  const topkScratch = (what: string, words: number): GPUBuffer => {
    let b = topkBuffers.get(what);
    if (!b || b.size < words * 4) {
      if (b) rec.retire(b);
      b = create(`top-k ${what}`, words * 4);
      topkBuffers.set(what, b);
    }
    return b;
  };

  const K: WebGpuKernels = {
    name: `webgpu (${gpu.adapterName})`,
    adapterName: gpu.adapterName,
    limits,

    allocWeight(name, type, rows, cols): WeightUpload {
      const traits = TYPE_TRAITS.get(type);
      if (!traits?.supported) {
        throw new InvalidArgumentError(`tensor ${name}: the WebGPU kernels cannot run type ${typeName(type)} yet`, {
          expected: "a stored weight type: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, the K-quants or the I-quants",
          found: typeName(type),
          hint: 'use device "cpu"',
        });
      }
      const native = NATIVE_TYPES.has(type);
      const heldType = native ? type : GgmlType.F32;
      const heldRowBytes = rowBytes(heldType, cols);
      const chunkBytes = Math.min(options.maxWeightChunkBytes ?? Infinity, limits.maxStorageBufferBindingSize, limits.maxBufferSize);
      const chunkRows = Math.floor(chunkBytes / heldRowBytes);
      if (chunkRows < 1) fits(`one row of tensor ${name} (${cols} ${typeName(heldType)} values)`, heldRowBytes);
      const handle: GpuWeight = { name, type, rows, cols, chunks: [], heldType, heldRowBytes, act: actClass(type) };
      const bytes = new Uint8Array(rows * rowBytes(type, cols));
      return {
        handle,
        bytes,
        commit() {
          const held = native ? bytes : dequantizeRows(type, bytes, rows, cols);
          const u8 = new Uint8Array(held.buffer, held.byteOffset, held.byteLength);
          for (let first = 0; first < rows; first += chunkRows) {
            const n = Math.min(chunkRows, rows - first);
            const buffer = create(`tensor ${name}`, n * heldRowBytes, u8.subarray(first * heldRowBytes, (first + n) * heldRowBytes));
            handle.chunks.push({ buffer, first, rows: n });
          }
        },
      };
    },
    allocF32: (length) => ({ buffer: create("F32 buffer", length * 4), offset: 0, length }),
    allocF16: (length) => ({ buffer: create("F16 buffer (KV cache)", ceilDiv(length, 2) * 4), length }),
    constant: (values) => ({ buffer: create("constant", values.byteLength, values), offset: 0, length: values.length }),
    view(a, offset, length) {
      if (offset < 0 || length < 0 || offset + length > a.length) {
        throw new InvalidArgumentError("view outside its buffer", { expected: `offset + length ≤ ${a.length}`, found: `${offset} + ${length}` });
      }
      return { buffer: a.buffer, offset: a.offset + offset, length };
    },
    toHost(a, offset, length, out) {
      checkRange("toHost", a, offset + length);
      rec.read(a.buffer, (a.offset + offset) * 4, length * 4, (data) => out.set(new Float32Array(data, 0, length)));
    },
    toHostF16(h, offset, length, out) {
      const w0 = offset >> 1, w1 = ceilDiv(offset + length, 2);
      rec.read(h.buffer, w0 * 4, (w1 - w0) * 4, (data) => out.set(new Uint16Array(data).subarray(offset & 1, (offset & 1) + length)));
    },
    copyF16(src, srcOffset, dst, dstOffset, length) {
      if (length <= 0) return;
      if (src.buffer === dst.buffer) {
        // memmove: through a temporary copy of the source words.
        const w0 = srcOffset >> 1, w1 = ceilDiv(srcOffset + length, 2);
        const tmp = rec.temporary((w1 - w0) * 4);
        rec.copy(src.buffer, w0 * 4, tmp, 0, (w1 - w0) * 4);
        src = { buffer: tmp, length: (w1 - w0) * 2 };
        srcOffset -= w0 * 2;
      } else if (srcOffset % 2 === 0 && dstOffset % 2 === 0 && length % 2 === 0) {
        rec.copy(src.buffer, srcOffset * 2, dst.buffer, dstOffset * 2, length * 2);
        return;
      }
      const first = dstOffset >> 1, words = ceilDiv(dstOffset + length, 2) - first;
      rec.dispatch(COPY_F16, [src.buffer, dst.buffer], [length, srcOffset, dstOffset, first, words], elementwise(words));
    },
    sync: () => rec.sync(),

    maxTopK: MAX_TOP_K,
    topK(x, rows, length, k, ids, values) {
      if (!Number.isInteger(k) || k < 1 || k > Math.min(MAX_TOP_K, length)) {
        throw new InvalidArgumentError("topK: k out of range", { expected: `an integer in 1..${Math.min(MAX_TOP_K, length)}`, found: String(k) });
      }
      checkRange("topK x", x, rows * length);
      if (ids.length < rows * k || values.length < rows * k) {
        throw new InvalidArgumentError("topK: output arrays too short", { expected: `${rows * k} elements`, found: `${Math.min(ids.length, values.length)}` });
      }
      const chunk = topkChunk(length), chunks = ceilDiv(length, chunk);
      const cand = topkScratch("candidates", rows * chunks * k * 2), out = topkScratch("selected", rows * k * 2);
      rec.dispatch(TOPK_CHUNKS, [x.buffer, cand], [length, k, x.offset, chunks, chunk], rows * chunks);
      rec.dispatch(TOPK_MERGE, [cand, out], [k, chunks], rows);
      rec.read(out, 0, rows * k * 8, (data) => {
        const pairs = new Uint32Array(data, 0, rows * k * 2);
        const bits = new Float32Array(data, 0, rows * k * 2);
        for (let i = 0; i < rows * k; i++) {
          ids[i] = pairs[2 * i + 1]!;
          values[i] = bits[2 * i]!;
        }
      });
    },
    matmul(h, x, n, y) {
      K.matmulSameInput([h], x, n, [y]);
    },
    matmulSameInput(hs, x, n, ys) {
      if (hs.length !== ys.length) throw new RangeError(`matmulSameInput: ${hs.length} weights but ${ys.length} outputs`);
      const ws = hs as readonly GpuWeight[];
      ws.forEach((w, i) => {
        checkRange(`matmul ${w.name} x`, x, n * w.cols);
        checkRange(`matmul ${w.name} y`, ys[i]!, n * w.rows);
      });
      // The activations are prepared once for each run of weights that sees them alike (Q, K and V
      // of one type; gate and up), then every weight's matmul reads them.
      let prepared = "";
      let xp: GPUBuffer | null = null, sums: GPUBuffer | null = null;
      ws.forEach((w, i) => {
        const y = ys[i]!;
        if (prepared !== `${w.act}:${w.cols}`) {
          prepared = `${w.act}:${w.cols}`;
          xp = prep(n * w.cols);
          sums = prepSums(n * (w.cols / 32));
          rec.dispatch(PREPARE, [x.buffer, xp, sums], [n, w.cols, w.act, x.offset], ceilDiv((n * w.cols) / (w.act === ActClass.Q8_K ? 256 : 32), 64));
        }
        // Threads per row: a power of two near the row's 32-value sub-block count, at most 64.
        const tpr = Math.min(64, 2 ** Math.ceil(Math.log2(Math.max(1, w.cols / 32))));
        // Prompts and wide batches: more rows per workgroup share the activations (same bits).
        const tiled = n >= TILED_MIN_TOKENS;
        const rowsPerGroup = tiled ? (256 / tpr) * TILED_ROWS_PER_THREAD : 64 / tpr;
        for (const c of w.chunks) {
          rec.dispatch((tiled ? matmulTiledKernel : matmulKernel)(w.heldType), [c.buffer, xp!, y.buffer, sums!], [c.rows, w.cols, n, y.offset + c.first, w.heldRowBytes, tpr, w.rows],
            ceilDiv(c.rows, rowsPerGroup) * ceilDiv(n, MATMUL_TOKENS));
        }
      });
    },
    getRows(h, ids, out) {
      const w = h as GpuWeight;
      checkRange(`getRows ${w.name}`, out, ids.length * w.cols);
      const data = Uint32Array.from(ids as ArrayLike<number>);
      for (const id of data) if (id >= w.rows) throw new InvalidArgumentError(`getRows ${w.name}: row out of range`, { expected: `< ${w.rows}`, found: `${id}` });
      for (const c of w.chunks) {
        if (!data.some((id) => id >= c.first && id < c.first + c.rows)) continue;
        rec.dispatch(getRowsKernel(w.heldType), [c.buffer, out.buffer], [data.length, w.cols, out.offset, w.heldRowBytes, c.first, c.rows], elementwise(data.length * w.cols), data);
      }
    },

    rmsNorm(x, weight, n, dim, eps, out) {
      checkRange("rmsNorm x", x, n * dim);
      checkRange("rmsNorm out", out, n * dim);
      rec.dispatch(RMSNORM, [x.buffer, weight.buffer, out.buffer], [n, dim, x.offset, weight.offset, out.offset, f32bits(eps)], n);
    },
    ropeNeox(x, n, heads, headDim, ropeDim, positions, theta, freqScale = 1) {
      checkRange("ropeNeox", x, n * heads * headDim);
      const half = ropeDim / 2;
      // The angles exactly as the reference builds them (repeated f32 multiplication, then cos/sin).
      const table = new Float32Array(n * half * 2);
      const f = Math.fround;
      const thetaScale = f(Math.pow(theta, -2 / ropeDim));
      for (let t = 0; t < n; t++) {
        let ang = f(positions[t]!);
        for (let i = 0; i < half; i++) {
          const a = f(ang * freqScale);
          table[(t * half + i) * 2] = Math.cos(a);
          table[(t * half + i) * 2 + 1] = Math.sin(a);
          ang = f(ang * thetaScale);
        }
      }
      // Rows in groups whose angle tables fit one dispatch's host data.
      const rowsPerDispatch = Math.max(1, Math.floor(DATA_WINDOW / (half * 8)));
      for (let t0 = 0; t0 < n; t0 += rowsPerDispatch) {
        const rows = Math.min(rowsPerDispatch, n - t0);
        rec.dispatch(ROPE, [x.buffer], [rows, heads, headDim, half, x.offset + t0 * heads * headDim], elementwise(rows * heads * half),
          new Uint32Array(table.buffer, t0 * half * 8, rows * half * 2));
      }
    },
    storeKv(k, v, kCache, vCache, start, n, kvHeads, headDim) {
      const cap = kvPairCapacity("storeKv", kCache as unknown as Uint16Array, vCache as unknown as Uint16Array, kvHeads, headDim, start + n);
      if (headDim % 2 !== 0) throw new InvalidArgumentError("storeKv: odd head dimension", { expected: "an even headDim", found: `${headDim}` });
      checkRange("storeKv k", k, n * kvHeads * headDim);
      checkRange("storeKv v", v, n * kvHeads * headDim);
      const pairs = (n * kvHeads * headDim) / 2;
      rec.dispatch(STORE_KV, [k.buffer, v.buffer, kCache.buffer, vCache.buffer], [n, kvHeads, headDim, cap, start, k.offset, v.offset], elementwise(pairs));
    },
    attention(q, kCache, vCache, start, n, heads, kvHeads, headDim, out, options: AttentionOptions = {}) {
      const cap = kvPairCapacity("attention", kCache as unknown as Uint16Array, vCache as unknown as Uint16Array, kvHeads, headDim, start + n);
      if (headDim > 256 || headDim % 2 !== 0) throw new InvalidArgumentError("attention: unsupported head dimension", { expected: "an even headDim ≤ 256", found: `${headDim}` });
      checkRange("attention q", q, n * heads * headDim);
      checkRange("attention out", out, n * heads * headDim);
      const scale = Math.fround(options.scale ?? defaultAttentionScale(headDim));
      const window = options.window ?? 0;
      const base = [start, n, heads, kvHeads, headDim, cap, f32bits(scale), window, q.offset, out.offset, attentionSplit];
      rec.dispatch(ATTENTION, [q.buffer, kCache.buffer, vCache.buffer, out.buffer], base, n * heads);
      // Rows that see more than attentionSplit slots: spread over chunks of SPLIT_CHUNK slots.
      const widest = window > 0 ? Math.min(start + n, window) : start + n;
      if (attentionSplit > 0 && widest > attentionSplit) {
        const slots = ceilDiv(widest, SPLIT_CHUNK);
        const perRow = heads * slots;
        // Rows in groups so the scratch stays within 64 MiB (a long prompt at a long context).
        const rowsPerGroup = Math.max(1, Math.floor(Math.min(64 << 20, limits.maxStorageBufferBindingSize) / (perRow * headDim * 4)));
        for (let t0 = 0; t0 < n; t0 += rowsPerGroup) {
          const rows = Math.min(rowsPerGroup, n - t0);
          const stats = splitScratch("stats", rows * perRow * 2), partial = splitScratch("partial", rows * perRow * headDim);
          const params = [...base, slots, t0];
          rec.dispatch(ATTENTION_STATS, [q.buffer, kCache.buffer, stats], params, rows * perRow);
          rec.dispatch(ATTENTION_PARTIAL, [q.buffer, kCache.buffer, vCache.buffer, stats, partial], params, rows * perRow);
          rec.dispatch(ATTENTION_REDUCE, [partial, out.buffer], params, rows * heads);
        }
      }
    },
    swiglu(gate, up, length, out) {
      rec.dispatch(SWIGLU, [gate.buffer, up.buffer, out.buffer], [length, gate.offset, up.offset, out.offset], elementwise(length));
    },
    geglu(gate, up, length, out) {
      geluTable ??= create("GELU table", 65536 * 2, geluF16Table());
      rec.dispatch(GEGLU, [gate.buffer, up.buffer, out.buffer, geluTable], [length, gate.offset, up.offset, out.offset], elementwise(length));
    },
    scale(x, s, length, out) {
      rec.dispatch(SCALE, [x.buffer, out.buffer], [length, x.offset, out.offset, f32bits(s)], elementwise(length));
    },
    add(a, b, length, out) {
      rec.dispatch(ADD, [a.buffer, b.buffer, out.buffer], [length, a.offset, b.offset, out.offset], elementwise(length));
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        await rec.sync();
      } catch {
        // a lost device has nothing left to finish
      }
      rec.destroy();
      device.destroy();
      // Dawn's instance must outlive the device (device.ts); drop it only now.
      void gpu.instance;
    },
  };
  return K;
}
