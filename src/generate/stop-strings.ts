/**
 * Streaming stop strings: text is released as soon as it cannot be the start of a stop string;
 * on a match, the text before it is released and the rest (the stop string and anything after)
 * is withheld for good.
 */
import { partialSuffix } from "../chat/reasoning-parser.ts";

export class StopStringMatcher {
  private readonly stops: string[];
  private held = "";
  private done = false;

  constructor(stops: readonly string[]) {
    this.stops = stops.filter((s) => s.length > 0);
  }

  push(text: string): { text: string; stopped: boolean } {
    if (this.done) return { text: "", stopped: true };
    if (this.stops.length === 0) return { text, stopped: false };
    const s = this.held + text;
    let first = -1;
    for (const stop of this.stops) {
      const i = s.indexOf(stop);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    }
    if (first >= 0) {
      this.done = true;
      this.held = "";
      return { text: s.slice(0, first), stopped: true };
    }
    let keep = 0;
    for (const stop of this.stops) keep = Math.max(keep, partialSuffix(s, stop));
    this.held = s.slice(s.length - keep);
    return { text: s.slice(0, s.length - keep), stopped: false };
  }

  flush(): string {
    const rest = this.done ? "" : this.held;
    this.held = "";
    return rest;
  }
}
