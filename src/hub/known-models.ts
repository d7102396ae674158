/**
 * Short names for the MedPsy files. The repository ids below are our best knowledge of where the
 * publisher hosts the GGUF files and could not be verified from this offline machine: a user
 * registry (`{cache}/registry.json`, same shape) overrides or extends them, and `REPO:FILE` always
 * names a file exactly.
 */
export interface KnownModel {
  /** Hub repository, "owner/name". */
  repo: string;
  /** Quantization picked when none is named. */
  defaultQuant: string;
  description: string;
}

export const KNOWN_MODELS: Record<string, KnownModel> = {
  "medpsy-4b": { repo: "tetherai/MedPsy-4B-GGUF", defaultQuant: "q4_k_m", description: "MedPsy-4B (Qwen3-4B-Thinking-2507 base), GGUF: q4_k_m (default), q8_0, bf16" },
  "medpsy-1.7b": { repo: "tetherai/MedPsy-1.7B-GGUF", defaultQuant: "q4_k_m", description: "MedPsy-1.7B, GGUF: q4_k_m (default), q8_0, bf16" },
};
