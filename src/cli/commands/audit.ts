/** `medpsy audit verify FILE [--json]`: checks an audit log's hash chain. Exit 0 ok, 1 tampered. */
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { verifyAuditLog } from "../../safety/audit/log.ts";

export const summary = "verify an audit log's hash chain (`medpsy audit verify FILE`)";

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } }, "audit");
  if (flags.help || positionals[0] !== "verify" || positionals.length !== 2) {
    if (flags.help) {
      io.stdout.write("usage: medpsy audit verify FILE [--json]\n");
      return 0;
    }
    throw new InvalidArgumentError("usage: medpsy audit verify FILE", { found: positionals.join(" ") || "nothing" });
  }
  const r = verifyAuditLog(positionals[1]!);
  if (flags.json) io.stdout.write(JSON.stringify(r) + "\n");
  else if (r.ok) io.stdout.write(`ok: ${r.records} records, chain intact${r.incompleteTail ? " (last line incomplete: an interrupted write, not tampering)" : ""}\n`);
  else io.stdout.write(`TAMPERED at line ${r.error!.line}: ${r.error!.reason}; ${r.records} records before it verify\n`);
  return r.ok ? 0 : 1;
}
