/**
 * The KV cache layout every kernels implementation shares: per layer, K and V are F16 arrays of
 * shape (g, c, e) — KV head, position, head dim — with capacity c = length / (g·e). Head-major
 * so that attention reads one head's keys as one contiguous stream (position-major rows sat
 * g·e·2 bytes apart, and the hardware prefetchers kept losing them).
 */
import { InvalidArgumentError } from "../errors.ts";

/** Positions a cache of this length holds; throws if it is not whole rows or too short for `used`. */
export function kvCapacity(what: string, cache: Uint16Array, kvHeads: number, headDim: number, used: number): number {
  const row = kvHeads * headDim;
  if (!(row > 0) || cache.length % row !== 0) {
    throw new InvalidArgumentError(`${what} is not a whole number of positions`, {
      expected: `a multiple of kvHeads·headDim = ${row} elements`,
      found: `${cache.length}`,
      hint: "allocate caches through KvCache, which sizes them as layers × (g, c, e)",
    });
  }
  const capacity = cache.length / row;
  if (capacity < used) {
    throw new InvalidArgumentError(`${what} holds too few positions`, {
      expected: `room for ${used} positions`,
      found: `capacity ${capacity}`,
      hint: "create the KV cache with a larger context length",
    });
  }
  return capacity;
}

/**
 * The shared capacity of a layer's K and V caches (checked as kvCapacity; the two must be the
 * same size, as KvCache allocates them).
 */
export function kvPairCapacity(op: string, kCache: Uint16Array, vCache: Uint16Array, kvHeads: number, headDim: number, used: number): number {
  const capacity = kvCapacity(`${op} kCache`, kCache, kvHeads, headDim, used);
  if (kvCapacity(`${op} vCache`, vCache, kvHeads, headDim, used) !== capacity) {
    throw new InvalidArgumentError(`${op}: the K and V caches differ in size`, {
      expected: `two caches of ${kCache.length} elements`,
      found: `K ${kCache.length}, V ${vCache.length}`,
      hint: "allocate caches through KvCache",
    });
  }
  return capacity;
}

/** Element offset of (head g, position t) in a (g, c, e) cache. */
export function kvOffset(g: number, t: number, capacity: number, headDim: number): number {
  return (g * capacity + t) * headDim;
}
