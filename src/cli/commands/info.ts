/** `medpsy info FILE [--json]`: what a model file holds, without loading the weights. */
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { inspectModel } from "../../sdk/load.ts";

export const summary = "show a model file's architecture, size and tensor types";

const FLAGS = {
  json: { type: "boolean" },
  ctx: { type: "number", description: "context (tokens) to size the KV cache for in the memory estimate (default 8192)" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS, "info");
  if (flags.help) {
    io.stdout.write("usage: medpsy info FILE|FOLDER [--ctx N] [--json]\n\nPrints architecture, parameter count, tensor types, context length, file size, and the memory loading it\nwould take at a context of N tokens (default 8192) against the memory available.\n");
    return 0;
  }
  if (positionals.length !== 1) {
    throw new InvalidArgumentError("medpsy info takes one model path", {
      expected: "a .gguf file or a Hugging Face safetensors folder",
      found: positionals.length === 0 ? "nothing" : positionals.join(" "),
    });
  }
  const info = await inspectModel(positionals[0]!, { contextLength: flags.ctx as number | undefined });
  if (flags.json) {
    io.stdout.write(JSON.stringify(info, null, 2) + "\n");
    return 0;
  }
  const types = Object.entries(info.tensorTypes)
    .map(([t, n]) => `${t} ×${n}`)
    .join(", ");
  const rows: Array<[string, string]> = [
    ["name", info.name ?? "(none)"],
    ["format", info.format],
    ["architecture", info.architecture],
    ["parameters", `${(info.parameterCount / 1e9).toFixed(3)} B (${info.parameterCount.toLocaleString("en-US")})`],
    ["layers", String(info.layers)],
    ["hidden size", String(info.hiddenSize)],
    ["vocabulary", info.vocabSize.toLocaleString("en-US")],
    ["context (trained)", info.trainedContextLength.toLocaleString("en-US")],
    ["KV cache / sequence", kvLine(info.kvCacheBytes / info.contextLength, info.memory?.contextLength ?? info.contextLength, flags.ctx !== undefined)],
    ["tensor types", types],
    ["file size", `${(info.fileSize / 1e9).toFixed(2)} GB (${info.fileSize.toLocaleString("en-US")} bytes)`],
  ];
  const m = info.memory;
  if (m) {
    rows.push([
      `memory at ${m.contextLength.toLocaleString("en-US")} tokens`,
      `${size(m.total)} (weights ${size(m.weights)} + KV cache ${size(m.kvCache)} + buffers and runtime ${size(m.scratch)})` +
        (m.available !== undefined ? `; ${size(m.available)} available: ${m.fits ? "fits" : "does NOT fit — try a smaller quantization or --ctx"}` : ""),
    ]);
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  io.stdout.write(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + "\n");
  return 0;
}

/** One sequence's KV cache: per token, and at the context a load would use (each session or server slot has one). */
function kvLine(bytesPerToken: number, context: number, asked: boolean): string {
  const why = asked ? "--ctx" : "the default context, or the trained one if shorter";
  return `${(bytesPerToken / 1024).toFixed(0)} KiB per token (${size(bytesPerToken * context)} at ${context.toLocaleString("en-US")} tokens, ${why})`;
}

/** GB above a gigabyte, MB below (a small model's KV cache is not "0.00 GB"). */
function size(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(bytes >= 1e7 ? 0 : 1)} MB`;
}
