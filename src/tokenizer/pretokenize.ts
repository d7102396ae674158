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

/**
 * The split, one pre-token at a time (for encoding in slices): `next(text)` gives the next
 * pre-token of `text`, or undefined at its end; `reset()` starts over on a new text. Matching is
 * linear in the text (no alternative rescans a run it did not consume; measured on 1 MiB runs).
 */
export function qwen2Pretokenizer(): { next(text: string): string | undefined; reset(): void } {
  const re = new RegExp(QWEN2);
  return {
    next(text) {
      const m = re.exec(text);
      return m ? m[0] : undefined;
    },
    reset() {
      re.lastIndex = 0;
    },
  };
}
