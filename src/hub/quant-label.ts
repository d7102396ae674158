/**
 * The quantization a GGUF file name carries, as llama.cpp's tools and the hub's uploaders write
 * it: `MedPsy-4B-Q4_K_M.gguf`, `medpsy-4b.iq4_xs.gguf`, `MedPsy-4B-BF16-00001-of-00002.gguf`.
 * Names are compared by this label, case-insensitively and whole: `q3_k` does not pick
 * `Q3_K_M`, so a request never lands on a file nobody asked for.
 */

/** `-00001-of-00003` before the extension: one shard of a split GGUF. */
const SHARD = /-\d{5}-of-\d{5}$/i;
/** A label at the end of the stem, after a separator: Q4_K_M, IQ2_XXS, Q8_0, TQ1_0, BF16, F16, F32. */
const LABEL_TEXT = String.raw`(?:I?Q|TQ)\d+(?:_[A-Z0-9]+)*|BF16|F16|F32`;
const LABEL = new RegExp(`(?:^|[-_.])(${LABEL_TEXT})$`, "i");
const WHOLE_LABEL = new RegExp(`^(?:${LABEL_TEXT})$`, "i");

/** The quantization label of a GGUF path, upper-case, or undefined for other files. */
export function quantLabel(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (!/\.gguf$/i.test(base)) return undefined;
  const stem = base.slice(0, -5).replace(SHARD, "");
  return LABEL.exec(stem)?.[1]?.toUpperCase();
}

/** True for one shard of a split GGUF (`-00001-of-00002`). */
export function isShard(path: string): boolean {
  return /\.gguf$/i.test(path) && SHARD.test(path.slice(0, -5));
}

/** Whether a requested quantization has the shape of a label at all (q4_k_m, iq4_xs, bf16; not "banana" or "4bit"). */
export function isQuantLabel(q: string): boolean {
  return WHOLE_LABEL.test(normalizeQuant(q));
}

/** A requested quantization in the form labels are compared in ("q4_k_m" → "Q4_K_M"; "-" and "." read as "_"). */
export function normalizeQuant(q: string): string {
  return q.trim().toUpperCase().replace(/[-.]/g, "_");
}
