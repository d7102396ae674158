/**
 * `medpsy ask -m FILE "question"`: one question, reasoning streamed dimmed and the answer
 * normally; `--json` prints one object instead.
 */
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { openModelForCli, MODEL_FLAGS, SAMPLING_FLAGS, samplingFromFlags } from "../model-flags.ts";
import { createRenderer } from "../render.ts";
import { CLI_MAX_TOKENS, limitsOrReferral } from "../generation-limits.ts";
import { onInterrupt } from "../interrupt.ts";

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
        '                  [--seed S] [--reasoning-budget N] [--system TEXT] [--no-safety] "question"\n\n' +
        `Without --max-tokens, up to ${CLI_MAX_TOKENS} new tokens (less if the context is shorter), and the reasoning is\n` +
        "closed early enough to leave a quarter of them for the answer; the line before the answer says what was chosen.\n" +
        "Ctrl-C stops the answer (exit code 130).\n",
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
  // Ctrl-C stops the answer (exit 130); a second one leaves at once.
  const interrupt = onInterrupt(() => ac.abort());
  try {
    const messages = [
      ...(typeof flags.system === "string" ? [{ role: "system" as const, content: flags.system }] : []),
      { role: "user" as const, content: question },
    ];
    const enableThinking = flags["no-think"] ? false : undefined;
    const limits = await limitsOrReferral(model, messages, options, io.stderr, enableThinking);
    for (const note of limits.notes) io.stderr.write(`[${note}]\n`);
    const stream = model.chat(messages, { ...options, maxTokens: limits.maxTokens, reasoningBudget: limits.reasoningBudget, enableThinking, signal: ac.signal });
    const renderer = createRenderer(io, { json: Boolean(flags.json), showReasoning: !flags["hide-reasoning"], limits });
    for await (const ev of stream) renderer.event(ev);
    renderer.end();
    return ac.signal.aborted ? 130 : 0;
  } finally {
    interrupt.dispose();
    await model.close();
  }
}
