/**
 * A micro Qwen3 GGUF (a few KB: 2 layers, hidden 32, a 300-token byte-level vocabulary) that
 * loads through the real loader. Corruption tests mutate it thousands of times cheaply.
 */
import { encodeHeader, type GgufToWrite } from "../../src/formats/gguf/writer.ts";
import { GgmlType } from "../../src/tensor/dtypes.ts";
import { quantizeRows } from "../../src/tensor/quantize.ts";
import { BYTE_TO_CHAR } from "../../src/tokenizer/byte-level.ts";
import { Rng } from "../../src/sampling/rng.ts";

export function microGgufSpec(): GgufToWrite {
  const d = 32, ffn = 64, heads = 2, kv = 1, e = 16, layers = 2;
  const tokens = [...BYTE_TO_CHAR];
  const merges: string[] = [];
  for (const [a, b] of [["t", "h"], ["th", "e"], ["Ġ", "t"], ["i", "n"]]) { merges.push(`${a} ${b}`); tokens.push(a! + b!); }
  while (tokens.length < 298) tokens.push(`[PAD${tokens.length}]`);
  tokens.push("<|im_end|>", "<|endoftext|>");
  const types = tokens.map((t, i) => (i >= 298 ? 3 : t.startsWith("[PAD") ? 5 : 1));
  const rng = new Rng(9, "micro");
  const mat = (name: string, cols: number, rows: number, type: number = GgmlType.F32) => ({
    name, type, dims: [cols, rows],
    data: quantizeRows(type, rng.fillNormal(new Float32Array(rows * cols), 0, 0.2), rows, cols),
  });
  const vec = (name: string, n: number) => ({ name, type: GgmlType.F32, dims: [n], data: quantizeRows(GgmlType.F32, new Float32Array(n).fill(1), 1, n) });
  const tensors = [mat("token_embd.weight", d, tokens.length), vec("output_norm.weight", d)];
  for (let i = 0; i < layers; i++) {
    const b = `blk.${i}.`;
    tensors.push(
      vec(b + "attn_norm.weight", d), mat(b + "attn_q.weight", d, heads * e, GgmlType.Q8_0), mat(b + "attn_k.weight", d, kv * e),
      mat(b + "attn_v.weight", d, kv * e), vec(b + "attn_q_norm.weight", e), vec(b + "attn_k_norm.weight", e),
      mat(b + "attn_output.weight", heads * e, d), vec(b + "ffn_norm.weight", d), mat(b + "ffn_gate.weight", d, ffn),
      mat(b + "ffn_up.weight", d, ffn), mat(b + "ffn_down.weight", ffn, d),
    );
  }
  return {
    metadata: [
      ["general.architecture", { type: "string", value: "qwen3" }],
      ["general.name", { type: "string", value: "micro" }],
      ["qwen3.block_count", { type: "u32", value: layers }],
      ["qwen3.context_length", { type: "u32", value: 256 }],
      ["qwen3.embedding_length", { type: "u32", value: d }],
      ["qwen3.feed_forward_length", { type: "u32", value: ffn }],
      ["qwen3.attention.head_count", { type: "u32", value: heads }],
      ["qwen3.attention.head_count_kv", { type: "u32", value: kv }],
      ["qwen3.attention.key_length", { type: "u32", value: e }],
      ["qwen3.attention.value_length", { type: "u32", value: e }],
      ["qwen3.rope.freq_base", { type: "f32", value: 1e6 }],
      ["qwen3.attention.layer_norm_rms_epsilon", { type: "f32", value: 1e-6 }],
      ["tokenizer.ggml.model", { type: "string", value: "gpt2" }],
      ["tokenizer.ggml.pre", { type: "string", value: "qwen2" }],
      ["tokenizer.ggml.tokens", { type: "array", itemType: "string", value: tokens }],
      ["tokenizer.ggml.token_type", { type: "array", itemType: "i32", value: types }],
      ["tokenizer.ggml.merges", { type: "array", itemType: "string", value: merges }],
      ["tokenizer.ggml.eos_token_id", { type: "u32", value: 298 }],
      ["tokenizer.chat_template", { type: "string", value: "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n<think>\n{% endif %}" }],
    ],
    tensors,
  };
}

/** The whole micro file as bytes, plus each tensor's absolute data offset. */
export function microGgufBytes(spec = microGgufSpec()): { bytes: Uint8Array; dataOffsets: number[] } {
  const { header, offsets, sizes } = encodeHeader(spec);
  const total = header.length + offsets[offsets.length - 1]! + Math.ceil(sizes[sizes.length - 1]! / 32) * 32;
  const bytes = new Uint8Array(total);
  bytes.set(header);
  spec.tensors.forEach((t, i) => bytes.set(t.data as Uint8Array, header.length + offsets[i]!));
  return { bytes, dataOffsets: offsets.map((o) => header.length + o) };
}
