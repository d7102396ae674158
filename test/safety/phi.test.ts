/**
 * PHI redaction measured on 80 synthetic clinical notes (data/phi-notes.jsonl, made by
 * make-phi-notes.ts) with every identifier labelled: recall of identifier characters ≥ 0.98
 * (precision reported), stable placeholders, and restore(redact(x)) == x.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { redactPhi, restoreRedacted, newRedactionMap, findPhi } from "../../src/safety/index.ts";

const notes = readFileSync(new URL("./data/phi-notes.jsonl", import.meta.url), "utf8").trim().split("\n")
  .map((l) => JSON.parse(l) as { id: string; text: string; labels: Array<{ kind: string; start: number; end: number }> });

test("identifier recall ≥ 0.98 on labelled notes", () => {
  let labelled = 0, found = 0, spanChars = 0, spanTrue = 0;
  const missed: string[] = [];
  for (const n of notes) {
    const spans = findPhi(n.text);
    const covered = new Uint8Array(n.text.length);
    for (const s of spans) covered.fill(1, s.start, s.end);
    const truth = new Uint8Array(n.text.length);
    for (const l of n.labels) {
      assert.ok(l.end > l.start && n.text.slice(l.start, l.end).trim() === n.text.slice(l.start, l.end), `${n.id}: label ${l.kind} must cover a non-empty trimmed span`);
      truth.fill(1, l.start, l.end);
      labelled++;
      let all = true;
      for (let i = l.start; i < l.end; i++) if (!covered[i]) all = false;
      if (all) found++;
      else missed.push(`${n.id} ${l.kind} "${n.text.slice(l.start, l.end)}"`);
    }
    for (let i = 0; i < n.text.length; i++) if (covered[i]) { spanChars++; if (truth[i]) spanTrue++; }
  }
  const recall = found / labelled, precision = spanTrue / spanChars;
  console.log(`PHI: ${labelled} identifiers in ${notes.length} notes, recall ${recall.toFixed(3)}, character precision ${precision.toFixed(3)}`);
  assert.ok(recall >= 0.98, `recall ${recall}\n${missed.join("\n")}`);
});

test("same value → same placeholder; restore maps back; the original never appears", () => {
  const map = newRedactionMap();
  const a = redactPhi("Dr. Okafor saw Mr. John Smith on March 3, 2024; call (555) 123-4567.", map);
  const b = redactPhi("Mr. John Smith called back from (555) 123-4567.", map);
  assert.equal(a.text, "Dr. [NAME_1] saw Mr. [NAME_2] on [DATE_1]; call [PHONE_1].");
  assert.equal(b.text, "Mr. [NAME_2] called back from [PHONE_1].");
  for (const n of notes) {
    const m = newRedactionMap();
    const r = redactPhi(n.text, m);
    assert.equal(restoreRedacted(r.text, m), n.text);
  }
});

test("messages without identifiers get no redactions (false-positive rate on the triage set ≤ 1%)", async () => {
  const { readFileSync } = await import("node:fs");
  const rows = readFileSync(new URL("./data/triage-set.jsonl", import.meta.url), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { text: string });
  const flagged = rows.filter((r) => findPhi(r.text).length > 0).map((r) => r.text);
  console.log(`PHI false positives: ${flagged.length} of ${rows.length} identifier-free messages`);
  assert.ok(flagged.length <= rows.length * 0.01, flagged.join("\n"));
});
