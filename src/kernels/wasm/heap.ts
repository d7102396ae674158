/**
 * One shared WebAssembly.Memory with a bump allocator. Memory is shared (SharedArrayBuffer), so
 * growing it never detaches a view handed out earlier: old views keep addressing the same bytes.
 * Each grow yields a new `memory.buffer` object, so every buffer object seen is remembered to
 * recognise views into this memory. Nothing is freed before dispose (weights, KV cache and
 * scratch live as long as the model). Arrays from elsewhere are copied into a staging arena.
 */
import { fillTables, RESERVED_BYTES } from "./exports.ts";
import { WasmMemoryLimitError } from "./errors.ts";

const PAGE = 65536;
/** 32-bit addressing: 65,536 pages of 64 KiB. */
export const MEMORY_LIMIT = 65536 * PAGE;

export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  private top = RESERVED_BYTES;
  private readonly buffers = new Set<ArrayBufferLike>();
  private stage = 0;
  private stageSize = 0;
  private stageTop = 0;
  private stagePeak = 0;

  constructor(initialBytes = 16 * PAGE) {
    const pages = Math.ceil(Math.max(initialBytes, RESERVED_BYTES + PAGE) / PAGE);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });
    fillTables(this.memory);
    this.buffers.add(this.memory.buffer);
  }

  get usedBytes(): number {
    return this.top;
  }

  /** Reserves `bytes` (zero-filled, 64-byte aligned) and returns the address. */
  alloc(bytes: number): number {
    const p = this.tryAlloc(bytes);
    if (p < 0) throw new WasmMemoryLimitError(bytes, this.top, MEMORY_LIMIT);
    return p;
  }

  /**
   * Like alloc, but returns -1 when the memory cannot hold `bytes` more while still leaving
   * `keep` bytes free (room for the per-op staging and scratch of the ops that run here).
   */
  tryAlloc(bytes: number, keep = 0): number {
    const ptr = Math.ceil(this.top / 64) * 64;
    const end = ptr + bytes;
    if (!Number.isSafeInteger(bytes) || bytes < 0 || end > MEMORY_LIMIT - keep) return -1;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least 1/8 of the current size so that many small allocations stay cheap.
      const want = Math.min(65536, Math.max(Math.ceil(end / PAGE), Math.ceil((have * 1.125) / PAGE)));
      this.memory.grow(want - have / PAGE);
      this.buffers.add(this.memory.buffer);
    }
    this.top = end;
    return ptr;
  }

  f32(ptr: number, length: number): Float32Array<SharedArrayBuffer> {
    return new Float32Array(this.memory.buffer as unknown as SharedArrayBuffer, ptr, length);
  }
  u16(ptr: number, length: number): Uint16Array<SharedArrayBuffer> {
    return new Uint16Array(this.memory.buffer as unknown as SharedArrayBuffer, ptr, length);
  }
  u8(ptr: number, length: number): Uint8Array<SharedArrayBuffer> {
    return new Uint8Array(this.memory.buffer as unknown as SharedArrayBuffer, ptr, length);
  }
  i32(ptr: number, length: number): Int32Array<SharedArrayBuffer> {
    return new Int32Array(this.memory.buffer as unknown as SharedArrayBuffer, ptr, length);
  }

  /** Address of a view into this memory, or -1 for an array held elsewhere. */
  addressOf(a: ArrayBufferView): number {
    return this.buffers.has(a.buffer) ? a.byteOffset : -1;
  }

  /** Starts a kernel call: staging used by the previous call is reused (grown to its peak). */
  resetStage(): void {
    if (this.stagePeak > this.stageSize) {
      this.stageSize = Math.max(this.stagePeak, this.stageSize * 2, 1 << 16);
      this.stage = this.alloc(this.stageSize);
    }
    this.stageTop = 0;
    this.stagePeak = 0;
  }

  /** Staging space for `bytes`, valid until the next resetStage. */
  staged(bytes: number): number {
    const need = this.stageTop + Math.ceil(bytes / 64) * 64;
    this.stagePeak = Math.max(this.stagePeak, need);
    // Too small this time: a one-off block; the next call gets an arena of the peak size.
    if (need > this.stageSize) return this.alloc(bytes);
    const p = this.stage + this.stageTop;
    this.stageTop = need;
    return p;
  }

  /** Address of `a` in memory, copying it into staging first if it lives elsewhere. */
  input(a: Float32Array | Int32Array | Uint16Array, length: number): number {
    const p = this.addressOf(a);
    if (p >= 0) return p;
    const bytes = length * a.BYTES_PER_ELEMENT;
    const q = this.staged(bytes);
    this.u8(q, bytes).set(new Uint8Array(a.buffer, a.byteOffset, bytes));
    return q;
  }
}
