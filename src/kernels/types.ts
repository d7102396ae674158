/**
 * The kernel interface: everything the forward pass asks of the hardware.
 *
 * Implementations: `ref/` (plain TypeScript, the spec — slow and obviously correct) and the
 * fast ones (WebAssembly SIMD, worker threads). All of them pass one shared conformance suite.
 *
 * Numerics follow llama.cpp's CPU backend so that logits match it:
 * - a matmul converts the activations to the weight type's "vec_dot_type" first
 *   (F32→F32, F16→F16, BF16→BF16, Q4_0/Q5_0/Q8_0→Q8_0, Q4_1/Q5_1→Q8_1, K-quants→Q8_K)
 *   and accumulates integer dot products per block;
 * - the KV cache stores K and V as F16; attention rounds Q and the softmax weights to F16
 *   before the two products, as ggml's non-flash attention path does.
 *
 * KV caches are head-major: (g, c, e), where the capacity c = cache length / (g·e) positions.
 * Each KV head's positions are contiguous, so attention streams them instead of striding.
 *
 * Buffers come from the kernels (`allocF32` / `allocF16`) so that a backend can place them where
 * it computes: the WebAssembly backend in its own (shared) memory, the reference backend in plain
 * typed arrays, a GPU backend on the device. The interface is generic over those two buffer
 * types (`A`: F32 activations, `H`: F16 KV caches), so a forward pass written once over it runs
 * on every backend; it never reads a buffer directly, only through `view`, `toHost` and `sync`.
 * On the CPU backends the buffers are typed arrays and every op completes before it returns;
 * a GPU backend may only record the ops and run them at `sync()`.
 *
 * Shapes use row-major order; letters: n = tokens in the batch, d = hidden size,
 * h = query heads, g = KV heads, e = head dim, t = positions held in the KV cache.
 */

/** An opaque handle to a weight matrix held by a kernels instance in its stored block layout. */
export interface WeightHandle {
  readonly name: string;
  /** GGML type id (see tensor/dtypes.ts). */
  readonly type: number;
  /** Output features (GGUF ne[1]). */
  readonly rows: number;
  /** Input features (GGUF ne[0]); each row is `cols` elements in `type`'s block layout. */
  readonly cols: number;
}

/** A weight being loaded: the caller writes the stored bytes into `bytes`, then calls `commit`. */
export interface WeightUpload {
  readonly handle: WeightHandle;
  /** Destination of exactly rows × rowBytes bytes, in file order. */
  readonly bytes: Uint8Array;
  /** Called once all bytes are written (a backend may repack the blocks here). */
  commit(): void;
  /**
   * Optional, F32 / F16 / BF16 only, before commit: index of the first NaN or infinite value in
   * `bytes`, or −1 — a faster scan than the loader's own (src/model/validate-data.ts).
   */
  firstNonFinite?(): number;
}

/** Options of `Kernels.attention`; an omitted field keeps the plain causal default. */
export interface AttentionOptions {
  /** Multiplies q·k before the softmax. Default f32(1/√headDim). */
  scale?: number;
  /** Sliding window in positions (a row sees itself and the window − 1 before it); 0 or absent: none. */
  window?: number;
}

/** The default attention scale, f32(1/√e), which every backend uses when none is given. */
export function defaultAttentionScale(headDim: number): number {
  return Math.fround(1 / Math.sqrt(headDim));
}

export interface Kernels<A = Float32Array, H = Uint16Array> {
  readonly name: string;

  /** Reserves room for a weight; the caller streams the file's bytes into `upload.bytes`. */
  allocWeight(name: string, type: number, rows: number, cols: number): WeightUpload;
  /** F32 scratch buffer of `length` elements, zero-filled. */
  allocF32(length: number): A;
  /** F16 buffer (raw bits) of `length` elements, zero-filled; used for the KV cache. */
  allocF16(length: number): H;
  /** An F32 buffer holding a copy of `values` (norm weights and other constants). */
  constant(values: Float32Array): A;
  /** Elements offset .. offset+length of `a`, as a buffer the ops accept (no copy). */
  view(a: A, offset: number, length: number): A;
  /**
   * Copies `length` elements of `a` from `offset` into `out`: at once on a synchronous backend,
   * by the time `sync()` resolves on an asynchronous one.
   */
  toHost(a: A, offset: number, length: number, out: Float32Array): void;
  /**
   * Copies `length` F16 elements of `src` from `srcOffset` into `dst` at `dstOffset` (KV caches
   * sharing a prompt; a sliding-window layer moving its window to the front, where src === dst
   * and the ranges may overlap: the copy must behave as memmove). A device backend cannot do
   * that case with one buffer-to-buffer copy (WebGPU's copyBufferToBuffer refuses src === dst):
   * go through a temporary buffer, or copy in chunks no longer than the shift, ordered away from
   * the overlap. The conformance suite checks both overlap directions.
   */
  copyF16(src: H, srcOffset: number, dst: H, dstOffset: number, length: number): void;
  /** As `toHost`, for an F16 buffer's raw bits (tests compare KV caches with it). */
  toHostF16(h: H, offset: number, length: number, out: Uint16Array): void;
  /** Resolves when every op called so far has completed and every `toHost` copy has landed. */
  sync(): Promise<void>;

  /**
   * Optional, device backends only (where reading a 151,936-value row back costs more than
   * selecting on the device): the `k` (1..maxTopK) highest values of each of `rows` rows of
   * x (rows, length), by value descending, ties to the lower index (the sampler's order), into
   * ids / values (rows·k each) by the time `sync()` resolves. The CPU backends leave it out:
   * their logits are already in host memory.
   */
  topK?(x: A, rows: number, length: number, k: number, ids: Int32Array, values: Float32Array): void;
  /** Most `k` topK accepts (absent with topK). */
  readonly maxTopK?: number;

  /** y (n, w.rows) = x (n, w.cols) · wᵀ. Each row of y depends on its row of x alone, bit for bit. */
  matmul(w: WeightHandle, x: A, n: number, y: A): void;
  /**
   * ys[i] (n, ws[i].rows) = x · ws[i]ᵀ for one input and several weights (Q/K/V, gate/up).
   * Same results as separate matmul calls; a backend may share work between them (quantizing x
   * once, one parallel pass) when the weights have the same type and columns.
   */
  matmulSameInput(ws: readonly WeightHandle[], x: A, n: number, ys: readonly A[]): void;
  /** out (ids.length, w.cols) = rows `ids` of w, dequantized to F32 (embedding lookup). */
  getRows(w: WeightHandle, ids: ArrayLike<number>, out: A): void;

  /** out (n, dim) = x / sqrt(mean(x²) + eps) * weight, row by row. `out` may equal `x`. */
  rmsNorm(x: A, weight: A, n: number, dim: number, eps: number, out: A): void;

  /**
   * Rotary position embedding, NeoX layout (pairs (i, i + ropeDim/2)), in place.
   * x: (n, heads, headDim); positions: (n). The angle of pair i at position p is
   * f32(freqScale · θ_i(p)), θ_i(p) = p · theta^(−2i/ropeDim) built by repeated f32 multiplication
   * as ggml does; `freqScale` (default 1) is linear RoPE scaling (1 / the file's scaling factor).
   */
  ropeNeox(
    x: A,
    n: number,
    heads: number,
    headDim: number,
    ropeDim: number,
    positions: Int32Array,
    theta: number,
    freqScale?: number,
  ): void;

  /** Writes k, v (n, g, e) as F16 into the caches (g, c, e) at positions start .. start+n-1. */
  storeKv(
    k: A,
    v: A,
    kCache: H,
    vCache: H,
    start: number,
    n: number,
    kvHeads: number,
    headDim: number,
  ): void;

  /**
   * Causal grouped-query attention for n new tokens at cache slots start .. start+n-1 over the
   * caches (g, c, e) (which already hold them). q: (n, h, e); out: (n, h, e). Scores are
   * f32(q·k) · scale (default 1/√e); with a sliding window W the row at slot s attends slots
   * s − W + 1 … s only (the others weigh exactly 0), else every slot up to s.
   */
  attention(
    q: A,
    kCache: H,
    vCache: H,
    start: number,
    n: number,
    heads: number,
    kvHeads: number,
    headDim: number,
    out: A,
    options?: AttentionOptions,
  ): void;

  /** out (len) = silu(gate) * up. `out` may equal `gate`. */
  swiglu(gate: A, up: A, length: number, out: A): void;

  /**
   * out (len) = gelu_tanh(gate) * up, GELU as ggml's CPU backend computes it (GGML_GELU_FP16):
   * 0 for gate ≤ −10, gate itself for gate ≥ 10, else an f16 table lookup at f16(gate) — see
   * ./gelu-table.ts. `out` may equal `gate`.
   */
  geglu(gate: A, up: A, length: number, out: A): void;

  /**
   * out = x · s, element-wise over `length`, one f32 product each (ggml_scale: Gemma's √d
   * embedding scale and its query scale before the F16 K·q of attention). `out` may equal `x`.
   */
  scale(x: A, s: number, length: number, out: A): void;

  /** out = a + b, element-wise over `length`. `out` may alias either. */
  add(a: A, b: A, length: number, out: A): void;

  /** Frees everything this instance holds (weights, buffers, workers). */
  dispose(): void | Promise<void>;
}
