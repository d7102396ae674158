/**
 * Process-wide behaviour of the `medpsy` command: a reader that goes away (`medpsy … | head -1`)
 * ends the command quietly instead of crashing it with EPIPE.
 */
import type { CliIO } from "./io.ts";

/** Installs the handlers on the real process streams (tests pass their own streams and skip this). */
export function guardProcessStreams(io: CliIO): void {
  for (const stream of [io.stdout, io.stderr]) {
    if (stream !== process.stdout && stream !== process.stderr) continue;
    stream.on("error", (err: NodeJS.ErrnoException) => {
      // The reader closed the pipe: nobody is left to read the rest, which is not a failure.
      if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
}
