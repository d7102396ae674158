/** Progress on stderr: a bar with ETA on a terminal, a line every 10% otherwise. */
export class Progress {
  private done = 0;
  private readonly started = Date.now();
  private lastPct = -1;
  private readonly total: number;
  private readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly label: string;

  constructor(total: number, out: NodeJS.WritableStream & { isTTY?: boolean }, label: string) {
    this.total = total;
    this.out = out;
    this.label = label;
  }

  private lastLine = "";
  private lastNote = 0;

  /** A message between progress lines (e.g. a retry); at most one per 5 s so 429 waves do not flood. */
  note(text: string): void {
    const now = Date.now();
    if (now - this.lastNote < 5000) return;
    this.lastNote = now;
    if (this.out.isTTY) this.out.write(`\r\x1b[K${text}\n${this.lastLine}`);
    else this.out.write(`${text}\n`);
  }

  tick(n = 1): void {
    this.done += n;
    const pct = this.total ? Math.floor((100 * this.done) / this.total) : 100;
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = this.done ? (elapsed / this.done) * (this.total - this.done) : 0;
    const fmt = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);
    if (this.out.isTTY) {
      const width = 30;
      const fill = Math.round((width * this.done) / Math.max(1, this.total));
      this.lastLine = `\r${this.label} [${"#".repeat(fill)}${"-".repeat(width - fill)}] ${this.done}/${this.total} ${pct}%  ETA ${fmt(eta)}   `;
      this.out.write(this.lastLine);
      if (this.done >= this.total) this.out.write("\n");
    } else if (pct >= this.lastPct + 10 || this.done >= this.total) {
      this.lastPct = pct;
      this.out.write(`${this.label}: ${this.done}/${this.total} (${pct}%), ETA ${fmt(eta)}\n`);
    }
  }
}
