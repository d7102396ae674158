/**
 * `medpsy make-test-model [--arch A] --shape S --dtype D --format F --seed N --out PATH [--template T]`
 * Writes a random-weight model of a card shape (MedPsy's Qwen3, CompassJudger's Qwen2, MedGemma's
 * Gemma 3) with its family's real vocabulary and chat template.
 */
import { statSync } from "node:fs";
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { makeTestModel, SHAPES_BY_ARCH, TEST_ARCHS, TEST_DTYPES, type ShapeName, type TestArch, type TestDtype, type TemplateName } from "../../testmodel/index.ts";

export const summary = "write a random-weight model of a card shape (qwen3, qwen2, gemma3)";

const FLAGS = {
  arch: { type: "string" },
  shape: { type: "string" },
  dtype: { type: "string" },
  format: { type: "string" },
  seed: { type: "number" },
  out: { type: "string", short: "o" },
  template: { type: "string" },
  "shard-bytes": { type: "number" },
  pure: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS, "make-test-model");
  if (flags.help) {
    io.stdout.write(
      `usage: medpsy make-test-model [--arch ${TEST_ARCHS.join("|")}] --shape SHAPE --dtype ${TEST_DTYPES.join("|")}\n` +
        "                              --format gguf|safetensors [--seed N] --out PATH [--template thinking-2507|hybrid] [--pure]\n" +
        TEST_ARCHS.map((a) => `  ${a} shapes: ${Object.keys(SHAPES_BY_ARCH[a]).join(", ")}\n`).join("") +
        "\nQuantized dtypes are llama.cpp's file types, laid out as its quantizer does (with an importance matrix);\n" +
        "--pure gives every 2-D tensor the file type's main type (llama-quantize --pure).\n",
    );
    return 0;
  }
  if (positionals.length) throw new InvalidArgumentError("unexpected argument", { found: positionals.join(" "), hint: "use --out PATH" });
  if (typeof flags.out !== "string") throw new InvalidArgumentError("--out is required", { expected: "--out model.gguf (or a folder for safetensors)", found: "nothing" });
  const format = (flags.format as string | undefined) ?? (flags.out.endsWith(".gguf") ? "gguf" : "safetensors");
  const opts = {
    arch: (flags.arch ?? "qwen3") as TestArch,
    shape: (flags.shape ?? "tiny") as ShapeName,
    dtype: (flags.dtype ?? "f32") as TestDtype,
    format: format as "gguf" | "safetensors",
    seed: (flags.seed as number | undefined) ?? 1,
    out: flags.out,
    template: flags.template as TemplateName | undefined,
    shardBytes: flags["shard-bytes"] as number | undefined,
    pure: flags.pure === true,
  };
  const t0 = Date.now();
  await makeTestModel({ ...opts, onProgress: writingProgress(io, opts.out) });
  const size = format === "gguf" ? statSync(opts.out).size : undefined;
  io.stdout.write(
    `wrote ${opts.out}: ${opts.arch} ${opts.shape} ${opts.dtype} ${format}, seed ${opts.seed}` +
      (size !== undefined ? `, ${(size / 1e6).toFixed(1)} MB` : "") +
      ` in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

/**
 * Progress on stderr while tensors are generated (a 4B shape takes minutes): a percentage on a
 * terminal, otherwise a line at most every few seconds, nothing at all for a quick model.
 */
function writingProgress(io: CliIO, out: string, everyMs = 3000): (done: number, total: number) => void {
  let last = Date.now();
  return (done, total) => {
    const pct = ((100 * done) / total).toFixed(0);
    if (io.stderr.isTTY) {
      io.stderr.write(done < total ? `\rwriting ${pct.padStart(3)}%` : "\r\x1b[K");
      return;
    }
    const now = Date.now();
    if (done === total || now - last < everyMs) return;
    last = now;
    io.stderr.write(`writing ${out}: ${pct}% of ${(total / 1e9).toFixed(2)} billion weights\n`);
  };
}
