/**
 * `medpsy` entry point: dispatches to one module per command under ./commands.
 * Modules load lazily so that `medpsy triage` does not pay for the engine.
 */
import { formatError } from "./errors.ts";
import { processIO, type CliIO, type CommandRun } from "./io.ts";
import { guardProcessStreams } from "./process.ts";

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  info: { summary: "show a model file's architecture, size and tensor types", load: () => import("./commands/info.ts") },
  ask: { summary: "ask one question and stream the reasoning and the answer", load: () => import("./commands/ask.ts") },
  chat: { summary: "interactive multi-turn chat", load: () => import("./commands/chat.ts") },
  "make-test-model": { summary: "write a random-weight Qwen3 model of a MedPsy shape", load: () => import("./commands/make-test-model.ts") },
  triage: { summary: "classify a message as emergency, urgent or routine", load: () => import("./commands/triage.ts") },
  audit: { summary: "verify an audit log's hash chain (`medpsy audit verify FILE`)", load: () => import("./commands/audit.ts") },
  bench: { summary: "measure prompt and decode speed (optionally against llama.cpp)", load: () => import("./commands/bench.ts") },
  serve: { summary: "OpenAI-compatible HTTP server and web chat page", load: () => import("./commands/serve.ts") },
  pull: { summary: "download a MedPsy model into the local cache", load: () => import("./commands/pull.ts") },
  models: { summary: "list the models in the local cache", load: () => import("./commands/models.ts") },
  eval: { summary: "run medical benchmarks and write the model card's table", load: () => import("./commands/eval.ts") },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: medpsy <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nrun \`medpsy <command> --help\` for a command's options\n`;
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  guardProcessStreams(io);
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    const { version } = await import("../version.ts");
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`medpsy: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await entry.load();
    return await mod.run(rest, io);
  } catch (err) {
    reportError(err, io, name);
    return 1;
  }
}

/** One line of what went wrong and one hint; a stack trace only for a bug, and only with MEDPSY_DEBUG=1. */
export function reportError(err: unknown, io: CliIO, command?: string): void {
  io.stderr.write(formatError(err, command));
}
