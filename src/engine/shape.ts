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
  /**
   * Per layer: its sliding attention window in positions (a token sees itself and the window − 1
   * before it), or 0 for full attention. Absent: every layer attends to the whole context.
   */
  windows?: readonly number[];
}

/** Most rows one forward step appends to a cache, when the caller does not say (engine default). */
export const DEFAULT_STEP_ROWS = 128;

/**
 * Positions layer `l`'s cache holds for a context of `contextLength`: all of them, or for a
 * sliding-window layer its window plus room for one step's rows (`stepRows`), so a step never
 * needs a position that was dropped (kv-cache.ts).
 */
export function layerCapacity(shape: ModelShape, l: number, contextLength: number, stepRows = DEFAULT_STEP_ROWS): number {
  const w = shape.windows?.[l] ?? 0;
  return w > 0 ? Math.min(contextLength, w - 1 + stepRows) : contextLength;
}

/** Bytes of F16 K and V over every layer for `positions` positions (sliding-window layers hold only their window). */
export function kvCacheBytes(shape: ModelShape, positions: number, stepRows = DEFAULT_STEP_ROWS): number {
  let held = 0;
  for (let l = 0; l < shape.layers; l++) held += layerCapacity(shape, l, positions, stepRows);
  return held * 2 * shape.kvHeads * shape.headDim * 2;
}
