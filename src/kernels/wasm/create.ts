/**
 * createWasmKernels: compiles the kernels module (relaxed SIMD when it passes its self-test),
 * sets up the shared memories, starts the worker threads and warms the kernels up so V8's
 * optimizing tier has compiled them before the first token.
 */
import { GgmlType } from "../../tensor/dtypes.ts";
import { instantiate, setByteDot } from "./exports.ts";
import type { DecodeStreamsOption } from "./decode-tuner.ts";
import { Memories } from "./memories.ts";
import { loadKernelModule } from "./module.ts";
import { KQ_PROMPT_ENV, WasmKernels, type KqPromptPath } from "./kernels.ts";
import { WasmBadArgumentError } from "./errors.ts";
import { ThreadPool } from "../threads/pool.ts";
import { CTRL_INTS } from "../threads/protocol.ts";
import { defaultThreads } from "../threads/spawn.ts";

export interface WasmKernelOptions {
  /** Participating threads including the caller; default: the cores the runtime reports. */
  threads?: number;
  /** Use relaxed SIMD when it passes its self-test (default true). */
  relaxed?: boolean;
  /**
   * Shared memories of up to 4 GiB each (weights beyond 4 GiB are spread over them).
   * Default 4 in Node (16 GiB: MedPsy-4B BF16 fits), 1 in a browser.
   */
  memories?: number;
  /** Bytes to reserve up front in the first memory (it grows on demand anyway). */
  initialBytes?: number;
  /** Run each kernel briefly at start so V8 tiers it up (default true). */
  warmUp?: boolean;
  /**
   * Q8_0 batches (prompts) on the CPU's unsigned byte dot when the self-test finds it exact
   * (x86 VNNI; default true). Same results either way; false measures or tests the portable path.
   */
  byteDot?: boolean;
  /**
   * How decode reads weights from memory: "long" sequential streams, several "short" ones side
   * by side, or "auto" (default): both are timed during the first decode steps and the faster
   * one stays (decode-tuner.ts). The best depends on the host's memory system; results are the
   * same bits either way.
   */
  decodeStreams?: DecodeStreamsOption;
  /**
   * Which kernels Q4_K / Q6_K batches take (kernels.ts KqPromptPath): "auto" (default), or one
   * forced — "bytedot", "pairsum" (16-row tiles from 4 tokens on that dot; relaxed build only),
   * "blocks" (never the tiles). Same bits on every path; forcing lets any host test each. In
   * Node, the environment variable MEDPSY_WASM_KQ_PROMPT gives it when the option is absent.
   */
  kqPrompt?: KqPromptPath;
}

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

export async function createWasmKernels(options: WasmKernelOptions = {}): Promise<WasmKernels> {
  const threads = Math.floor(options.threads ?? (await defaultThreads()));
  const count = Math.floor(options.memories ?? (isNode ? 4 : 1));
  if (!(threads >= 1 && threads <= 256)) throw new WasmBadArgumentError("bad thread count", "1 … 256", String(options.threads));
  if (!(count >= 1 && count <= 16)) throw new WasmBadArgumentError("bad memory count", "1 … 16", String(options.memories));
  const decodeStreams = options.decodeStreams ?? "auto";
  if (!["auto", "long", "short"].includes(decodeStreams)) {
    throw new WasmBadArgumentError("bad decodeStreams option", `"auto", "long" or "short"`, JSON.stringify(decodeStreams));
  }
  const { module, variant, byteDot: canByteDot } = await loadKernelModule(options.relaxed ?? true);
  const byteDot = canByteDot && (options.byteDot ?? true);
  const mem = new Memories(count, options.initialBytes);
  for (const m of mem.memories) setByteDot(m, byteDot);
  const k = mem.memories.map((m) => instantiate(module, m));
  const ctrlPtr = mem.heaps[0]!.alloc(CTRL_INTS * 4);
  const pool = await ThreadPool.start(threads, module, mem.memories, ctrlPtr, k);
  const kqPrompt = options.kqPrompt ?? ((isNode ? process.env[KQ_PROMPT_ENV] : undefined) || "auto") as KqPromptPath;
  let kernels: WasmKernels;
  try {
    kernels = new WasmKernels(mem, k, pool, byteDot ? `${variant}+bytedot` : variant, decodeStreams, byteDot, kqPrompt);
  } catch (e) {
    await pool.dispose();
    throw e;
  }
  if (options.warmUp ?? true) warmUp(kernels);
  return kernels;
}

/**
 * ~100 small matmuls per type (one token, as in decode) and ~20 of 16 tokens (the batched
 * prompt kernels), decode under both weight-reading patterns, plus attention: enough calls for
 * V8 to tier the hot loops up.
 */
function warmUp(K: WasmKernels): void {
  const cols = 256, rows = 64, batch = 16;
  const x = new Float32Array(batch * cols).map((_, i) => Math.sin(i));
  const y = new Float32Array(batch * rows);
  const T = GgmlType;
  for (const type of [T.F32, T.F16, T.BF16, T.Q8_0, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q4_K, T.Q5_K, T.Q6_K]) {
    const up = K.allocWeight("warm-up", type, rows, cols);
    up.commit();
    for (let i = 0; i < 100; i++) K.matmul(up.handle, x, 1, y);
    for (let i = 0; i < 20; i++) K.matmul(up.handle, x, batch, y);
  }
  // Decode's two weight-reading patterns (decode-tuner.ts) on a weight tall enough for two
  // threads' 64-row chunks, so both patterns' kernels are optimized before the tuner times them
  // (each under 1 MiB: not timed itself).
  const tall = new Float32Array(256).map((_, i) => Math.cos(i)), tallOut = new Float32Array(1024);
  for (const type of [T.F16, T.BF16, T.Q8_0, T.Q4_K, T.Q6_K]) {
    const up = K.allocWeight("warm-up", type, 1024, 256);
    up.commit();
    for (const pattern of ["short", "long"] as const) K.withDecodeStreams(pattern, () => { for (let i = 0; i < 20; i++) K.matmul(up.handle, tall, 1, tallOut); });
  }
  const e = 64, t = 16;
  const kc = K.allocF16(t * e), vc = K.allocF16(t * e);
  const q = new Float32Array(4 * e), out = new Float32Array(4 * e);
  for (let i = 0; i < 50; i++) {
    K.attention(q, kc, vc, t - 1, 1, 2, 1, e, out); // decode
    K.attention(q, kc, vc, t - 2, 2, 2, 1, e, out); // a prompt's token pairs
  }
}
