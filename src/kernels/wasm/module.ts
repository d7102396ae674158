/**
 * Compiles the kernels module once per process and picks the variant: relaxed SIMD when the
 * engine validates it AND a self-test gives bit-identical integer dot products to the plain
 * SIMD build (Node 20 accepted relaxed SIMD behind a flag with wrong results), else plain SIMD.
 */
import { wasmBase64 as simdBase64 } from "./generated/kernels-simd.ts";
import { wasmBase64 as relaxedBase64 } from "./generated/kernels-relaxed.ts";
import { fillTables, instantiate, IQ_TABLES, RESERVED_BYTES, type KernelExports } from "./exports.ts";
import { WasmUnavailableError } from "./errors.ts";
import { GgmlType } from "../../tensor/dtypes.ts";

export interface KernelModule {
  readonly module: WebAssembly.Module;
  /** "relaxed" or "simd". */
  readonly variant: "relaxed" | "simd";
  /**
   * The relaxed byte dot multiplies unsigned bytes exactly (x86 VNNI), so Q8_0 batches may use
   * assembly/q8-bytedot.ts. Relaxed SIMD promises exact results only for bytes < 128; pmaddubsw
   * lowerings saturate and Arm's sdot reads the bytes as signed, so the self-test decides.
   */
  readonly byteDot: boolean;
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** An instance of the module on a small fresh memory of its own, for the self-tests. */
function probeInstance(module: WebAssembly.Module): { k: KernelExports; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: 8, maximum: 8, shared: true });
  fillTables(memory);
  return { k: instantiate(module, memory), memory };
}

/** One K-quant matvec on fixed pseudo-random blocks; returns the f32 results' bits. */
function probe(module: WebAssembly.Module): Uint32Array {
  const { k, memory } = probeInstance(module);
  const bytes = new Uint8Array(memory.buffer);
  let seed = 12345;
  for (let i = RESERVED_BYTES; i < RESERVED_BYTES + 8192; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  const view = new DataView(memory.buffer);
  const w = RESERVED_BYTES;
  const x = RESERVED_BYTES + 4096;
  view.setUint16(w, 0x3c00, true); // repacked Q4_K: f16 d 1, dmin 0.5 (Q5_K reads them as f32 d)
  view.setUint16(w + 2, 0x3800, true);
  view.setFloat32(w + 4, 0.5, true); // repacked Q5_K dmin; the rest stays random
  view.setUint16(w + 208, 0x3c00, true); // Q6_K d
  view.setFloat32(x, 0.5, true); // Q8_K d
  for (let i = 0; i < 256; i++) if (bytes[x + 4 + i] === 0x80) bytes[x + 4 + i] = 0x81; // Q8_K never holds -128
  const y = RESERVED_BYTES + 8192;
  const tmp = y + 64;
  const out = new Uint32Array(3);
  [GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K].forEach((type, i) => {
    k.matmulRows(type, w, 256, 256, 1, x, 1, y + 4 * i, 0, 1, tmp); // 256-byte row stride, 1 block
    out[i] = view.getUint32(y + 4 * i, true);
  });
  return out;
}

/** Does the module's byte dot give exact sums of unsigned × signed bytes, extremes included? */
function probeByteDot(module: WebAssembly.Module): boolean {
  const { k } = probeInstance(module);
  const cases: [number, number][] = [[-128, 255], [127, 255], [-1, 128], [-128, 128], [127, 1]];
  return cases.every(([a, b]) => k.probeByteDot(a, b) === 4 * a * b);
}

let cached: KernelModule | undefined;

/** Compiles (once) and returns the fastest working variant. `relaxed: false` forces plain SIMD. */
export async function loadKernelModule(relaxed = true): Promise<KernelModule> {
  if (typeof SharedArrayBuffer === "undefined") throw new WasmUnavailableError("no SharedArrayBuffer");
  if (cached && (relaxed || cached.variant === "simd")) return cached;
  let simd: WebAssembly.Module;
  try {
    simd = await WebAssembly.compile(decode(simdBase64));
  } catch (e) {
    throw new WasmUnavailableError("the SIMD kernels module did not compile", e);
  }
  // The host writes the I-quant tables where the module reads them (layout.ts IQ_TABLES; a stale build reads elsewhere).
  const at = probeInstance(simd).k.iqTablesAt();
  if (at !== IQ_TABLES) throw new WasmUnavailableError(`the kernels module reads its I-quant tables at ${at}, the host writes them at ${IQ_TABLES}: rebuild it (npm run build:wasm)`);
  const chosen: KernelModule = relaxed ? await tryRelaxed(simd) : { module: simd, variant: "simd", byteDot: false };
  if (relaxed) cached = chosen;
  return chosen;
}

async function tryRelaxed(simd: WebAssembly.Module): Promise<KernelModule> {
  const bytes = decode(relaxedBase64);
  if (!WebAssembly.validate(bytes)) return { module: simd, variant: "simd", byteDot: false };
  try {
    const relaxed = await WebAssembly.compile(bytes);
    const a = probe(simd);
    const b = probe(relaxed);
    if (a.every((v, i) => v === b[i])) return { module: relaxed, variant: "relaxed", byteDot: probeByteDot(relaxed) };
  } catch {
    // fall through to plain SIMD
  }
  return { module: simd, variant: "simd", byteDot: false };
}

/** Runs the relaxed-SIMD self-test and reports both results (for tests and diagnostics). */
export async function relaxedSelfTest(): Promise<{ validates: boolean; simd: Uint32Array; relaxed?: Uint32Array; byteDot?: boolean }> {
  const simd = probe(await WebAssembly.compile(decode(simdBase64)));
  const bytes = decode(relaxedBase64);
  if (!WebAssembly.validate(bytes)) return { validates: false, simd };
  const relaxed = await WebAssembly.compile(bytes);
  return { validates: true, simd, relaxed: probe(relaxed), byteDot: probeByteDot(relaxed) };
}
