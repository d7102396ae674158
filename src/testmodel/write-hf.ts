/**
 * The Hugging Face form of a generated model: config.json, weights (single or sharded),
 * tokenizer.json, tokenizer_config.json with the chat template, generation_config.json.
 * Same values as the GGUF of the same seed (F32/F16/BF16 bytes are identical).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeSafetensorsFolder, type SafetensorsToWrite } from "../formats/safetensors/writer.ts";
import { GgmlType } from "../tensor/dtypes.ts";
import { quantizeRows } from "../tensor/quantize.ts";
import type { TestArch, TestShape } from "./shapes.ts";
import { tensorSpecs, tensorValues } from "./tensors.ts";
import type { HfTokenizerFiles } from "./vocab.ts";

const DTYPE = { f32: { st: "F32", type: GgmlType.F32, bytes: 4, torch: "float32" }, f16: { st: "F16", type: GgmlType.F16, bytes: 2, torch: "float16" }, bf16: { st: "BF16", type: GgmlType.BF16, bytes: 2, torch: "bfloat16" } } as const;

export async function writeTestHfFolder(
  dir: string,
  shape: TestShape,
  dtype: "f32" | "f16" | "bf16",
  seed: number,
  template: string,
  files: HfTokenizerFiles,
  options: { arch?: TestArch; shardBytes?: number; onProgress?: (valuesDone: number, values: number) => void } = {},
): Promise<void> {
  const { arch = "qwen3", shardBytes = 2 * 1024 ** 3, onProgress } = options;
  await mkdir(dir, { recursive: true });
  const d = DTYPE[dtype];
  const specs = tensorSpecs(shape, arch);
  const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
  const total = specs.reduce((a, spec) => a + count(spec.dims), 0);
  let done = 0;
  const tensors: SafetensorsToWrite[] = specs.map((spec) => {
    const n = spec.dims.reduce((a, b) => a * b, 1);
    // Norm weights stay F32 in GGUF; HF keeps every tensor in the checkpoint dtype.
    return {
      name: spec.hfName,
      dtype: d.st,
      shape: [...spec.dims].reverse(),
      byteLength: n * d.bytes,
      data: () => {
        const bytes = quantizeRows(d.type, tensorValues(spec, seed), 1, n);
        onProgress?.((done += count(spec.dims)), total);
        return bytes;
      },
    };
  });
  await writeSafetensorsFolder(dir, tensors, shardBytes);
  const config = arch === "gemma3" ? gemma3Config(shape, d.torch) : {
    architectures: [arch === "qwen2" ? "Qwen2ForCausalLM" : "Qwen3ForCausalLM"],
    model_type: arch,
    attention_bias: arch === "qwen2",
    attention_dropout: 0,
    bos_token_id: 151643,
    eos_token_id: 151645,
    head_dim: shape.headDim,
    hidden_act: "silu",
    hidden_size: shape.hidden,
    initializer_range: 0.02,
    intermediate_size: shape.ffn,
    max_position_embeddings: shape.context,
    max_window_layers: shape.layers,
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    num_key_value_heads: shape.kvHeads,
    rms_norm_eps: shape.rmsEps,
    rope_scaling: null,
    rope_theta: shape.ropeTheta,
    sliding_window: null,
    tie_word_embeddings: shape.tied,
    torch_dtype: d.torch,
    use_cache: true,
    use_sliding_window: false,
    vocab_size: shape.vocab,
  };
  const generation = arch === "gemma3"
    ? { bos_token_id: 2, do_sample: true, eos_token_id: [1, 106], pad_token_id: 0, top_k: 64, top_p: 0.95 }
    : { bos_token_id: 151643, do_sample: true, eos_token_id: [151645, 151643], pad_token_id: 151643, temperature: 0.6, top_k: 20, top_p: 0.95 };
  await writeFile(join(dir, "config.json"), JSON.stringify(config, null, 2));
  await writeFile(join(dir, "generation_config.json"), JSON.stringify(generation, null, 2));
  await writeFile(join(dir, "tokenizer.json"), files.tokenizerJson);
  await writeFile(join(dir, "tokenizer_config.json"), JSON.stringify({ ...files.tokenizerConfig, chat_template: template }, null, 2));
}

/** A Gemma3ForCausalLM config.json (model_type gemma3_text), as the text checkpoints ship it. */
function gemma3Config(shape: TestShape, torchDtype: string): Record<string, unknown> {
  return {
    architectures: ["Gemma3ForCausalLM"],
    model_type: "gemma3_text",
    attention_bias: false,
    attn_logit_softcapping: null,
    bos_token_id: 2,
    eos_token_id: [1, 106],
    final_logit_softcapping: null,
    head_dim: shape.headDim,
    hidden_activation: "gelu_pytorch_tanh",
    hidden_size: shape.hidden,
    intermediate_size: shape.ffn,
    max_position_embeddings: shape.context,
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    num_key_value_heads: shape.kvHeads,
    pad_token_id: 0,
    query_pre_attn_scalar: shape.queryPreAttnScalar ?? shape.headDim,
    rms_norm_eps: shape.rmsEps,
    rope_local_base_freq: shape.ropeThetaLocal ?? 10000,
    rope_scaling: shape.ropeScaling ? { factor: shape.ropeScaling, rope_type: "linear" } : null,
    rope_theta: shape.ropeTheta,
    sliding_window: shape.window,
    sliding_window_pattern: shape.swaPattern ?? 6,
    torch_dtype: torchDtype,
    use_cache: true,
    vocab_size: shape.vocab,
  };
}
