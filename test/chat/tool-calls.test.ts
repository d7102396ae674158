/** Tool calls out of a streamed answer (Qwen3's <tool_call> blocks): the same result however the text is cut. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ToolCallParser, type ToolPiece } from "../../src/chat/tool-calls.ts";

function run(text: string, cuts: number[]): ToolPiece[] {
  let n = 0;
  const p = new ToolCallParser(() => `call_${n++}`);
  const out: ToolPiece[] = [];
  let at = 0;
  for (const c of [...cuts, text.length]) {
    out.push(...p.push(text.slice(at, c)));
    at = c;
  }
  out.push(...p.finish());
  // Adjacent content pieces joined, so cut positions do not matter.
  const merged: ToolPiece[] = [];
  for (const x of out) {
    const last = merged.at(-1);
    if (x.type === "content" && last?.type === "content") last.text += x.text;
    else merged.push(x.type === "content" ? { ...x } : x);
  }
  return merged;
}

const CASES: Array<[string, string, ToolPiece[]]> = [
  ["plain answer", "Take it with food.", [{ type: "content", text: "Take it with food." }]],
  [
    "text then two calls",
    'Let me check.\n<tool_call>\n{"name": "dose", "arguments": {"mg": 5}}\n</tool_call>\n<tool_call>\n{"name": "g", "arguments": "{\\"t\\":1}"}\n</tool_call>\n',
    [
      { type: "content", text: "Let me check." },
      { type: "tool_call", call: { id: "call_0", type: "function", function: { name: "dose", arguments: '{"mg":5}' } } },
      { type: "tool_call", call: { id: "call_1", type: "function", function: { name: "g", arguments: '{"t":1}' } } },
    ],
  ],
  ["a block that is not a call stays content", "<tool_call>\n{not json}\n</tool_call>", [{ type: "content", text: "<tool_call>\n{not json}\n</tool_call>" }]],
  ["an unclosed block stays content", 'x <tool_call>\n{"name": "f"', [{ type: "content", text: 'x <tool_call>\n{"name": "f"' }]],
  ["a lookalike tag is content", "a <tool_calls> b <tool", [{ type: "content", text: "a <tool_calls> b <tool" }]],
];

for (const [name, text, expected] of CASES) {
  test(`tool calls: ${name}, whole and cut at every offset`, () => {
    assert.deepEqual(run(text, []), expected);
    for (let i = 1; i < text.length; i++) assert.deepEqual(run(text, [i]), expected, `cut at ${i}`);
  });
}
