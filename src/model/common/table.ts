/**
 * The frame of a decoder's tensor table (tensor-table.ts): the token embedding first, each
 * block's tensors (`blk.{i}.*`, Hugging Face `model.layers.{i}.*`), then the output norm and —
 * unless the head is tied to the embedding — the output head. An architecture's tensors.ts
 * lists only its block.
 */
import type { ModelConfig } from "../config.ts";
import type { TensorDef } from "../tensor-table.ts";

/** Adds block i's tensors by their names after `blk.{i}.` / `model.layers.{i}.`. */
export interface BlockTable {
  /** A weight matrix, dims in GGUF order. */
  matrix(gguf: string, key: string, hf: string, dims: number[]): void;
  /** An F32 vector (a norm, a bias) of `size` values; `hfShift` is added on the HF path. */
  vector(gguf: string, key: string, hf: string, size: number, hfShift?: number): void;
}

/**
 * Every tensor of a decoder of config `c`, in load order; `block` lists block i's. `normShift`:
 * added to the output norm on the HF path (Gemma's 1 + w), as the block's norms say for theirs.
 */
export function decoderTable(c: ModelConfig, block: (t: BlockTable, i: number) => void, normShift?: number): TensorDef[] {
  const d = c.hidden;
  const shift = (hfShift: number | undefined) => (hfShift === undefined ? {} : { hfShift });
  const t: TensorDef[] = [{ name: "token_embd.weight", key: "tokenEmbd", layer: -1, dims: [d, c.vocabSize], kind: "matrix", hf: "model.embed_tokens.weight" }];
  for (let i = 0; i < c.layers; i++) {
    block({
      matrix: (gguf, key, hf, dims) => t.push({ name: `blk.${i}.${gguf}`, key, layer: i, dims, kind: "matrix", hf: `model.layers.${i}.${hf}` }),
      vector: (gguf, key, hf, size, hfShift) => t.push({ name: `blk.${i}.${gguf}`, key, layer: i, dims: [size], kind: "vector", hf: `model.layers.${i}.${hf}`, ...shift(hfShift) }),
    }, i);
  }
  t.push({ name: "output_norm.weight", key: "outputNorm", layer: -1, dims: [d], kind: "vector", hf: "model.norm.weight", ...shift(normShift) });
  if (!c.tiedEmbeddings) t.push({ name: "output.weight", key: "output", layer: -1, dims: [d, c.vocabSize], kind: "matrix", hf: "lm_head.weight" });
  return t;
}
