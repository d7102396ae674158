/**
 * makeTestModel: a random-weight Qwen3 model of a MedPsy shape, with the real Qwen3 vocabulary
 * and chat template, as a GGUF file or a Hugging Face safetensors folder.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { InvalidArgumentError } from "../errors.ts";
import { TEST_DTYPES, type TestDtype } from "./quant-mix.ts";
import { SHAPES, SHAPE_NAMES, type ShapeName } from "./shapes.ts";
import { chatTemplate, type TemplateName } from "./templates.ts";
import { qwen3TokenizerFiles } from "./vocab.ts";
import { writeTestGguf } from "./write-gguf.ts";
import { writeTestHfFolder } from "./write-hf.ts";

export interface TestModelOptions {
  shape: ShapeName;
  dtype: TestDtype;
  format: "gguf" | "safetensors";
  seed: number;
  /** A .gguf path, or the folder for safetensors. */
  out: string;
  template?: TemplateName;
  /** Safetensors only: largest shard in bytes (default 2 GiB). */
  shardBytes?: number;
  /** GGUF only: every 2-D tensor in the file type's default type, as llama-quantize --pure. */
  pure?: boolean;
  /** Called as each tensor is generated, with the weights' values so far and in all (a large shape takes minutes). */
  onProgress?: (valuesDone: number, values: number) => void;
}

export { SHAPES, SHAPE_NAMES, TEST_DTYPES };
export type { ShapeName, TestDtype, TemplateName };

export async function makeTestModel(o: TestModelOptions): Promise<void> {
  if (!SHAPE_NAMES.includes(o.shape)) {
    throw new InvalidArgumentError(`unknown shape "${o.shape}"`, { expected: SHAPE_NAMES.join(", "), found: String(o.shape) });
  }
  if (!TEST_DTYPES.includes(o.dtype)) {
    throw new InvalidArgumentError(`unknown dtype "${o.dtype}"`, { expected: TEST_DTYPES.join(", "), found: String(o.dtype) });
  }
  if (o.format !== "gguf" && o.format !== "safetensors") {
    throw new InvalidArgumentError(`unknown format "${o.format}"`, { expected: "gguf or safetensors", found: String(o.format) });
  }
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) {
    throw new InvalidArgumentError("seed must be a non-negative integer", { found: String(o.seed) });
  }
  const template = o.template ?? "thinking-2507";
  if (template !== "thinking-2507" && template !== "hybrid") {
    throw new InvalidArgumentError(`unknown template "${template}"`, { expected: "thinking-2507 or hybrid", found: template });
  }
  const shape = SHAPES[o.shape];
  const files = qwen3TokenizerFiles();
  const tpl = chatTemplate(template, files);
  if (o.format === "gguf") {
    await mkdir(dirname(o.out), { recursive: true });
    await writeTestGguf(o.out, shape, o.dtype, o.seed, `medpsy-test-${o.shape}-${o.dtype}${o.pure ? "-pure" : ""}-s${o.seed}`, tpl, files, o.pure, o.onProgress);
    return;
  }
  if (o.dtype !== "f32" && o.dtype !== "f16" && o.dtype !== "bf16") {
    throw new InvalidArgumentError(`safetensors cannot hold ${o.dtype} weights`, {
      expected: "--dtype f32, f16 or bf16 with --format safetensors",
      found: o.dtype,
      hint: "use --format gguf for quantized models",
    });
  }
  await writeTestHfFolder(o.out, shape, o.dtype, o.seed, tpl, files, o.shardBytes, o.onProgress);
}
