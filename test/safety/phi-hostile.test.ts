/**
 * PHI redaction under hostile input: linear in the text. The span sweep equals the plain
 * definition (each match kept unless it overlaps one kept before it, earlier detectors first) on
 * random notes, and 1 MiB of each text that made a pattern or the overlap check quadratic —
 * name-like words, "a.a.a…" with no "@", a cue word before a megabyte of spaces — is redacted.
 * The test's timeout is the only time bound (generous: about 0.5 s a MiB here; the quadratic
 * version took 40 s on 900 KB of names); nothing asserts a duration.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DETECTORS } from "../../src/safety/phi/detectors.ts";
import { findLexiconNames } from "../../src/safety/phi/names.ts";
import { findPhi, redactPhi, restoreRedacted, type Span } from "../../src/safety/phi/redact.ts";
import { Rng } from "../../src/sampling/rng.ts";

/** The definition, quadratic: every match checked against every span kept before it. */
function plainFindPhi(text: string): Span[] {
  const spans: Span[] = [];
  const taken = (s: number, e: number) => spans.some((x) => s < x.end && e > x.start);
  for (const d of DETECTORS) {
    for (const m of text.matchAll(d.re)) {
      let start = m.index!;
      let value = m[0];
      const g = d.group !== undefined ? m[d.group] : m.slice(1).find((x) => x !== undefined);
      if (g !== undefined && (d.group !== undefined || d.kind === "NAME" || d.kind === "ZIP")) {
        start = m.index! + m[0].indexOf(g);
        value = g;
      }
      if (!taken(start, start + value.length)) spans.push({ start, end: start + value.length, kind: d.kind });
    }
  }
  for (const n of findLexiconNames(text)) if (!taken(n.start, n.end)) spans.push({ ...n, kind: "NAME" });
  return spans.sort((a, b) => a.start - b.start);
}

const FRAGMENTS = [
  "Mr John Carter", "Maria Garcia called", "my son Liam", "patient: Ana Lopez", "MRN: 12345678", "MRN 4455-77",
  "SSN 123-45-6789", "call 555-201-3344", "+44 20 7946 0958", "on 01/02/2020", "March 3rd, 2021", "12 Main Street Apt 4",
  "NY 10001", "SW1A 1AA", "a.b@mail.example.org", "www.example.com/x", "10.0.0.1", "95 year old", "Dr. Smith",
  "chest pain", "no fever", ", and", "Hoang Tanaka reported", "The Patient", " ", "\n", ".",
];

test("the span sweep equals the plain overlap definition on 2,000 random notes", () => {
  const rng = new Rng(26, "phi");
  for (let i = 0; i < 2000; i++) {
    const parts = 1 + (rng.nextU32() % 12);
    let text = "";
    for (let j = 0; j < parts; j++) text += FRAGMENTS[rng.nextU32() % FRAGMENTS.length] + [" ", ", ", ". ", "\n", ""][rng.nextU32() % 5];
    assert.deepEqual(findPhi(text), plainFindPhi(text), JSON.stringify(text));
  }
});

const MiB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MiB / unit.length)).slice(0, MiB);
const HOSTILE_PHI: Record<string, string> = {
  "name-like words": fill("Maria Garcia "),
  "titles": fill("Mr "),
  "dates": fill("Jan 1 "),
  "dots, no @": fill("a."),
  "digits and dashes": fill("1-"),
  "www. runs": fill("www."),
  "one long domain": "a@" + fill("b."),
  "cue, then spaces": "patient" + " ".repeat(MiB),
  "MRN, then spaces": "MRN" + " ".repeat(MiB),
  "number, then spaces": "1" + " ".repeat(MiB) + "Aa",
  "capitalized pairs": fill("Aa Bb "),
  "mixed identifiers": fill("Dr. Smith called 555-123-4567 on 01/02/2020 at 12 Main Street; "),
};

test("1 MiB of each hostile text is redacted and restored (linear; bounded only by the test timeout)", { timeout: 300_000 }, () => {
  for (const [name, text] of Object.entries(HOSTILE_PHI)) {
    const r = redactPhi(text);
    assert.equal(restoreRedacted(r.text, r.map), text, `${name}: restore gives the text back`);
  }
});
