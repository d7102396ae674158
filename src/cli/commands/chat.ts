/**
 * `medpsy chat -m FILE`: interactive multi-turn chat. The KV cache is kept between turns (the
 * model's default session reuses the shared prefix). Ctrl-C stops the current reply and returns
 * to the prompt; Ctrl-C at an empty prompt or Ctrl-D leaves. Lines starting with `/` are commands
 * (`/help`), never sent to the model.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { openModelForCli, MODEL_FLAGS, SAMPLING_FLAGS, samplingFromFlags } from "../model-flags.ts";
import { createRenderer } from "../render.ts";
import { limitsOrReferral } from "../generation-limits.ts";
import type { ChatMessage } from "../../sdk/types.ts";

export const summary = "interactive multi-turn chat";

const FLAGS = {
  ...MODEL_FLAGS,
  ...SAMPLING_FLAGS,
  system: { type: "string" },
  "hide-reasoning": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const HELP = `commands (a line starting with / is never sent to the model; start it with // to send one):
  /help            this list
  /reset, /new     start a new conversation (the system prompt stays)
  /exit, /quit     leave (so does Ctrl-D)
Ctrl-C stops a reply and keeps the conversation; Ctrl-C at an empty prompt leaves.
`;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags } = parseArgs(argv, FLAGS, "chat");
  if (flags.help) {
    io.stdout.write(`usage: medpsy chat -m FILE|NAME [--system TEXT] [sampling options]\n\n${HELP}`);
    return 0;
  }
  const options = samplingFromFlags(flags);
  const model = await openModelForCli(flags, io);
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: Boolean(io.stdin.isTTY) });
  const history: ChatMessage[] = typeof flags.system === "string" ? [{ role: "system", content: flags.system }] : [];
  let current: AbortController | undefined;
  let interrupted = false;
  const onCtrlC = () => {
    if (current) return current.abort();
    interrupted = true;
    io.stderr.write("\n");
    rl.close();
  };
  // A terminal delivers Ctrl-C to readline; a pipe delivers it to the process.
  rl.on("SIGINT", onCtrlC);
  process.on("SIGINT", onCtrlC);
  io.stderr.write(`medpsy chat — ${model.info.name ?? model.info.architecture}. /help lists the commands; Ctrl-C stops a reply.\n`);
  let shownNotes = "";
  try {
    for await (const line of lineReader(rl)) {
      const text = line.trim();
      if (!text) continue;
      if (text.startsWith("/") && !text.startsWith("//")) {
        const command = text.split(/\s+/)[0]!.toLowerCase();
        if (command === "/exit" || command === "/quit") break;
        if (command === "/reset" || command === "/new") {
          history.splice(history[0]?.role === "system" ? 1 : 0);
          io.stderr.write("(new conversation)\n");
        } else if (command === "/help" || command === "/?") io.stderr.write(HELP);
        else io.stderr.write(`unknown command ${command} (not sent to the model); /help lists the commands, and a line starting with // is sent as /…\n`);
        continue;
      }
      history.push({ role: "user", content: text.startsWith("//") ? text.slice(1) : text });
      const limits = await limitsOrReferral(model, history, options, io.stderr);
      const notes = limits.notes.join("\n");
      if (notes && notes !== shownNotes) io.stderr.write(limits.notes.map((n) => `[${n}]\n`).join(""));
      shownNotes = notes;
      current = new AbortController();
      let reasoning = "";
      let content = "";
      const renderer = createRenderer(io, { json: false, showReasoning: !flags["hide-reasoning"], limits });
      for await (const ev of model.chat(history, { ...options, maxTokens: limits.maxTokens, reasoningBudget: limits.reasoningBudget, signal: current.signal })) {
        if (ev.type === "reasoning") reasoning += ev.text;
        if (ev.type === "content") content += ev.text;
        renderer.event(ev);
      }
      renderer.end();
      current = undefined;
      history.push({ role: "assistant", content, reasoning_content: reasoning });
    }
  } finally {
    process.off("SIGINT", onCtrlC);
    rl.close();
    await model.close();
  }
  return interrupted ? 130 : 0;
}

/** Lines from readline as an async iterable that shows the prompt before each. */
async function* lineReader(rl: ReturnType<typeof createInterface>): AsyncGenerator<string> {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  rl.on("line", (l) => {
    queue.push(l);
    wake?.();
  });
  rl.on("close", () => {
    done = true;
    wake?.();
  });
  for (;;) {
    // Lines read ahead (piped input) are still answered after the input has ended.
    if (!done && queue.length === 0) {
      rl.setPrompt("> ");
      rl.prompt();
    }
    while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
    if (queue.length === 0) return;
    yield queue.shift()!;
  }
}
