/**
 * Short names for the publisher's MedPsy repositories on the Hugging Face hub (the qvac
 * organisation: the model card's own code loads `qvac/MedPsy-4B`). GGUF names pick one file by
 * its quantization (`medpsy-4b:q3_k_m`), listed through the hub's tree API so no file name is
 * guessed; `-hf` names pull the whole safetensors folder (shards and their index, config,
 * tokenizer). A user registry (`{cache}/registry.json`, same shape) overrides or extends them.
 */
export interface KnownModel {
  /** Hub repository, "owner/name". */
  repo: string;
  /** "gguf": one quantized file; "safetensors": the whole folder. Default "gguf". */
  kind?: "gguf" | "safetensors";
  /** GGUF only: the quantization picked when none is named. */
  defaultQuant?: string;
  description: string;
}

export const KNOWN_MODELS: Record<string, KnownModel> = {
  "medpsy-4b": { repo: "qvac/MedPsy-4B-GGUF", kind: "gguf", defaultQuant: "q4_k_m", description: "MedPsy-4B GGUF (BF16, Q8_0 and 3- to 6-bit imatrix quantizations; default Q4_K_M)" },
  "medpsy-1.7b": { repo: "qvac/MedPsy-1.7B-GGUF", kind: "gguf", defaultQuant: "q4_k_m", description: "MedPsy-1.7B GGUF (default Q4_K_M)" },
  "medpsy-4b-hf": { repo: "qvac/MedPsy-4B", kind: "safetensors", description: "MedPsy-4B safetensors folder (BF16)" },
  "medpsy-1.7b-hf": { repo: "qvac/MedPsy-1.7B", kind: "safetensors", description: "MedPsy-1.7B safetensors folder (BF16)" },
};
