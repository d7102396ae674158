/** `medpsy pull [NAME | REPO[:FILE]]`: download a model into the local cache (resumable, verified). */
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { downloadProgress } from "../download-progress.ts";

export const summary = "download a MedPsy model into the local cache";

const FLAGS = {
  cache: { type: "string", description: "cache folder (default ~/.cache/medpsy or $MEDPSY_CACHE)" },
  endpoint: { type: "string", description: "hub base URL (default https://huggingface.co or $MEDPSY_HUB_ENDPOINT)" },
  revision: { type: "string", description: "branch, tag or commit (default main)" },
  token: { type: "string", description: "hub token for gated repositories (or $HF_TOKEN)" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS, "pull");
  const { KNOWN_MODELS, pullModel } = await import("../../hub/index.ts");
  if (flags.help || positionals.length === 0) {
    io.stdout.write(
      "usage: medpsy pull NAME[:QUANT] | OWNER/REPO[:FILE] [--cache DIR] [--endpoint URL] [--revision REV] [--token T] [--json]\n\nknown names:\n" +
        Object.entries(KNOWN_MODELS).map(([n, m]) => `  ${n.padEnd(12)} ${m.repo}  ${m.description}`).join("\n") + "\n",
    );
    return flags.help ? 0 : 2;
  }
  for (const spec of positionals) {
    const r = await pullModel(spec, {
      cache: flags.cache as string | undefined,
      endpoint: flags.endpoint as string | undefined,
      revision: flags.revision as string | undefined,
      token: flags.token as string | undefined,
      onProgress: downloadProgress(io),
    });
    if (flags.json) io.stdout.write(JSON.stringify(r) + "\n");
    else io.stdout.write(`${r.downloaded ? "downloaded" : "already cached"}: ${r.repo}/${r.file} (${(r.size / 1e9).toFixed(2)} GB, sha256 ${r.sha256?.slice(0, 12) ?? "?"}…)\n  ${r.path}\n`);
  }
  return 0;
}
