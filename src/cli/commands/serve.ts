/**
 * `medpsy serve -m FILE | --upstream URL`: the OpenAI-compatible server and the web chat page.
 * Binds to loopback by default; Ctrl-C (SIGINT) or SIGTERM stop it cleanly.
 */
import { readFileSync } from "node:fs";
import { flagHelp, parseArgs } from "../args.ts";
import type { CliIO } from "../io.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { MODEL_FLAGS, loadFlags, loadingNote, loadingProgress, resolveModelFlag, safetyFromFlags } from "../model-flags.ts";

export const summary = "OpenAI-compatible HTTP server and web chat page";

const FLAGS = {
  ...MODEL_FLAGS,
  host: { type: "string", description: "address to listen on (default 127.0.0.1)" },
  port: { type: "number", description: "port (default 8080, 0 = any free port)" },
  parallel: { type: "number", description: "generation slots, each with its own KV cache (default 1)" },
  queue: { type: "number", description: "requests that may wait for a slot before 429 (default 16)" },
  "api-key": { type: "string", description: "require 'Authorization: Bearer KEY'" },
  "api-key-file": { type: "string", description: "read the API key from a file (keeps it out of `ps`)" },
  cors: { type: "string", description: "allow this browser origin (no CORS headers otherwise)" },
  "max-body": { type: "number", description: "largest request body in bytes (default 1 MiB)" },
  "headers-timeout": { type: "number", description: "seconds a client has to send its request headers (default 10)" },
  "request-timeout": { type: "number", description: "seconds a client has to send its whole request, body included (default 60)" },
  "max-connections": { type: "number", description: "open connections at most; more are closed at once (default 256)" },
  upstream: { type: "string", description: "forward to this OpenAI-compatible server instead of running a model" },
  "upstream-key": { type: "string", description: "API key sent to the upstream" },
  "upstream-model": { type: "string", description: "model name sent to the upstream (default: its first)" },
  "upstream-timeout": { type: "number", description: "seconds the upstream may stay silent before the request fails with 502 (default 300)" },
  "redact-upstream": { type: "boolean", description: "replace PHI sent upstream by placeholders, restored locally; default on, but OFF when the upstream is on this machine (loopback); =false turns it off" },
  name: { type: "string", description: "model name listed by /v1/models (default: the file name without .gguf)" },
  alias: { type: "string", description: "other names a request's model field may use, comma-separated; any name not listed, not the file name and not an alias gets a 404" },
  help: { type: "boolean", short: "h" },
} as const;

const USAGE = `usage: medpsy serve (-m FILE | --upstream URL [--upstream-key K] [--upstream-model NAME] [--upstream-timeout S] [--redact-upstream=true|false])
                    [--host 127.0.0.1] [--port 8080] [--parallel N] [--queue N]
                    [--api-key K | --api-key-file F] [--cors ORIGIN] [--max-body BYTES] [--name NAME] [--alias A,B]
                    [--headers-timeout S] [--request-timeout S] [--max-connections N]
                    [--threads N] [--device cpu|webgpu|auto] [--context N] [--safety-policy FILE] [--audit FILE] [--no-safety]
`;

const seconds = (v: unknown) => (typeof v === "number" ? Math.round(v * 1000) : undefined);

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS, "serve");
  if (flags.help) {
    io.stdout.write(`${USAGE}\noptions:\n${flagHelp(FLAGS)}`);
    return 0;
  }
  if (positionals.length) throw new InvalidArgumentError("serve takes no positional arguments", { found: positionals.join(" "), hint: USAGE });
  if (flags["api-key"] !== undefined && flags["api-key-file"] !== undefined) {
    throw new InvalidArgumentError("give --api-key or --api-key-file, not both", { found: "both" });
  }
  let apiKey = flags["api-key"] as string | undefined;
  if (typeof flags["api-key-file"] === "string") {
    try {
      apiKey = readFileSync(flags["api-key-file"], "utf8").trim();
    } catch (err) {
      throw new InvalidArgumentError(`cannot read the API key file ${flags["api-key-file"]}`, { found: (err as Error).message });
    }
  }
  const { startServer } = await import("../../server/index.ts");
  const load = await loadFlags(flags);
  const model = typeof flags.model === "string" ? await resolveModelFlag(flags.model, io) : undefined;
  const safety = safetyFromFlags(flags);
  const server = await startServer({
    model,
    upstream: flags.upstream as string | undefined,
    upstreamKey: flags["upstream-key"] as string | undefined,
    upstreamModel: flags["upstream-model"] as string | undefined,
    redactUpstream: flags["redact-upstream"] as boolean | undefined,
    upstreamTimeoutMs: typeof flags["upstream-timeout"] === "number" ? flags["upstream-timeout"] * 1000 : undefined,
    host: flags.host as string | undefined,
    port: flags.port as number | undefined,
    parallel: flags.parallel as number | undefined,
    queue: flags.queue as number | undefined,
    apiKey,
    cors: flags.cors as string | undefined,
    maxBody: flags["max-body"] as number | undefined,
    headersTimeoutMs: seconds(flags["headers-timeout"]),
    requestTimeoutMs: seconds(flags["request-timeout"]),
    maxConnections: flags["max-connections"] as number | undefined,
    // One line per request on stderr (method, route, status, duration; never the body).
    log: (line) => io.stderr.write(line + "\n"),
    safety: safety === undefined ? undefined : safety,
    threads: load.threads,
    device: load.device,
    contextLength: load.contextLength,
    onLoadProgress: loadingProgress(io),
    onLoadWarning: loadingNote(io),
    modelName: flags.name as string | undefined,
    modelAliases: typeof flags.alias === "string" ? flags.alias.split(",").map((a) => a.trim()).filter(Boolean) : undefined,
  });
  io.stdout.write(`medpsy serving ${server.modelName} at ${server.url}  (API: ${server.url}/v1, chat page: ${server.url}/)\n`);
  if (server.device) io.stdout.write(`running on ${server.device}\n`);
  if (server.upstream) {
    const u = server.upstream;
    io.stderr.write(
      `forwarding to ${u.url} (context ${u.contextLength.toLocaleString("en-US")} tokens${u.contextKnown ? "" : ", assumed: the upstream does not say"}); ` +
        `PHI redaction towards it ${u.redact ? "on" : "off"}${u.redact ? "" : flags["redact-upstream"] === false ? " (--redact-upstream=false)" : " (the upstream is on this machine; --redact-upstream turns it on)"}\n`,
    );
  }
  if (!server.upstream) {
    const n = server.contextLength.toLocaleString("en-US");
    io.stderr.write(`context ${n} tokens per slot${flags.context === undefined ? " (default; --context changes it)" : ""}; a request without max_tokens may use what its prompt leaves of it\n`);
  }
  if (server.kvCacheBytesPerSlot !== undefined) {
    const mb = (b: number) => `${Math.round(b / 1e6).toLocaleString("en-US")} MB`;
    const slots = server.parallel === 1 ? "1 slot, one request at a time (--parallel N decodes N together)" : `${server.parallel} slots decoded together in one batch`;
    io.stdout.write(`${slots}; KV cache ${mb(server.kvCacheBytesPerSlot)} per slot, ${mb(server.parallel * server.kvCacheBytesPerSlot)} in all\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  io.stderr.write("stopping…\n");
  await server.close();
  return 0;
}
