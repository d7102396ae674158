/** Streaming decode: multi-byte characters split over tokens arrive whole; flush ends cleanly. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamDecoder } from "../../src/tokenizer/stream-decoder.ts";

/** A fake byte source: token i is the i-th chunk. */
function source(chunks: number[][]) {
  return { tokenBytes: (id: number) => Uint8Array.from(chunks[id]!) };
}

test("an emoji split across three tokens is emitted once complete", () => {
  const bytes = [...new TextEncoder().encode("a👍b")]; // 61 f0 9f 91 8d 62
  const d = new StreamDecoder(source([[bytes[0]!, bytes[1]!], [bytes[2]!, bytes[3]!], [bytes[4]!, bytes[5]!]]));
  assert.equal(d.push(0), "a");
  assert.equal(d.push(1), "");
  assert.equal(d.push(2), "👍b");
  assert.equal(d.flush(), "");
});

test("every split point of mixed text reassembles to the same string", () => {
  const text = "Dx: 心肌梗死 🫀 café";
  const bytes = [...new TextEncoder().encode(text)];
  for (let cut = 1; cut < bytes.length; cut++) {
    const d = new StreamDecoder(source([bytes.slice(0, cut), bytes.slice(cut)]));
    assert.equal(d.push(0) + d.push(1) + d.flush(), text, `cut at ${cut}`);
  }
});

test("an incomplete tail flushes as U+FFFD, never silently dropped", () => {
  const d = new StreamDecoder(source([[0x61, 0xe4, 0xbd]]));
  assert.equal(d.push(0), "a");
  assert.equal(d.flush(), "\ufffd");
});
