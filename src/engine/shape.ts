/**
 * What the engine needs to know of a model, whatever its architecture: enough to size KV caches
 * and logits. Architectures (src/model/*) describe themselves with it.
 */
export interface ModelShape {
  /** Transformer blocks, each with its own KV cache. */
  layers: number;
  /** g: key/value heads. */
  kvHeads: number;
  /** e: head dimension of keys and values. */
  headDim: number;
  /** V: logits per position. */
  vocabSize: number;
}

/** Bytes of F16 K and V over every layer for `positions` positions. */
export function kvCacheBytes(shape: ModelShape, positions: number): number {
  return shape.layers * 2 * positions * shape.kvHeads * shape.headDim * 2;
}
