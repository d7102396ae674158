/**
 * `medpsy ask -m FILE "question"`: one question, reasoning streamed dimmed and the answer
 * normally; `--json` prints one object instead.
 */
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { openModelForCli, MODEL_FLAGS, SAMPLING_FLAGS, samplingFromFlags } from "../model-flags.ts";
import { createRenderer } from "../render.ts";

export const summary = "ask one question and stream the reasoning and the answer";

const FLAGS = {
  ...MODEL_FLAGS,
  ...SAMPLING_FLAGS,
  json: { type: "boolean" },
  system: { type: "string", description: "system prompt" },
  "no-think": { type: "boolean", description: "disable thinking (hybrid templates only)" },
  "hide-reasoning": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS, "ask");
  if (flags.help) {
    io.stdout.write(
      'usage: medpsy ask -m FILE|NAME [--json] [--max-tokens N] [--temperature T] [--top-k K] [--top-p P]\n' +
        '                  [--seed S] [--reasoning-budget N] [--system TEXT] [--no-safety] "question"\n',
    );
    return 0;
  }
  const question = positionals.join(" ").trim();
  if (!question) {
    throw new InvalidArgumentError("no question given", { expected: 'medpsy ask -m FILE "your question"', found: "nothing" });
  }
  const options = samplingFromFlags(flags);
  const model = await openModelForCli(flags, io);
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once("SIGINT", onSigint);
  try {
    const messages = [
      ...(typeof flags.system === "string" ? [{ role: "system" as const, content: flags.system }] : []),
      { role: "user" as const, content: question },
    ];
    const stream = model.chat(messages, {
      ...options,
      enableThinking: flags["no-think"] ? false : undefined,
      signal: ac.signal,
    });
    const renderer = createRenderer(io, { json: Boolean(flags.json), showReasoning: !flags["hide-reasoning"] });
    for await (const ev of stream) renderer.event(ev);
    renderer.end();
    return 0;
  } finally {
    process.off("SIGINT", onSigint);
    await model.close();
  }
}
