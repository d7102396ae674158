/** `medpsy pull [NAME[:QUANT] | REPO[:QUANT|:FILE]]`: download a model into the local cache (resumable, verified). */
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { downloadProgress } from "../download-progress.ts";
import { parseMemorySize } from "../memory-size.ts";

export const summary = "download a MedPsy model into the local cache";

const FLAGS = {
  list: { type: "boolean", description: "list the repository's files (sizes, quantizations) instead of downloading" },
  fit: { type: "boolean", description: "pick the largest quantization that fits this machine (reads each file's header, not its weights)" },
  ctx: { type: "number", description: "with --fit: the context (tokens) to leave room for (default 8192)" },
  memory: { type: "string", description: "with --fit: the memory to fit in (e.g. 4GB; default: what this machine has available)" },
  cache: { type: "string", description: "cache folder (default ~/.cache/medpsy or $MEDPSY_CACHE)" },
  endpoint: { type: "string", description: "hub base URL (default https://huggingface.co or $MEDPSY_HUB_ENDPOINT)" },
  revision: { type: "string", description: "branch, tag or commit (default main)" },
  token: { type: "string", description: "hub token for gated repositories (or $HF_TOKEN)" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS, "pull");
  const { knownModels, listModelFiles, pullModel } = await import("../../hub/index.ts");
  if (flags.help || positionals.length === 0) {
    io.stdout.write(
      "usage: medpsy pull NAME[:QUANT] | OWNER/REPO[:QUANT|:FILE] [--list] [--fit [--ctx N] [--memory SIZE]]\n" +
        "                   [--cache DIR] [--endpoint URL] [--revision REV] [--token T] [--json]\n\n" +
        "QUANT is a quantization label as the repository's file names carry it (q4_k_m, q3_k_m, iq4_xs, q8_0, bf16…);\n" +
        "`--list` shows what a repository has; `--fit` pulls the largest one that fits this machine at a context of\n" +
        "--ctx tokens (default 8192), sizing each from its header (weights as held, KV cache, buffers).\n\nknown names:\n" +
        Object.entries(knownModels((flags.cache as string | undefined) ?? undefined)).map(([n, m]) => `  ${n.padEnd(15)} ${m.repo}  ${m.description}`).join("\n") + "\n",
    );
    return flags.help ? 0 : 2;
  }
  const hub = {
    cache: flags.cache as string | undefined,
    endpoint: flags.endpoint as string | undefined,
    revision: flags.revision as string | undefined,
    token: flags.token as string | undefined,
  };
  for (const spec of positionals) {
    if (flags.list) {
      const l = await listModelFiles(spec, hub);
      if (flags.json) {
        io.stdout.write(JSON.stringify(l) + "\n");
        continue;
      }
      io.stdout.write(`${l.repo} (${l.kind}):\n`);
      const rows = [...l.files].sort((a, b) => (a.quant ? 0 : 1) - (b.quant ? 0 : 1) || a.size - b.size);
      const w = Math.max(0, ...rows.map((f) => f.quant?.length ?? 0));
      for (const f of rows) io.stdout.write(`  ${(f.quant ?? "").padEnd(w)}  ${gb(f.size).padStart(9)}  ${f.path}\n`);
      continue;
    }
    let target = spec;
    if (flags.fit) {
      const { chooseQuantThatFits } = await import("../../sdk/fit.ts");
      const { availableMemory } = await import("../../sdk/available-memory.ts");
      const { availableParallelism } = await import("node:os");
      const available = flags.memory !== undefined ? parseMemorySize("--memory", flags.memory as string) : availableMemory();
      const c = await chooseQuantThatFits(spec, { ...hub, contextLength: (flags.ctx as number | undefined) ?? 8192, available, threads: availableParallelism() });
      const e = c.estimate;
      io.stderr.write(
        `fits: ${c.file.quant} (${c.file.path}): about ${gb(e.total)} at ${e.contextLength.toLocaleString("en-US")} tokens ` +
          `(weights ${gb(e.weights)}, KV cache ${gb(e.kvCache)}, buffers and runtime ${gb(e.scratch)}) of ${gb(available)} ${flags.memory !== undefined ? "allowed" : "available"}` +
          (c.tooLarge.length ? `; too large: ${c.tooLarge.map((t) => `${t.quant} ${gb(t.total)}`).join(", ")}` : "") + "\n",
      );
      target = `${c.repo}:${c.file.path}`;
    }
    const r = await pullModel(target, { ...hub, onProgress: downloadProgress(io) });
    if (flags.json) io.stdout.write(JSON.stringify(r) + "\n");
    else if (r.files.length > 1) io.stdout.write(`${r.downloaded ? "downloaded" : "already cached"}: ${r.repo} (${r.files.length} files, ${gb(r.size)}, each checked against the hub's checksum)\n  ${r.path}\n`);
    else io.stdout.write(`${r.downloaded ? "downloaded" : "already cached"}: ${r.repo}/${r.file} (${gb(r.size)}, sha256 ${r.sha256?.slice(0, 12) ?? "?"}…)\n  ${r.path}\n`);
  }
  return 0;
}
