/**
 * Qwen2 pre-tokenization: the regex of Qwen2/Qwen3's tokenizer.json (also llama.cpp's "qwen2"
 * pre-tokenizer). JavaScript lacks `(?i:...)` groups on older engines, so the contractions are
 * spelled with explicit case classes; the rest is the same pattern with Unicode properties.
 */
const QWEN2 =
  /'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

export function splitQwen2(text: string): string[] {
  return text.match(QWEN2) ?? [];
}

export const SUPPORTED_PRE_TOKENIZERS = ["qwen2"] as const;
