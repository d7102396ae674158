/**
 * Progress on stderr: a bar with ETA on a terminal, plain lines otherwise (every 10% of the items,
 * and whenever nothing was said for a few seconds), so a long evaluation is never silent, even
 * while one slow item is generating.
 */
export interface ProgressOptions {
  /** Say where things stand after this long without output, ms (default 5,000; 0 = never). */
  heartbeatMs?: number;
}

const fmt = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);

export class Progress {
  private done = 0;
  private readonly started = Date.now();
  private lastPct = -1;
  private readonly total: number;
  private readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly label: string;
  private readonly heartbeatMs: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private lastLine = "";
  private lastNote = -Infinity;
  /** When anything was last written, and when the last item finished. */
  private lastWrite = Date.now();
  private lastTick = Date.now();
  /** Judge verdicts of the items being judged now: asked for, and come back. */
  private readonly judging = new Set<{ asked: number; answered: number }>();

  constructor(total: number, out: NodeJS.WritableStream & { isTTY?: boolean }, label: string, o: ProgressOptions = {}) {
    this.total = total;
    this.out = out;
    this.label = label;
    this.heartbeatMs = o.heartbeatMs ?? 5000;
    if (this.heartbeatMs > 0 && total > 0) {
      this.timer = setInterval(() => this.beat(), Math.max(250, Math.min(1000, this.heartbeatMs)));
      this.timer.unref?.();
    }
  }

  /** Stops the heartbeat (the evaluation ended). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private write(text: string): void {
    this.lastWrite = Date.now();
    this.out.write(text);
  }

  /** A message between progress lines (e.g. a retry); at most one per 5 s so 429 waves do not flood. */
  note(text: string): void {
    const now = Date.now();
    if (now - this.lastNote < 5000) return;
    this.lastNote = now;
    if (this.out.isTTY) this.write(`\r\x1b[K${text}\n${this.lastLine}`);
    else this.write(`${text}\n`);
  }

  /**
   * An item's rubric going to the judge: the heartbeat says how many verdicts are back, so a slow
   * judge is not mistaken for a hang. Call `answered` per verdict and `end` when the item is done.
   */
  judge(asked: number): { answered(): void; end(): void } {
    const work = { asked, answered: 0 };
    this.judging.add(work);
    return { answered: () => void work.answered++, end: () => void this.judging.delete(work) };
  }

  tick(n = 1): void {
    this.done += n;
    this.lastTick = Date.now();
    const pct = this.total ? Math.floor((100 * this.done) / this.total) : 100;
    if (this.out.isTTY) {
      this.write(this.bar());
      if (this.done >= this.total) {
        this.write("\n");
        this.stop();
      }
    } else if (pct >= this.lastPct + 10 || this.done >= this.total || Date.now() - this.lastWrite >= this.heartbeatMs) {
      this.lastPct = Math.max(this.lastPct, pct - (pct % 10));
      this.write(`${this.status()}\n`);
      if (this.done >= this.total) this.stop();
    }
  }

  private eta(): string {
    const elapsed = (Date.now() - this.started) / 1000;
    return this.done ? `ETA ${fmt((elapsed / this.done) * (this.total - this.done))}` : "ETA after the first item";
  }

  private bar(): string {
    const width = 30;
    const fill = Math.round((width * this.done) / Math.max(1, this.total));
    const pct = this.total ? Math.floor((100 * this.done) / this.total) : 100;
    const elapsed = fmt((Date.now() - this.started) / 1000);
    this.lastLine = `\r${this.label} [${"#".repeat(fill)}${"-".repeat(width - fill)}] ${this.done}/${this.total} ${pct}%  ${elapsed} elapsed, ${this.eta()}   `;
    return this.lastLine;
  }

  /** `waiting`: said by the heartbeat, while the next item is still running. */
  private status(waiting = false): string {
    const pct = this.total ? Math.floor((100 * this.done) / this.total) : 100;
    let judge = "";
    if (this.judging.size) {
      const [asked, answered] = [...this.judging].reduce(([a, b], w) => [a + w.asked, b + w.answered], [0, 0]);
      judge = `; the judge has given ${answered} of ${asked} verdicts`;
    }
    const busy = waiting ? `, ${fmt((Date.now() - this.started) / 1000)} elapsed, the next result still running (${fmt((Date.now() - this.lastTick) / 1000)} so far${judge})` : "";
    return `${this.label}: ${this.done}/${this.total} (${pct}%)${busy}, ${this.eta()}`;
  }

  /** Nothing said for heartbeatMs while items are still running: say where things stand. */
  private beat(): void {
    if (this.done >= this.total || Date.now() - this.lastWrite < this.heartbeatMs) return;
    if (this.out.isTTY) this.write(this.bar());
    else this.write(`${this.status(true)}\n`);
  }
}
