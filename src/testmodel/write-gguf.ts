/** The GGUF form of a generated model: metadata as convert_hf_to_gguf.py writes for its architecture. */
import { writeGguf } from "../formats/gguf/writer.ts";
import type { GgufTypedValue } from "../formats/gguf/types.ts";
import { dequantizeRows, quantizeRows, QUANTIZABLE } from "../tensor/quantize.ts";
import { randomRows } from "../tensor/random-blocks.ts";
import { Rng } from "../sampling/rng.ts";
import { GgmlType } from "../tensor/dtypes.ts";
import { FILE_TYPE, defaultTypeOf, tensorType, type TestDtype } from "./quant-mix.ts";
import type { TestArch, TestShape } from "./shapes.ts";
import { tensorSpecs, tensorValues } from "./tensors.ts";
import { ggufVocabMetadata, type HfTokenizerFiles } from "./vocab.ts";

export async function writeTestGguf(
  out: string,
  shape: TestShape,
  dtype: TestDtype,
  seed: number,
  name: string,
  template: string,
  files: HfTokenizerFiles,
  options: {
    arch?: TestArch;
    /** The vocabulary's metadata (default: the byte-level BPE form of `files`). */
    vocab?: Array<[string, GgufTypedValue]>;
    pure?: boolean;
    onProgress?: (valuesDone: number, values: number) => void;
  } = {},
): Promise<void> {
  const { arch = "qwen3", vocab = ggufVocabMetadata(files, shape.vocab), pure = false, onProgress } = options;
  const md: Array<[string, GgufTypedValue]> = [
    ["general.architecture", { type: "string", value: arch }],
    ["general.type", { type: "string", value: "model" }],
    ["general.name", { type: "string", value: name }],
    ["general.file_type", { type: "u32", value: FILE_TYPE[dtype] }],
    [`${arch}.block_count`, { type: "u32", value: shape.layers }],
    [`${arch}.context_length`, { type: "u32", value: shape.context }],
    [`${arch}.embedding_length`, { type: "u32", value: shape.hidden }],
    [`${arch}.feed_forward_length`, { type: "u32", value: shape.ffn }],
    [`${arch}.attention.head_count`, { type: "u32", value: shape.heads }],
    [`${arch}.attention.head_count_kv`, { type: "u32", value: shape.kvHeads }],
    [`${arch}.rope.freq_base`, { type: "f32", value: shape.ropeTheta }],
    [`${arch}.attention.layer_norm_rms_epsilon`, { type: "f32", value: shape.rmsEps }],
    [`${arch}.attention.key_length`, { type: "u32", value: shape.headDim }],
    [`${arch}.attention.value_length`, { type: "u32", value: shape.headDim }],
    ...archMetadata(arch, shape),
    ...vocab,
    ["tokenizer.chat_template", { type: "string", value: template }],
  ];
  const base = defaultTypeOf(dtype);
  if (base !== GgmlType.F32 && base !== GgmlType.F16 && base !== GgmlType.BF16) md.push(["general.quantization_version", { type: "u32", value: 2 }]);
  // convert_hf_to_gguf stores 1-D tensors as F32 converted from the checkpoint's dtype, so a
  // F16/BF16 model's norms hold F16/BF16-representable values — as in the safetensors form.
  const checkpoint = dtype === "f16" ? GgmlType.F16 : dtype === "bf16" ? GgmlType.BF16 : GgmlType.F32;
  const rngs = new Map<string, Rng>();
  const blocks = (name: string) => {
    let r = rngs.get(name);
    if (!r) rngs.set(name, (r = new Rng(seed, `${name}:blocks`)));
    return r.uniform();
  };
  const specs = tensorSpecs(shape, arch);
  const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
  const total = specs.reduce((a, spec) => a + count(spec.dims), 0);
  let done = 0;
  const tensors = specs.map((spec) => {
    const type = tensorType(spec, dtype, { layers: shape.layers, gqa: shape.heads / shape.kvHeads, tied: shape.tied }, pure);
    const rows = spec.dims.length === 1 ? 1 : spec.dims[1]!;
    const values = () => {
      let v = tensorValues(spec, seed);
      if (spec.dims.length !== 1) return v;
      if (checkpoint !== GgmlType.F32) v = dequantizeRows(checkpoint, quantizeRows(checkpoint, v, 1, v.length), 1, v.length);
      // Gemma's norms are (1 + w): the converter adds the 1 in the checkpoint's dtype.
      if (spec.gemmaNorm) {
        v = v.map((x) => x + 1);
        if (checkpoint !== GgmlType.F32) v = dequantizeRows(checkpoint, quantizeRows(checkpoint, v, 1, v.length), 1, v.length);
      }
      return v;
    };
    return {
      name: spec.name,
      type,
      dims: spec.dims,
      // The grid I-quants have no quantizer: random valid blocks at the tensor's spread.
      data: () => {
        const bytes = QUANTIZABLE.has(type) ? quantizeRows(type, values(), rows, spec.dims[0]!) : randomRows(type, rows, spec.dims[0]!, spec.std, () => blocks(spec.name));
        onProgress?.((done += count(spec.dims)), total);
        return bytes;
      },
    };
  });
  await writeGguf(out, { metadata: md, tensors });
}

/** The architecture's own keys (convert_hf_to_gguf's Gemma3Model: sliding window, linear RoPE scaling). */
function archMetadata(arch: TestArch, shape: TestShape): Array<[string, GgufTypedValue]> {
  if (arch !== "gemma3") return [];
  const md: Array<[string, GgufTypedValue]> = [];
  if (shape.window) md.push([`${arch}.attention.sliding_window`, { type: "u32", value: shape.window }]);
  if (shape.ropeScaling) {
    md.push([`${arch}.rope.scaling.type`, { type: "string", value: "linear" }], [`${arch}.rope.scaling.factor`, { type: "f32", value: shape.ropeScaling }]);
  }
  return md;
}
