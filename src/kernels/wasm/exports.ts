import { GgmlType, byteSize } from "../../tensor/dtypes.ts";
import { BYTE_DOT_FLAG, DECODE_SHORT_FLAG, F16_LUT, IQ_TABLES, KCONST, KCONST_EXP, KCONST_EXP_COUNT, KCONST_PATTERNS, KCONST_TAIL, KQ_BYTE_DOT_FLAG, Q4K_TILE_MIN_TOKENS, Q6K_TILE_MIN_TOKENS } from "./layout.ts";
import { IQ1S_BYTES, IQ2S_BYTES, IQ2XS_BYTES, IQ2XXS_BYTES, IQ3S_BYTES, IQ3XXS_BYTES, KSIGNS, KVALUES_IQ4NL } from "../../tensor/iq-tables.ts";

/** The functions the kernels module exports (see assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  actRowBytes(type: number, cols: number): number;
  actBytes(type: number, cols: number, n: number): number;
  quantizeActs(type: number, x: number, cols: number, xq: number, n: number, r0: number, r1: number, tmp: number): number;
  repackK(w: number, nb: number, type: number, tmp: number): void;
  repackQ8_0(w: number, rows: number, nb: number, tmp: number): void;
  dequantizeQ8_0(w: number, rowBytes: number, rows: number, r: number, cols: number, out: number): void;
  matmulRows(
    type: number, w: number, rowBytes: number, cols: number, rows: number,
    xq: number, n: number, y: number, r0: number, r1: number, tmp: number,
  ): void;
  dequantizeRow(type: number, w: number, cols: number, out: number, tmp: number): number;
  rmsNorm(x: number, weight: number, n: number, dim: number, eps: number, out: number): void;
  ropeNeox(x: number, n: number, heads: number, headDim: number, ropeDim: number, positions: number, theta: number, cache: number, freqScale: number): void;
  storeKv(k: number, v: number, kc: number, vc: number, start: number, n: number, kvHeads: number, e: number, cap: number): void;
  swiglu(gate: number, up: number, len: number, out: number): void;
  geglu(gate: number, up: number, len: number, out: number, table: number): void;
  scale(x: number, s: number, len: number, out: number): void;
  add(a: number, b: number, len: number, out: number): void;
  attention(
    q: number, kc: number, vc: number, start: number, n: number, heads: number, kvHeads: number, e: number, cap: number,
    out: number, scratch: number, item0: number, item1: number, scale: number, window: number,
  ): void;
  attentionPairs(
    q: number, kc: number, vc: number, start: number, n: number, heads: number, kvHeads: number, e: number, cap: number,
    out: number, scratch: number, item0: number, item1: number, scale: number, window: number,
  ): void;
  attentionQuads(
    q: number, kc: number, vc: number, start: number, n: number, heads: number, kvHeads: number, e: number, cap: number,
    out: number, scratch: number, item0: number, item1: number, scale: number, window: number,
  ): void;
  f32ToF16(f: number): number;
  /** f32 → f16 → f32 rounding of n values (a multiple of 4), as attention rounds its queries. */
  roundF16Lanes(src: number, n: number, dst: number): void;
  countSubnormalRows(w: number, cols: number, r0: number, r1: number, counts: number): void;
  splitSubnormalRows(w: number, cols: number, r0: number, r1: number, rs: number, es: number): void;
  attachSubnormalTable(w: number, rs: number, es: number): void;
  restoreSubnormalF16(w: number, r: number, out: number): void;
  firstNonFinite(type: number, w: number, n: number): number;
  probeByteDot(a: number, b: number): number;
  tileBytes(type: number, cols: number): number;
  iqTablesAt(): number;
}

const T = GgmlType;

/** GGML type ids the module has dot products for. */
export const WASM_TYPES: ReadonlySet<number> = new Set([
  T.F32, T.F16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0, T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K,
  T.IQ2_XXS, T.IQ2_XS, T.IQ3_XXS, T.IQ1_S, T.IQ4_NL, T.IQ3_S, T.IQ2_S, T.IQ4_XS, T.IQ1_M, T.BF16,
]);

export { F16_LUT, IQ_TABLES, RESERVED_BYTES } from "./layout.ts";

/** Stored bytes per 256-element block → bytes after the commit-time repack (Q2_K to Q6_K, IQ4_XS: in place, same size). */
export const REPACKED_BLOCK: ReadonlyMap<number, [number, number]> = new Map([
  [T.Q2_K, [84, 84]], [T.Q3_K, [110, 110]], [T.Q4_K, [144, 144]], [T.Q5_K, [176, 176]], [T.Q6_K, [210, 210]], [T.IQ4_XS, [136, 136]],
]);

/** Bytes of one row of `cols` elements of `type` as held in memory (after any repack). */
export function heldRowBytes(type: number, cols: number): number | undefined {
  const stored = byteSize(type, cols);
  const repack = REPACKED_BLOCK.get(type);
  return stored !== undefined && repack ? (stored / repack[0]) * repack[1] : stored;
}

/** Types whose activations are plain Q8_K rows (assembly/matmul.ts quantizeActs). */
const PLAIN_Q8_K: ReadonlySet<number> = new Set([T.IQ2_XXS, T.IQ2_XS, T.IQ3_XXS, T.IQ1_S, T.IQ3_S, T.IQ2_S, T.IQ1_M]);

/**
 * Weights whose activations are quantized alike share a key (a type id standing for the format:
 * Q4_K for Q8_Kp, Q5_K for plain Q8_K, Q4_0 for Q8_0): the interleaved Q2_K to Q6_K and
 * IQ4_XS read Q8_Kp; the other 256-element I-quants plain Q8_K; IQ4_NL, Q4_0 and
 * Q5_0 Q8_0. One fused matmul pass can serve a key's weights.
 */
export function activationFormat(type: number): number {
  if (type === T.Q2_K || type === T.Q3_K || type === T.Q5_K || type === T.Q6_K || type === T.IQ4_XS) return T.Q4_K;
  if (PLAIN_Q8_K.has(type)) return T.Q5_K;
  if (type === T.IQ4_NL || type === T.Q5_0) return T.Q4_0;
  return type;
}

/** The bytes each 16-byte constant at layout.ts KCONST repeats, little-endian (see assembly/consts.ts). */
const KCONST_BYTES = [
  [0x0f], [0x30], [0x01], [0xff, 0x00], [0x00, 0xe0, 0xff, 0x8f], [0x00, 0x00, 0x80, 0x77], [63, 0], [127, 0, 0, 0],
  // IQ4_XS scale decoding (assembly/iq4xs.ts scalesOf): byte k >> 2 to each byte k, then the i16
  // multipliers moving scales_l's nibble k (×4096, ×1 alternating) and scales_h's field k (×2^(14−2k)) to the top.
  [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3], [0x00, 0x10, 0x01, 0x00],
  [0x00, 0x40, 0x00, 0x10, 0x00, 0x04, 0x00, 0x01, 0x40, 0x00, 0x10, 0x00, 0x04, 0x00, 0x01, 0x00],
];

/** f32x4 splats at layout.ts KCONST_EXP (assembly/consts.ts expF32x4): e^x's constants. */
const KCONST_F32 = [Math.LOG2E, 0.693359375, -2.12194440e-4, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1, -86, 88.3];

// layout.ts sizes the areas these lists fill; the kernels read them there.
if (KCONST_BYTES.length !== KCONST_PATTERNS || KCONST_F32.length !== KCONST_EXP_COUNT) throw new Error("exports.ts constants disagree with layout.ts");

/**
 * From how many tokens Q4_K matmuls unpack each 16-row tile once (assembly/kq-prompt.ts) rather
 * than once per 4 tokens: 8 concurrent sequences' decode steps already gain from it
 * (bench/batch-kernels.ts; BENCHMARKS.md, "batched decode").
 */
export const Q4K_TILE_MIN_TOKENS_DEFAULT = 8;
/** Q6_K's 4-token kernel unpacks cheaply: the tiles pay from 16 tokens. */
export const Q6K_TILE_MIN_TOKENS_DEFAULT = 16;

/** Prepares a fresh memory for the kernels: vector constants (byte dot off) and the f16 table. */
export function fillTables(memory: WebAssembly.Memory): void {
  const c = new Uint8Array(memory.buffer, KCONST, 16 * KCONST_BYTES.length);
  KCONST_BYTES.forEach((pat, i) => {
    for (let j = 0; j < 16; j++) c[16 * i + j] = pat[j % pat.length]!;
  });
  new Float32Array(memory.buffer, KCONST_EXP, 4 * KCONST_F32.length).set(KCONST_F32.flatMap((v) => [v, v, v, v]));
  new Uint8Array(memory.buffer, KCONST_TAIL, 16).fill(0x80);
  setByteDot(memory, false);
  setDecodeStreams(memory, false);
  setQ4kTileMinTokens(memory, Q4K_TILE_MIN_TOKENS_DEFAULT);
  setKqTiles(memory, Q6K_TILE_MIN_TOKENS_DEFAULT, false);
  fillF16Table(memory);
  fillIqTables(memory);
}

/** Writes the I-quant tables in assembly/iq-tables.ts's order: grids, sign masks, ksigns, IQ4 levels. */
function fillIqTables(memory: WebAssembly.Memory): void {
  const grids = [IQ2XXS_BYTES, IQ2XS_BYTES, IQ2S_BYTES, IQ3XXS_BYTES, IQ3S_BYTES, Uint8Array.from(IQ1S_BYTES, (g) => g + 1)];
  let at = IQ_TABLES;
  const bytes = new Uint8Array(memory.buffer);
  for (const g of grids) {
    bytes.set(g, at);
    at += g.length;
  }
  for (let i = 0; i < 256; i++) for (let j = 0; j < 8; j++) bytes[at + 8 * i + j] = (i >> j) & 1 ? 0xff : 0;
  at += 256 * 8;
  bytes.set(KSIGNS, at);
  at += 128;
  bytes.set(Uint8Array.from(KVALUES_IQ4NL, (v) => v & 0xff), at);
}

/**
 * Turns the Q8_0 byte-dot kernels (assembly/q8-bytedot.ts) on or off for every instance on this
 * memory. Only for a relaxed module whose self-test showed an exact unsigned byte dot
 * (module.ts probeByteDot): elsewhere that instruction may saturate or read bytes as signed.
 */
export function setByteDot(memory: WebAssembly.Memory, on: boolean): void {
  new Int32Array(memory.buffer, BYTE_DOT_FLAG, 1)[0] = on ? 1 : 0;
}

/**
 * How decode reads weights in every instance on this memory: as long sequential streams
 * (false, the default) or as several short streams side by side (true). Same results either
 * way; which is faster depends on the host (assembly/matmul.ts decodeRows, decode-tuner.ts).
 */
export function setDecodeStreams(memory: WebAssembly.Memory, short: boolean): void {
  new Int32Array(memory.buffer, DECODE_SHORT_FLAG, 1)[0] = short ? 1 : 0;
}

/**
 * From how many tokens Q4_K matmuls on this memory take the tile kernels (assembly/consts.ts
 * q4kTileMinTokens). Same bits either way; set between ops, never during one.
 */
export function setQ4kTileMinTokens(memory: WebAssembly.Memory, tokens: number): void {
  new Int32Array(memory.buffer, Q4K_TILE_MIN_TOKENS, 1)[0] = Math.max(1, tokens | 0);
}

/**
 * From how many tokens Q6_K matmuls take the tile kernels, and whether the K-quant tile kernels
 * (Q4_K and Q6_K) take the relaxed byte dot or 16-bit pair sums (assembly/kq-prompt.ts). Both
 * dots are exact on every relaxed-SIMD host (the weights' values are below 128): same bits,
 * different speed. Set between ops, never during one.
 */
export function setKqTiles(memory: WebAssembly.Memory, q6kMinTokens: number, byteDot: boolean): void {
  new Int32Array(memory.buffer, Q6K_TILE_MIN_TOKENS, 1)[0] = Math.max(1, q6kMinTokens | 0);
  new Int32Array(memory.buffer, KQ_BYTE_DOT_FLAG, 1)[0] = byteDot ? 1 : 0;
}

/** Fills the f16 table of a fresh memory (exact conversion, subnormals included). */
function fillF16Table(memory: WebAssembly.Memory): void {
  const t = new Float32Array(memory.buffer, F16_LUT, 65536);
  for (let h = 0; h < 65536; h++) {
    const e = (h >> 10) & 31;
    const m = h & 1023;
    const v = e === 0 ? m * 2 ** -24 : e === 31 ? (m ? NaN : Infinity) : (1 + m / 1024) * 2 ** (e - 15);
    t[h] = h & 0x8000 ? -v : v;
  }
}

export function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
