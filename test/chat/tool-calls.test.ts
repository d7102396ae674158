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

test("incremental mode: a call's arguments come out piece by piece, add up to the call's arguments, cut at every offset", () => {
  const text = 'ok\n<tool_call>\n{"name": "dose", "arguments": {"drug": "a}\\"{", "mg": [5, {"x": 1}]}}\n</tool_call>\n<tool_call>\n{"name": "g", "arguments": {}}\n</tool_call>';
  const argsWritten = ['{"drug": "a}\\"{", "mg": [5, {"x": 1}]}', "{}"];
  for (let cut = 0; cut < text.length; cut++) {
    let n = 0;
    const p = new ToolCallParser(() => `call_${n++}`, true);
    const out = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut)), ...p.finish()];
    const calls = out.filter((x) => x.type === "tool_call");
    assert.equal(calls.length, 2, `cut at ${cut}`);
    for (const [i, call] of calls.entries()) {
      const pieces = out.filter((x) => x.type === "tool_call_delta" && x.index === i);
      assert.ok(pieces.length >= 2, `cut at ${cut}: call ${i} streamed in ${pieces.length} pieces`);
      assert.equal(pieces[0]!.type === "tool_call_delta" && pieces[0]!.arguments, "", "the first piece names the call");
      assert.ok(pieces.every((x) => x.type === "tool_call_delta" && x.id === call.call.id && x.name === call.call.function.name));
      assert.equal(pieces.map((x) => (x.type === "tool_call_delta" ? x.arguments : "")).join(""), call.call.function.arguments);
      assert.equal(call.call.function.arguments, argsWritten[i]);
      // Every piece comes before its call.
      assert.ok(out.indexOf(pieces.at(-1)!) < out.indexOf(call));
    }
  }
});
