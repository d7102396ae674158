/** PubMedQA PQA-L: the expert-labelled abstracts, evaluated on the official test ids (yes/no/maybe). */
import { basename } from "node:path";
import { DatasetError } from "../errors.ts";
import type { ClosedItem } from "../types.ts";
import { firstExisting, readJson } from "./read.ts";

const LABELS = ["yes", "no", "maybe"];

export function loadPubmedqa(data: string): ClosedItem[] {
  const pqal = firstExisting("pubmedqa", data, ["pubmedqa/ori_pqal.json", "pubmedqa/data/ori_pqal.json"]);
  const truthPath = firstExisting("pubmedqa", data, ["pubmedqa/test_ground_truth.json", "pubmedqa/data/test_ground_truth.json"]);
  const all = readJson(pqal) as Record<string, Record<string, unknown>>;
  const truth = readJson(truthPath) as Record<string, unknown>;
  if (!all || typeof all !== "object" || Array.isArray(all)) throw new DatasetError(basename(pqal), "expected an object keyed by PubMed id");
  if (!truth || typeof truth !== "object" || Array.isArray(truth)) throw new DatasetError(basename(truthPath), "expected an object of PubMed id → label");
  return Object.entries(truth).map(([pmid, gold]) => {
    const rec = all[pmid];
    if (!rec) throw new DatasetError(basename(pqal), `test id ${pmid} has no record`, { field: pmid });
    if (typeof gold !== "string" || !LABELS.includes(gold)) throw new DatasetError(basename(truthPath), "label must be yes, no or maybe", { field: pmid, found: JSON.stringify(gold) });
    const q = rec.QUESTION;
    const ctx = rec.CONTEXTS;
    if (typeof q !== "string" || !q.trim()) throw new DatasetError(basename(pqal), "missing question", { field: `${pmid}.QUESTION` });
    if (!Array.isArray(ctx) || ctx.some((c) => typeof c !== "string")) throw new DatasetError(basename(pqal), "CONTEXTS must be a list of strings", { field: `${pmid}.CONTEXTS` });
    return { kind: "closed", id: pmid, question: q.trim(), options: [], contexts: ctx as string[], labels: LABELS, gold } satisfies ClosedItem;
  });
}
