/**
 * Rendered chat prompts equal Python Jinja2's rendering of the same templates (fixtures made by
 * make-template-fixtures.py) byte for byte: the Thinking-2507 and hybrid Qwen3 templates,
 * thinking on/off/unset, system prompts, multi-turn with earlier reasoning dropped as the
 * template says, with and without the generation prompt.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { renderChatTemplate, promptEndsInsideThink, ChatTemplateError } from "../../src/chat/template.ts";

const here = new URL(".", import.meta.url);
const fixtures = JSON.parse(readFileSync(new URL("fixtures/templates.json", here), "utf8")) as Array<{
  template: string; conversation: string; messages: never[]; add_generation_prompt: boolean; enable_thinking: boolean | null; expected: string;
}>;
const templates: Record<string, string> = {
  "qwen3-thinking-2507": readFileSync(new URL("../../../shared/templates/qwen3-thinking-2507.jinja", here), "utf8"),
  "qwen3-hybrid": readFileSync(new URL("../../../shared/templates/qwen3-hybrid.jinja", here), "utf8"),
};

test("every fixture renders exactly as Jinja2 renders it", () => {
  assert.ok(fixtures.length >= 40);
  for (const f of fixtures) {
    const got = renderChatTemplate(templates[f.template]!, f.messages, {
      addGenerationPrompt: f.add_generation_prompt,
      enableThinking: f.enable_thinking ?? undefined,
      bosToken: "",
      eosToken: "<|im_end|>",
    });
    assert.equal(got, f.expected, `${f.template} ${f.conversation} gen=${f.add_generation_prompt} thinking=${f.enable_thinking}`);
  }
});

test("earlier reasoning is dropped and the generation prompt opens <think> in the 2507 template", () => {
  const f = fixtures.find((x) => x.template === "qwen3-thinking-2507" && x.conversation === "multi_turn_inline_think" && x.add_generation_prompt)!;
  assert.ok(!f.expected.includes("Need duration"));
  assert.ok(f.expected.endsWith("<|im_start|>assistant\n<think>\n"));
  assert.equal(promptEndsInsideThink(f.expected), true);
  const off = fixtures.find((x) => x.template === "qwen3-hybrid" && x.conversation === "single" && x.add_generation_prompt && x.enable_thinking === false)!;
  assert.ok(off.expected.endsWith("<think>\n\n</think>\n\n"));
  assert.equal(promptEndsInsideThink(off.expected), false);
});

test("a broken template is a typed error", () => {
  assert.throws(() => renderChatTemplate("{% for x in %}", [], { addGenerationPrompt: true }), ChatTemplateError);
});
