/**
 * `medpsy chat -m FILE`: interactive multi-turn chat. The KV cache is kept between turns (the
 * model's default session reuses the shared prefix). Ctrl-C stops the current reply and returns
 * to the prompt; Ctrl-C at an empty prompt or Ctrl-D leaves. `/reset` starts over.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { openModelForCli, MODEL_FLAGS, SAMPLING_FLAGS, samplingFromFlags } from "../model-flags.ts";
import { createRenderer } from "../render.ts";
import type { ChatMessage } from "../../sdk/types.ts";

export const summary = "interactive multi-turn chat";

const FLAGS = {
  ...MODEL_FLAGS,
  ...SAMPLING_FLAGS,
  system: { type: "string" },
  "hide-reasoning": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags } = parseArgs(argv, FLAGS, "chat");
  if (flags.help) {
    io.stdout.write("usage: medpsy chat -m FILE|NAME [--system TEXT] [sampling options]\n  /reset starts a new conversation, /exit leaves; Ctrl-C stops a reply.\n");
    return 0;
  }
  const options = samplingFromFlags(flags);
  const model = await openModelForCli(flags, io);
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: Boolean(io.stdin.isTTY) });
  const history: ChatMessage[] = typeof flags.system === "string" ? [{ role: "system", content: flags.system }] : [];
  let current: AbortController | undefined;
  let closed = false;
  rl.on("SIGINT", () => {
    if (current) current.abort();
    else rl.close();
  });
  rl.on("close", () => {
    closed = true;
    current?.abort();
  });
  io.stderr.write(`medpsy chat — ${model.info.name ?? model.info.architecture}. /reset, /exit; Ctrl-C stops a reply.\n`);
  try {
    for await (const line of lineReader(rl)) {
      const text = line.trim();
      if (!text) continue;
      if (text === "/exit" || text === "/quit") break;
      if (text === "/reset") {
        history.splice(history[0]?.role === "system" ? 1 : 0);
        io.stderr.write("(new conversation)\n");
        continue;
      }
      history.push({ role: "user", content: text });
      current = new AbortController();
      let reasoning = "";
      let content = "";
      const renderer = createRenderer(io, { json: false, showReasoning: !flags["hide-reasoning"] });
      for await (const ev of model.chat(history, { ...options, signal: current.signal })) {
        if (ev.type === "reasoning") reasoning += ev.text;
        if (ev.type === "content") content += ev.text;
        renderer.event(ev);
      }
      renderer.end();
      current = undefined;
      history.push({ role: "assistant", content, reasoning_content: reasoning });
      if (closed) break;
    }
  } finally {
    rl.close();
    await model.close();
  }
  return 0;
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
    rl.setPrompt("> ");
    rl.prompt();
    while (queue.length === 0 && !done) await new Promise<void>((r) => (wake = r));
    if (queue.length === 0) return;
    yield queue.shift()!;
  }
}
