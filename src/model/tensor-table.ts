/**
 * One table per architecture lists the tensors a model of a given config has (as llama.cpp's
 * create_tensor calls do): GGUF name, shape, what it is (a matrix kept in its stored blocks, or
 * a vector dequantized to F32 — norms, biases), the field it fills, its Hugging Face name and
 * any transform the HF checkpoint needs. The same table drives validation (every tensor present,
 * expected, of a supported type and shape), the load order, and the weights object the forward
 * pass reads.
 *
 * Shapes are in GGUF order: [ne0, ne1] = [input features, output features].
 */
import type { Kernels, WeightHandle, WeightUpload } from "../kernels/types.ts";
import { TYPE_TRAITS, typeName, GgmlType } from "../tensor/dtypes.ts";
import { dequantizeRows } from "../tensor/quantize.ts";
import { MissingTensorError, TensorShapeMismatchError, UnexpectedTensorError, UnsupportedTensorTypeError } from "./errors.ts";
import { validateTensorData } from "./validate-data.ts";

/** A tensor as a model file presents it (GGUF, or safetensors mapped to GGUF names). */
export interface TensorEntry {
  name: string;
  type: number;
  /** GGUF order: dims[0] is the innermost (contiguous) dimension. */
  dims: number[];
  byteLength: number;
  /** Streams the stored bytes into `into` (exactly byteLength bytes). */
  read(into: Uint8Array): Promise<void>;
  /** Added to every value after loading (vectors only): the HF path's Gemma (1 + w) norms. */
  shift?: number;
}

export interface TensorDef {
  /** GGUF name, e.g. `blk.3.attn_q.weight`. */
  name: string;
  /** Field of the weights object (layer < 0) or of layer `layer`'s object. */
  key: string;
  /** -1 for model-level tensors. */
  layer: number;
  /** GGUF order. */
  dims: number[];
  /** `matrix`: held by the kernels in its stored block layout; `vector`: F32 constant (norms, biases). */
  kind: "matrix" | "vector";
  /** The Hugging Face checkpoint's name for it. */
  hf: string;
  /** Added to the values on the HF path only (GGUF converters fold it in): Gemma's (1 + w) norms. */
  hfShift?: number;
}

/** A model's loaded tensors: `A` is the kernels' F32 buffer type. */
export interface LoadedTensors<A> {
  model: Record<string, A | WeightHandle>;
  layers: Record<string, A | WeightHandle>[];
}

/** Tensors llama.cpp tolerates but does not use (e.g. precomputed rope frequencies). */
const IGNORED = new Set(["rope_freqs.weight"]);

/** Checks every tensor is present, expected, of a supported type and of the right shape. */
export function validateTensors(table: readonly TensorDef[], tensors: ReadonlyMap<string, TensorEntry>, architecture: string): void {
  const expected = new Set<string>();
  for (const def of table) {
    expected.add(def.name);
    const t = tensors.get(def.name);
    if (!t) throw new MissingTensorError(def.name);
    const dims = t.dims.slice();
    while (dims.length > def.dims.length && dims[dims.length - 1] === 1) dims.pop();
    if (dims.length !== def.dims.length || dims.some((d, i) => d !== def.dims[i])) {
      throw new TensorShapeMismatchError(def.name, def.dims, t.dims);
    }
    const traits = TYPE_TRAITS.get(t.type);
    const plain = t.type === GgmlType.F32 || t.type === GgmlType.F16 || t.type === GgmlType.BF16;
    if (!traits?.supported || (def.kind === "vector" && !plain)) {
      const supported = [...TYPE_TRAITS.values()].filter((x) => x.supported).map((x) => x.name);
      throw new UnsupportedTensorTypeError(def.name, typeName(t.type), def.kind === "vector" ? ["F32", "F16", "BF16"] : supported);
    }
    if (def.dims[0]! % traits.blockSize !== 0) throw new TensorShapeMismatchError(def.name, def.dims, t.dims);
  }
  for (const name of tensors.keys()) {
    if (!expected.has(name) && !IGNORED.has(name)) throw new UnexpectedTensorError(name, architecture);
  }
}

/**
 * Streams every tensor of the table into `kernels`, in table order, and returns them by field.
 * Reads run one tensor ahead of the commits: the next tensor's bytes stream in (I/O threads)
 * while this one is validated and repacked (this thread). Progress is reported in bytes.
 */
export async function loadTensors<A, H>(
  table: readonly TensorDef[],
  tensors: ReadonlyMap<string, TensorEntry>,
  kernels: Kernels<A, H>,
  architecture: string,
  onProgress?: (loaded: number, total: number) => void,
): Promise<LoadedTensors<A>> {
  validateTensors(table, tensors, architecture);
  let total = 0;
  for (const def of table) total += tensors.get(def.name)!.byteLength;
  let loaded = 0;

  interface Pending { up?: WeightUpload; bytes: Uint8Array; done: Promise<void> }
  const pending = new Map<number, Pending>();
  const begin = (i: number): Pending => {
    let p = pending.get(i);
    if (!p) {
      const def = table[i]!;
      const t = tensors.get(def.name)!;
      const up = def.kind === "matrix" ? kernels.allocWeight(def.name, t.type, t.dims[1] ?? 1, t.dims[0]!) : undefined;
      const bytes = up ? up.bytes : new Uint8Array(t.byteLength);
      const done = t.read(bytes);
      done.catch(() => {}); // a failure surfaces when this tensor is awaited, not as unhandled
      p = { up, bytes, done };
      pending.set(i, p);
    }
    return p;
  };

  const out: LoadedTensors<A> = { model: {}, layers: [] };
  for (let i = 0; i < table.length; i++) {
    const def = table[i]!;
    const t = tensors.get(def.name)!;
    const p = begin(i);
    if (i + 1 < table.length) begin(i + 1);
    await p.done;
    pending.delete(i);
    validateTensorData(def.name, t.type, p.bytes, p.up?.firstNonFinite?.bind(p.up));
    loaded += t.byteLength;
    onProgress?.(loaded, total);
    let value: A | WeightHandle;
    if (p.up) {
      if (t.shift) throw new RangeError(`${def.name}: a shift applies to vectors only`);
      p.up.commit();
      value = p.up.handle;
    } else {
      const values = dequantizeRows(t.type, p.bytes, 1, t.dims[0]!);
      if (t.shift) for (let j = 0; j < values.length; j++) values[j] = Math.fround(values[j]! + t.shift);
      // Held by the kernels (their memory, or the device): a vector from elsewhere would be staged on every call.
      value = kernels.constant(values);
    }
    if (def.layer < 0) out.model[def.key] = value;
    else (out.layers[def.layer] ??= {})[def.key] = value;
  }
  return out;
}
