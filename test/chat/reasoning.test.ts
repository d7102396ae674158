/** The streaming reasoning parser, at every split point of realistic outputs. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ReasoningParser, splitReasoning } from "../../src/chat/reasoning-parser.ts";

function run(text: string, startsInReasoning: boolean, cuts: number[]) {
  const p = new ReasoningParser({ startsInReasoning });
  let reasoning = "", content = "";
  let last = 0;
  for (const c of [...cuts, text.length]) {
    for (const x of p.push(text.slice(last, c))) x.channel === "reasoning" ? (reasoning += x.text) : (content += x.text);
    last = c;
  }
  const end = p.finish();
  for (const x of end.pieces) x.channel === "reasoning" ? (reasoning += x.text) : (content += x.text);
  return { reasoning, content, truncated: end.truncated };
}

const CASES = [
  { text: "The patient has chest pain.\n</think>\n\nCall emergency services now.", starts: true, reasoning: "The patient has chest pain.\n", content: "Call emergency services now.", truncated: false },
  { text: "<think>\nCheck dose.\n</think>\n\nGive 500 mg.", starts: false, reasoning: "Check dose.\n", content: "Give 500 mg.", truncated: false },
  { text: "<think>\n\n</think>\n\nNo.", starts: false, reasoning: "\n", content: "No.", truncated: false },
  { text: "\n</think>\n\nYes.", starts: true, reasoning: "\n", content: "Yes.", truncated: false },
  { text: "Still thinking about the differential", starts: true, reasoning: "Still thinking about the differential", content: "", truncated: true },
  { text: "Plain answer without thinking.", starts: false, reasoning: "", content: "Plain answer without thinking.", truncated: false },
  { text: "x</think>The answer mentions <think> literally.", starts: true, reasoning: "x", content: "The answer mentions <think> literally.", truncated: false },
  { text: "a < b </thin", starts: true, reasoning: "a < b </thin", content: "", truncated: true },
];

test("every split point of each output gives the same reasoning, answer and truncation", () => {
  for (const c of CASES) {
    for (let cut = 0; cut <= c.text.length; cut++) {
      const r = run(c.text, c.starts, [cut]);
      assert.deepEqual(r, { reasoning: c.reasoning, content: c.content, truncated: c.truncated }, `${JSON.stringify(c.text)} cut ${cut}`);
    }
    const chars = run(c.text, c.starts, Array.from({ length: c.text.length }, (_, i) => i));
    assert.deepEqual(chars, { reasoning: c.reasoning, content: c.content, truncated: c.truncated });
    assert.deepEqual(splitReasoning(c.text, { startsInReasoning: c.starts }), { reasoning: c.reasoning, content: c.content, truncated: c.truncated });
  }
});

test("truncated reasoning is never reported as the answer", () => {
  const r = splitReasoning("Final answer: B. Actually wait, let me reconsider", { startsInReasoning: true });
  assert.equal(r.content, "");
  assert.equal(r.truncated, true);
});
