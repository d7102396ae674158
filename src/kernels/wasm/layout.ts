/**
 * Addresses and sizes the host (TypeScript) and the kernels (AssemblyScript, assembly/*.ts import
 * "../layout") must agree on. Both compilers read this one file, so it holds plain integer
 * constants only: no imports, no types, no functions (asc infers i32 for each, tsc number).
 *
 * Memory below RESERVED_BYTES, as every instance sees it:
 *   0 … 4095        the module's static data (it has none: --runtime stub, no data segments)
 *   KCONST …        vector constants and the host's flags (exports.ts fillTables, assembly/consts.ts)
 *   IQ_TABLES …     the I-quant grids, sign masks and levels (exports.ts fillIqTables, assembly/iq-tables.ts)
 *   F16_LUT …       the f16 → f32 table, 65,536 f32 (assembly/f16.ts lutF16)
 */

/** Address of the vector constants: 16-byte splats the kernels load into locals before their loops. */
export const KCONST = 4096;
/** Byte-pattern splats first (exports.ts KCONST_PATTERNS; assembly/consts.ts maskLow4 … i32 127). */
export const KCONST_PATTERNS = 11;
/** Then the f32x4 splats of e^x's constants (exports.ts KCONST_F32; assembly/consts.ts expF32x4). */
export const KCONST_EXP = KCONST + 16 * KCONST_PATTERNS;
export const KCONST_EXP_COUNT = 11;
/** Then an i8x16 splat of 0x80 (assembly/consts.ts splat80), followed by the host's i32 flags. */
export const KCONST_TAIL = KCONST_EXP + 16 * KCONST_EXP_COUNT;
/** i32: the relaxed byte dot multiplies unsigned bytes exactly here (exports.ts setByteDot). */
export const BYTE_DOT_FLAG = KCONST_TAIL + 16;
/** i32: decode reads short streams (exports.ts setDecodeStreams). */
export const DECODE_SHORT_FLAG = KCONST_TAIL + 20;
/** i32: fewest tokens for the Q4_K tile kernels (exports.ts setQ4kTileMinTokens). */
export const Q4K_TILE_MIN_TOKENS = KCONST_TAIL + 24;
/** i32: fewest tokens for the Q6_K tile kernels (exports.ts setKqPrompt). */
export const Q6K_TILE_MIN_TOKENS = KCONST_TAIL + 28;
/** i32: the K-quant tile kernels take the relaxed byte dot, else 16-bit pair sums (exports.ts setKqPrompt). */
export const KQ_BYTE_DOT_FLAG = KCONST_TAIL + 32;
/** First byte past the constants and flags. */
export const KCONST_END = KCONST_TAIL + 48;

/** Where the I-quant tables start (assembly/iq-tables.ts lays them out from here). */
export const IQ_TABLES = 8192;

/** Address of the f16 → f32 table (65,536 f32). */
export const F16_LUT = 65536;
/** Below this: the reserved area above; the host's allocators start here. */
export const RESERVED_BYTES = F16_LUT + 65536 * 4;

/**
 * Each thread's kernel scratch (kernels.ts tmp, tmpStride apart) starts with this many bytes the
 * kernels use for themselves (activation quantizers, one-token dot products); a prompt's tile of
 * unpacked weight rows (assembly/matmul.ts tileBytes) follows at tmp + SCRATCH_HEAD.
 */
export const SCRATCH_HEAD = 64;
/** Bytes of scratch repackK uses for one block (assembly/dot-k.ts) and dequantizeRow for one unpacked block. */
export const BLOCK_SCRATCH = 512;

/** Bytes the host leaves before an F16 weight's first row, for its subnormals' side table. */
export const F16_HEAD = 64;
/** The side table's two u32 addresses (row starts, entries) lie this many bytes before the first row (assembly/f16-sparse.ts). */
export const F16_TABLE_REF = 16;

/**
 * Attention's scratch per thread (kernels.ts attention sizes it, assembly/attention.ts carves it),
 * in f32: the grouped kernels take 4 rows of e (their query rows, chunked), ATTENTION_TEMPS
 * temporaries, then 4 score rows and 4 weight rows of start + n; the one-head kernel 2 rows of e
 * (query, accumulator) and one score row.
 */
export const ATTENTION_TEMPS = 16;
