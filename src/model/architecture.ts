/**
 * What an architecture folder (src/model/<arch>/) gives the registry: how to read its config
 * from GGUF metadata or a Hugging Face config.json, its tensor table (./tensor-table.ts), how
 * Hugging Face names reach that table, and its forward pass (engine/forward.ts) over any kernels.
 */
import type { ForwardPass } from "../engine/forward.ts";
import type { Kernels } from "../kernels/types.ts";
import type { GgufFacts, Lookup, ModelConfig } from "./config.ts";
import type { TensorDef, TensorEntry } from "./tensor-table.ts";

export interface ForwardOptions {
  /** Most rows (tokens over all sequences) per step. */
  maxRows?: number;
  /** Most sequences asking for logits per step. */
  maxLogitRows?: number;
  /** Weight bytes loaded so far, of the total. */
  onProgress?: (loaded: number, total: number) => void;
}

export interface Architecture<C extends ModelConfig = ModelConfig> {
  /** GGUF `general.architecture`. */
  readonly name: string;
  /** Hugging Face `model_type` values it reads (config.json). */
  readonly hfModelTypes: readonly string[];
  /** From GGUF metadata (`{arch}.*` keys), validated. */
  configFromGguf(get: Lookup, facts: GgufFacts): C;
  /** From a Hugging Face config.json object, validated. */
  configFromHf(json: Record<string, unknown>): C;
  /** Every tensor a model of this config has, in load order. */
  tensors(config: C): TensorDef[];
  /**
   * A Hugging Face tensor name as the table spells it (e.g. a multimodal checkpoint's
   * `language_model.` prefix removed), or null for tensors outside the text model (a vision
   * tower), which are skipped. Absent: names are used as they are.
   */
  hfName?(name: string): string | null;
  /** Streams the weights into `kernels` and returns the forward pass over them. */
  loadForward<A, H>(config: C, tensors: ReadonlyMap<string, TensorEntry>, kernels: Kernels<A, H>, options: ForwardOptions): Promise<ForwardPass<H>>;
}
