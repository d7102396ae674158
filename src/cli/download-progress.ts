/**
 * A download progress bar on stderr (bytes, %, speed, ETA); off a terminal, plain lines every 10%
 * and at least every 5 s, so a slow download is never silent.
 */
import type { CliIO } from "./io.ts";

export function downloadProgress(io: CliIO, everyMs = 5000): (done: number, total: number, file: string) => void {
  const started = Date.now();
  let lastPct = -10;
  let lastLine = started;
  return (done, total, file) => {
    const pct = total ? (100 * done) / total : 0;
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const line = `${file}: ${(done / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB ${pct.toFixed(0)}%  ${(rate / 1e6).toFixed(1)} MB/s  ETA ${Math.round(eta)} s`;
    if (io.stderr.isTTY) {
      io.stderr.write(`\r${line}\x1b[K`);
      if (done >= total) io.stderr.write("\n");
    } else if (pct >= lastPct + 10 || done >= total || Date.now() - lastLine >= everyMs) {
      lastPct = Math.max(lastPct, Math.floor(pct / 10) * 10);
      lastLine = Date.now();
      io.stderr.write(line + "\n");
    }
  };
}
