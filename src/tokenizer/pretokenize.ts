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

/** Whitespace runs at least this long are split by hand (splitWhitespaceRun), not by the regex. */
const LONG_RUN = 32;

/**
 * The split, one pre-token at a time (for encoding in slices): `next(text)` gives the next
 * pre-token of `text`, or undefined at its end; `reset()` starts over on a new text. Linear in
 * the text: the regex consumes every run it scans, except a long whitespace run, where its
 * `\s*[\r\n]+` alternative backtracks through the whole run (≈ 0.3 s a MiB of mixed
 * whitespace), so such runs are split by hand, exactly as the regex would split them.
 */
export function qwen2Pretokenizer(): { next(text: string): string | undefined; reset(): void } {
  const re = new RegExp(QWEN2);
  return {
    next(text) {
      const at = re.lastIndex;
      const end = at < text.length && isWhitespace(text.charCodeAt(at)) ? runEnd(text, at) : at;
      if (end - at >= LONG_RUN) {
        const cut = splitWhitespaceRun(text, at, end);
        re.lastIndex = cut;
        return text.slice(at, cut);
      }
      const m = re.exec(text);
      return m ? m[0] : undefined;
    },
    reset() {
      re.lastIndex = 0;
    },
  };
}

/**
 * Where the regex's first pre-token of the whitespace run text[at, end) ends, for a run of two or
 * more characters starting where a match starts (no alternative before `\s*[\r\n]+` can match
 * two whitespace characters): up to its last line break if it has one (`\s*[\r\n]+`), else all
 * of it at the end of the text, else all but its last character (`\s+(?!\S)`), which then goes
 * with what follows.
 */
function splitWhitespaceRun(text: string, at: number, end: number): number {
  for (let i = end - 1; i >= at; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i + 1;
  }
  return end === text.length ? end : end - 1;
}

function runEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** The WS class above, by code unit. */
function isWhitespace(c: number): boolean {
  if (c <= 0x7f) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}
