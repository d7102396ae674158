/**
 * Qwen2 pre-tokenization: the regex of Qwen2/Qwen3's tokenizer.json (also llama.cpp's "qwen2"
 * pre-tokenizer):
 *   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * Two spellings differ from a literal JavaScript port, on purpose:
 * - `(?i:...)` groups are spelled with explicit case classes (older engines lack them);
 * - `\s` is Unicode White_Space (what both references use), not JavaScript's `\s`, which also
 *   matches U+FEFF and misses U+0085.
 */
const WS = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const S = `[${WS}]`;
const NOT_S = `[^${WS}]`;

const QWEN2 = new RegExp(
  [
    "'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])",
    "[^\\r\\n\\p{L}\\p{N}]?\\p{L}+",
    "\\p{N}",
    ` ?[^${WS}\\p{L}\\p{N}]+[\\r\\n]*`,
    `${S}*[\\r\\n]+`,
    `${S}+(?!${NOT_S})`,
    `${S}+`,
  ].join("|"),
  "gu",
);

export function splitQwen2(text: string): string[] {
  return text.match(QWEN2) ?? [];
}

export const SUPPORTED_PRE_TOKENIZERS = ["qwen2"] as const;
