/**
 * Weights larger than one 32-bit memory: a fixed set of shared memories ("shards"), each a
 * WasmHeap of up to 4 GiB with its own kernels instance in every thread. All shards are created
 * up front (a shared memory reserves address space only; pages are committed as it grows) so
 * workers can instantiate against every one at start. An allocation goes to the first shard
 * with room; an op runs on the shard holding its big operand and stages the small ones there.
 */
import { WasmHeap, MEMORY_LIMIT } from "./heap.ts";
import { WasmMemoryLimitError } from "./errors.ts";

/** Bytes each shard keeps free for staging and scratch (activations of a 512-token batch of
 * MedPsy-4B take ~30 MB; staging arenas grow by doubling). */
export const SHARD_RESERVE = 128 * 1024 * 1024;

export interface Place {
  readonly shard: number;
  readonly ptr: number;
}

export class Memories {
  readonly heaps: readonly WasmHeap[];

  constructor(count: number, initialBytes?: number) {
    const heaps: WasmHeap[] = [new WasmHeap(initialBytes)];
    for (let i = 1; i < count; i++) heaps.push(new WasmHeap());
    this.heaps = heaps;
  }

  get memories(): WebAssembly.Memory[] {
    return this.heaps.map((h) => h.memory);
  }

  /** Bytes handed out across all shards. */
  get usedBytes(): number {
    return this.heaps.reduce((s, h) => s + h.usedBytes, 0);
  }

  /**
   * Weights and buffers: the first shard with room that still keeps SHARD_RESERVE free, so the
   * ops that later run on a full shard can stage their small operands and scratch there.
   */
  alloc(bytes: number): Place {
    for (let shard = 0; shard < this.heaps.length; shard++) {
      const ptr = this.heaps[shard]!.tryAlloc(bytes, SHARD_RESERVE);
      if (ptr >= 0) return { shard, ptr };
    }
    throw new WasmMemoryLimitError(bytes, this.usedBytes, MEMORY_LIMIT * this.heaps.length);
  }

  /** Which shard a typed array lives in, or -1 for an ordinary JS array. */
  shardOf(a: ArrayBufferView): number {
    for (let s = 0; s < this.heaps.length; s++) if (this.heaps[s]!.addressOf(a) >= 0) return s;
    return -1;
  }

  resetStage(): void {
    for (const h of this.heaps) h.resetStage();
  }
}
