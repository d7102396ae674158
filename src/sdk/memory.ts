/**
 * Will it fit? What a model takes once loaded, estimated from its file before a weight is read:
 * the weights as the kernels hold them (their stored blocks; Q5_K repacked 4.5 % larger), one
 * sequence's KV cache at the context asked for (F16 K and V, every layer), and the rest — the
 * forward pass's activation buffers for a step of 128 rows, the quantized activations, each
 * thread's kernel scratch (a prompt tile of 16 unpacked rows), attention scores, and what the
 * runtime adds while loading (tokenizer, chat template, kernel instances: RUNTIME_BYTES). loadModel
 * compares the total with the memory available (or the caller's budget) and refuses with
 * InsufficientMemoryError instead of being killed by the OS part-way through loading.
 */
import { MedpsyError } from "../errors.ts";
import { kvCacheBytes } from "../engine/shape.ts";
import type { ModelSource } from "../model/source.ts";
import { heldRowBytes } from "../kernels/wasm/exports.ts";
import { byteSize } from "../tensor/dtypes.ts";

/**
 * What a process's resident memory grows by while loading, besides weights and buffers: the
 * tokenizer's tables, the chat template, the kernels' instances (a tiny model: +130 MB resident,
 * 42 MB of it weights; rounded up for more threads).
 */
export const RUNTIME_BYTES = 150e6;
/** Rows per forward step and logit rows the engine sizes its buffers for (sdk/build-model.ts, each architecture's forward.ts). */
const STEP_ROWS = 128;
const LOGIT_ROWS = 16;

export interface MemoryEstimate {
  /** Context (tokens) the KV cache is sized for. */
  contextLength: number;
  /** Weights as the kernels hold them, bytes. */
  weights: number;
  /** One sequence's KV cache at contextLength (each session or server slot holds one), bytes. */
  kvCache: number;
  /** Activation buffers, kernel scratch and the runtime, bytes. */
  scratch: number;
  total: number;
}

export function estimateMemory(source: Pick<ModelSource, "config" | "tensors">, contextLength: number, threads: number): MemoryEstimate {
  const c = source.config;
  let weights = 0, widest = 0;
  for (const t of source.tensors.values()) {
    if (t.dims.length === 1) {
      weights += 4 * t.dims[0]!; // norms are held as F32
      continue;
    }
    const cols = t.dims[0]!, rows = t.dims.slice(1).reduce((a, b) => a * b, 1);
    weights += rows * (heldRowBytes(t.type, cols) ?? byteSize(t.type, cols) ?? 4 * cols);
    widest = Math.max(widest, cols);
  }
  const kvCache = kvCacheBytes(c, contextLength, STEP_ROWS); // sliding-window layers hold only their window
  const q = c.heads * c.headDim, kv = c.kvHeads * c.headDim;
  const activations = 4 * (STEP_ROWS * (3 * c.hidden + 2 * q + 2 * kv + 2 * c.ffn) + LOGIT_ROWS * (c.hidden + c.vocabSize));
  // Quantized activations (at most ~2.5 bytes per value with their copies) and, per thread, a
  // prompt tile of 16 rows widened to f32 (the largest tile any type unpacks to) and the
  // attention scores of 8 rows over the whole context.
  const kernels = 3 * STEP_ROWS * Math.max(c.ffn, c.hidden) + threads * (16 * 4 * widest + 8 * 4 * contextLength + 4096);
  const scratch = activations + kernels + RUNTIME_BYTES;
  return { contextLength, weights, kvCache, scratch, total: weights + kvCache + scratch };
}

const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`;

export class InsufficientMemoryError extends MedpsyError {
  readonly estimate: MemoryEstimate;
  readonly available: number;
  constructor(what: string, e: MemoryEstimate, available: number, budgetGiven: boolean) {
    super("INSUFFICIENT_MEMORY", `${what} needs about ${gb(e.total)} at a context of ${e.contextLength.toLocaleString("en-US")} tokens; ${budgetGiven ? "the memory budget is" : "this machine has"} ${gb(available)} ${budgetGiven ? "" : "available"}`.trimEnd(), {
      expected: `at least ${gb(e.total)}: weights ${gb(e.weights)} + KV cache ${gb(e.kvCache)} + buffers and runtime ${gb(e.scratch)}`,
      found: `${gb(available)} ${budgetGiven ? "(memoryBudget)" : "available"}`,
      hint: "use a smaller quantization (`medpsy pull NAME --fit` picks the largest that fits), a shorter context (contextLength / --ctx), or close other programs",
    });
    this.estimate = e;
    this.available = available;
  }
}

/** Throws InsufficientMemoryError when the estimate exceeds `available` bytes (undefined: no check). */
export function checkMemory(what: string, e: MemoryEstimate, available: number | undefined, budgetGiven = false): void {
  if (available !== undefined && Number.isFinite(available) && e.total > available) throw new InsufficientMemoryError(what, e, available, budgetGiven);
}
