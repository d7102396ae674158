/** `medpsy triage [--json] [--locale xx-YY] "text"`: the safety layer's triage of one message. */
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { referralMessage, resolveSafetyPolicy, triage } from "../../safety/index.ts";

export const summary = "classify a message as emergency, urgent or routine";

const FLAGS = { json: { type: "boolean" }, locale: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS, "triage");
  if (flags.help) {
    io.stdout.write('usage: medpsy triage [--json] [--locale en-US] "message"\n');
    return 0;
  }
  const text = positionals.join(" ").trim();
  if (!text) throw new InvalidArgumentError("no message given", { expected: 'medpsy triage "message"', found: "nothing" });
  const policy = resolveSafetyPolicy(typeof flags.locale === "string" ? { locale: flags.locale } : undefined);
  const result = triage(text);
  const referral = result.level === "emergency" ? referralMessage(result, policy) : undefined;
  if (flags.json) {
    io.stdout.write(JSON.stringify({ level: result.level, reasons: result.reasons, hypothetical: result.hypothetical, referral }) + "\n");
    return 0;
  }
  io.stdout.write(`${result.level}\n`);
  for (const r of result.reasons) io.stdout.write(`  ${r.id}: ${r.label} ("${r.evidence}")\n`);
  if (result.hypothetical) io.stdout.write("  (read as a general question: red flags not applied)\n");
  if (referral) io.stdout.write(`\n${referral}\n`);
  return 0;
}
