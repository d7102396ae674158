/** `medpsy models`: the models in the local cache, with their verification state. */
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";

export const summary = "list the models in the local cache";

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags } = parseArgs(argv, { cache: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } }, "models");
  if (flags.help) {
    io.stdout.write("usage: medpsy models [--cache DIR] [--json]\n");
    return 0;
  }
  const { listCached, defaultCacheDir } = await import("../../hub/index.ts");
  const cache = (flags.cache as string | undefined) ?? defaultCacheDir();
  const models = listCached(cache);
  if (flags.json) {
    io.stdout.write(JSON.stringify({ cache, models }) + "\n");
    return 0;
  }
  if (models.length === 0) {
    io.stdout.write(`no models in ${cache}; get one with \`medpsy pull medpsy-1.7b\`\n`);
    return 0;
  }
  for (const m of models) {
    const state = m.state === "complete" ? `verified sha256 ${m.sha256?.slice(0, 12) ?? "?"}…` : "partial download (run pull again to resume)";
    io.stdout.write(`${m.repo}/${m.file}  ${(m.bytes / 1e9).toFixed(2)} GB  ${state}\n  ${m.path}\n`);
  }
  return 0;
}
