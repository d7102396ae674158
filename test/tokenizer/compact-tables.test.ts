/**
 * The tokenizer's compact tables against the plain structures they replace: a Map from text to
 * id (first normal token wins, an added token overrides) and a Map from "left right" to rank —
 * including merges whose parts are no indexed token (kept by text) and duplicate merges.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TokenTable } from "../../src/tokenizer/token-table.ts";
import { MergeRanks } from "../../src/tokenizer/merge-ranks.ts";
import { Tokenizer, TokenType } from "../../src/tokenizer/index.ts";
import { BYTE_TO_CHAR } from "../../src/tokenizer/byte-level.ts";
import { Rng } from "../../src/sampling/rng.ts";

test("TokenTable finds what a Map finds, over random texts with duplicates and colliding lengths", () => {
  const rng = new Rng(3, "table");
  // U+FEFF and a lone surrogate: text() gives back the code units as stored.
  const alphabet = ["a", "b", "Ġ", "é", "中", "😀", "<", "|", ">", "\uFEFF", "\uD800"];
  const tokens = Array.from({ length: 5000 }, () =>
    Array.from({ length: Math.floor(rng.uniform() * 6) }, () => alphabet[Math.floor(rng.uniform() * alphabet.length)]).join(""),
  );
  const override = tokens.map(() => rng.uniform() < 0.1);
  const table = new TokenTable(tokens.length, (i) => tokens[i]!);
  const map = new Map<string, number>();
  tokens.forEach((t, i) => {
    table.index(i, override[i]!);
    if (!map.has(t) || override[i]) map.set(t, i);
  });
  tokens.forEach((t, i) => {
    assert.equal(table.text(i), t);
    assert.equal(table.find(t), map.get(t));
  });
  assert.equal(table.find("not-there"), -1);
  assert.deepEqual(table.allWithText(tokens[0]!), tokens.flatMap((t, i) => (t === tokens[0] ? [i] : [])));
});

test("MergeRanks: by ids, by text when a part is no token, and a later duplicate overrides", () => {
  const tokens = ["a", "b", "ab", "c", "abc"];
  const table = new TokenTable(tokens.length, (i) => tokens[i]!);
  tokens.forEach((_, i) => table.index(i, false));
  const ranks = new MergeRanks(4);
  ranks.add(table, "a", "b", 0);
  ranks.add(table, "ab", "c", 1);
  ranks.add(table, "x", "y", 2); // "x", "y" are no tokens
  ranks.add(table, "a", "b", 3); // duplicate: the later rank wins, as in a Map
  assert.equal(ranks.rank(0, 1, "a", "b"), 3);
  assert.equal(ranks.rank(2, 3, "ab", "c"), 1);
  assert.equal(ranks.rank(-1, -1, "x", "y"), 2);
  assert.equal(ranks.rank(1, 0, "b", "a"), -1);
  assert.equal(ranks.rank(-1, 0, "q", "a"), -1);
});

test("a merge through a symbol that is no token still applies (llama.cpp keeps merges by text)", () => {
  // "xy" is not in the vocabulary, but the merges x+y then xy+z build "xyz", which is.
  const tokens = [...BYTE_TO_CHAR, "xyz", "<|endoftext|>"];
  const types = new Uint8Array(tokens.length).fill(TokenType.NORMAL);
  types[tokens.length - 1] = TokenType.CONTROL;
  const merges: Array<[string, string]> = [["x", "y"], ["xy", "z"]];
  const tok = new Tokenizer({
    tokens,
    types,
    mergeCount: merges.length,
    forEachMerge: (add) => merges.forEach(([l, r], rank) => add(l, r, rank)),
    nfc: false,
    llamaRules: true,
  });
  assert.deepEqual(tok.encode("xyz"), [tokens.indexOf("xyz")]);
  assert.deepEqual(tok.encode("wxyzw"), [tokens.indexOf("w"), tokens.indexOf("xyz"), tokens.indexOf("w")]);
  // "xy" alone ends as a symbol with no id: its characters are emitted one by one.
  assert.deepEqual(tok.encode("xy"), [tokens.indexOf("x"), tokens.indexOf("y")]);
  assert.equal(tok.tokenId("<|endoftext|>"), tokens.length - 1);
  assert.ok(tok.eogIds.has(tokens.length - 1));
  assert.equal(tok.decode([tokens.indexOf("xyz")]), "xyz");
});
