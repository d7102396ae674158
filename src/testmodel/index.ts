/**
 * makeTestModel: a random-weight model of a card shape — Qwen3 (MedPsy), Qwen2 (CompassJudger)
 * or Gemma 3 (MedGemma) — with the real vocabulary and chat template of its family, as a GGUF
 * file or a Hugging Face safetensors folder.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { InvalidArgumentError } from "../errors.ts";
import { TEST_DTYPES, type TestDtype } from "./quant-mix.ts";
import { SHAPES, SHAPE_NAMES, SHAPES_BY_ARCH, TEST_ARCHS, type ShapeName, type TestArch } from "./shapes.ts";
import { chatTemplate, QWEN2_TEMPLATE, type TemplateName } from "./templates.ts";
import { qwen3TokenizerFiles } from "./vocab.ts";
import { writeTestGguf } from "./write-gguf.ts";
import { writeTestHfFolder } from "./write-hf.ts";

export interface TestModelOptions {
  /** Default qwen3. */
  arch?: TestArch;
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

export { SHAPES, SHAPE_NAMES, SHAPES_BY_ARCH, TEST_ARCHS, TEST_DTYPES };
export type { ShapeName, TestArch, TestDtype, TemplateName };

export async function makeTestModel(o: TestModelOptions): Promise<void> {
  const arch = o.arch ?? "qwen3";
  if (!TEST_ARCHS.includes(arch)) {
    throw new InvalidArgumentError(`unknown architecture "${arch}"`, { expected: TEST_ARCHS.join(", "), found: String(arch) });
  }
  const shapes = SHAPES_BY_ARCH[arch];
  if (!Object.hasOwn(shapes, o.shape)) {
    throw new InvalidArgumentError(`unknown shape "${o.shape}" for ${arch}`, { expected: Object.keys(shapes).join(", "), found: String(o.shape) });
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
  const shape = shapes[o.shape]!;
  const family = arch === "gemma3" ? await import("./vocab-gemma.ts") : undefined;
  const files = family ? family.gemma3TokenizerFiles() : qwen3TokenizerFiles();
  const tpl = family ? String(files.tokenizerConfig.chat_template) : arch === "qwen2" ? QWEN2_TEMPLATE : chatTemplate(template, files);
  const label = arch === "qwen3" ? "" : `${arch}-`;
  if (o.format === "gguf") {
    await mkdir(dirname(o.out), { recursive: true });
    const vocab = family ? family.ggufSpmVocabMetadata(files, shape.vocab) : undefined;
    const name = `medpsy-test-${label}${o.shape}-${o.dtype}${o.pure ? "-pure" : ""}-s${o.seed}`;
    await writeTestGguf(o.out, shape, o.dtype, o.seed, name, tpl, files, { arch, vocab, pure: o.pure, onProgress: o.onProgress });
    return;
  }
  if (o.dtype !== "f32" && o.dtype !== "f16" && o.dtype !== "bf16") {
    throw new InvalidArgumentError(`safetensors cannot hold ${o.dtype} weights`, {
      expected: "--dtype f32, f16 or bf16 with --format safetensors",
      found: o.dtype,
      hint: "use --format gguf for quantized models",
    });
  }
  await writeTestHfFolder(o.out, shape, o.dtype, o.seed, tpl, files, { arch, shardBytes: o.shardBytes, onProgress: o.onProgress });
}
