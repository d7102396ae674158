/**
 * PHI redaction with stable placeholders: the same value always becomes the same placeholder
 * (`[NAME_1]`, `[DATE_2]`) within one map, so a redacted conversation still reads coherently, and
 * `restoreRedacted` maps a reply back locally. The map never leaves the machine.
 */
import { DETECTORS, type PhiKind } from "./detectors.ts";
import { findLexiconNames } from "./names.ts";
import { yieldToEventLoop } from "../../event-loop.ts";

export interface RedactionMap {
  /** placeholder → original */
  byPlaceholder: Map<string, string>;
  /** kind + original → placeholder */
  byValue: Map<string, string>;
  counts: Map<PhiKind, number>;
}

export const newRedactionMap = (): RedactionMap => ({ byPlaceholder: new Map(), byValue: new Map(), counts: new Map() });

export interface Span { start: number; end: number; kind: PhiKind }

/**
 * Identifier spans, non-overlapping, earlier detectors winning. Linear in the number of matches:
 * each detector's matches come in text order, so they are checked against the spans kept so far
 * (sorted, non-overlapping) with one forward sweep, then merged into them.
 */
export function findPhi(text: string): Span[] {
  const steps = phiSteps(text);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** findPhi for large texts: the same spans, with a yield to the event loop between detectors. */
export async function findPhiAsync(text: string): Promise<Span[]> {
  const steps = phiSteps(text);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (text.length > YIELD_ABOVE) await yieldToEventLoop();
  }
}

/** Texts up to this many code units are searched without yielding (a few ms at most). */
const YIELD_ABOVE = 32_768;

/** One detector's pass per step. */
function* phiSteps(text: string): Generator<void, Span[]> {
  let kept: Span[] = [];
  const keep = (candidates: Span[]) => {
    const merged: Span[] = [];
    let j = 0;
    for (const c of candidates) {
      // Kept spans wholly before this candidate can never overlap a later one either.
      while (j < kept.length && kept[j]!.end <= c.start) merged.push(kept[j++]!);
      if (j < kept.length && kept[j]!.start < c.end) continue;
      if (merged.length > 0 && merged[merged.length - 1]!.end > c.start) continue;
      merged.push(c);
    }
    while (j < kept.length) merged.push(kept[j++]!);
    kept = merged;
  };
  for (const d of DETECTORS) {
    const found: Span[] = [];
    for (const m of text.matchAll(d.re)) {
      let start = m.index!;
      let value = m[0];
      const g = d.group !== undefined ? m[d.group] : m.slice(1).find((x) => x !== undefined);
      if (g !== undefined && (d.group !== undefined || d.kind === "NAME" || d.kind === "ZIP")) {
        start = m.index! + m[0].indexOf(g);
        value = g;
      }
      found.push({ start, end: start + value.length, kind: d.kind });
    }
    keep(found);
    yield;
  }
  keep(findLexiconNames(text).map((n) => ({ ...n, kind: "NAME" as const })));
  return kept;
}

export function redactPhi(text: string, map: RedactionMap = newRedactionMap()): { text: string; map: RedactionMap; spans: Span[] } {
  return replaceSpans(text, findPhi(text), map);
}

/** redactPhi for large texts: the same result, yielding to the event loop between detectors. */
export async function redactPhiAsync(text: string, map: RedactionMap = newRedactionMap()): Promise<{ text: string; map: RedactionMap; spans: Span[] }> {
  return replaceSpans(text, await findPhiAsync(text), map);
}

function replaceSpans(text: string, spans: Span[], map: RedactionMap): { text: string; map: RedactionMap; spans: Span[] } {
  let out = "";
  let at = 0;
  for (const s of spans) {
    const value = text.slice(s.start, s.end);
    const key = `${s.kind}\u0000${value}`;
    let ph = map.byValue.get(key);
    if (!ph) {
      const n = (map.counts.get(s.kind) ?? 0) + 1;
      map.counts.set(s.kind, n);
      ph = `[${s.kind}_${n}]`;
      map.byValue.set(key, ph);
      map.byPlaceholder.set(ph, value);
    }
    out += text.slice(at, s.start) + ph;
    at = s.end;
  }
  return { text: out + text.slice(at), map, spans };
}

export function restoreRedacted(text: string, map: RedactionMap): string {
  return text.replace(/\[(?:EMAIL|URL|IP|SSN|PHONE|DATE|ID|ADDRESS|ZIP|AGE|NAME)_\d+\]/g, (ph) => map.byPlaceholder.get(ph) ?? ph);
}
