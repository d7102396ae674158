/**
 * Restores PHI placeholders in streamed text: a placeholder split across pieces ("[NAM" + "E_1]")
 * is held back until it is complete, so the user sees the original values, never half a token.
 */
import { restoreRedacted, type RedactionMap } from "./redact.ts";

/** Longest placeholder, e.g. "[ADDRESS_12345]". */
const MAX_PLACEHOLDER = 24;

export class StreamRestorer {
  private held = "";
  private readonly map: RedactionMap;

  constructor(map: RedactionMap) {
    this.map = map;
  }

  push(text: string): string {
    const s = this.held + text;
    const open = s.lastIndexOf("[");
    // Hold back a "[" that may still become a placeholder.
    if (open >= 0 && !s.slice(open).includes("]") && s.length - open <= MAX_PLACEHOLDER && /^\[[A-Z]*_?\d*$/.test(s.slice(open))) {
      this.held = s.slice(open);
      return restoreRedacted(s.slice(0, open), this.map);
    }
    this.held = "";
    return restoreRedacted(s, this.map);
  }

  end(): string {
    const rest = restoreRedacted(this.held, this.map);
    this.held = "";
    return rest;
  }
}
