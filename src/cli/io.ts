/** The streams a command writes to; tests pass their own. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export const processIO = (): CliIO => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });

/** Every command module exports `run` with this shape and a one-line `summary`. */
export type CommandRun = (argv: string[], io: CliIO) => Promise<number>;
