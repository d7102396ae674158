/**
 * Ctrl-C while a command works: the first one asks the work to stop (the command then finishes
 * its output and exits 130, the shell's code for an interrupt); a second one leaves at once.
 */
export function onInterrupt(stop: () => void): { dispose(): void } {
  let count = 0;
  const handler = () => {
    if (++count === 1) return stop();
    process.stderr.write("\n");
    process.exit(130);
  };
  process.on("SIGINT", handler);
  return { dispose: () => process.off("SIGINT", handler) };
}
