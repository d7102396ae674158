/**
 * The model card's published results, shown next to ours in every report: read at run time from
 * ../shared/card/results.json beside the package root (or $MEDPSY_CARD), like the datasets, so
 * the numbers come from one file that says where they are from. Percent in the file, fractions
 * here (as our summaries).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLOSED } from "./benchmarks.ts";

export interface CardModel {
  name: string;
  /** Fractions keyed by benchmark name, `closed_average`, or `BENCHMARK/Theme` (HealthBench themes). */
  scores: Record<string, number>;
}

export interface Card {
  /** Where the numbers were read from. */
  path: string;
  models: CardModel[];
  /** Mean tokens per response the card states: MedPsy and its base model. */
  tokensPerResponse?: { medpsy: number; base: number };
}

export type CardResult = { card: Card } | { problem: string };

export const themeKey = (benchmark: string, theme: string) => `${benchmark}/${theme}`;

export function defaultCardPath(): string {
  if (process.env.MEDPSY_CARD) return process.env.MEDPSY_CARD;
  return fileURLToPath(new URL("../../../shared/card/results.json", import.meta.url));
}

const cache = new Map<string, CardResult>();

/** The card's numbers, or why there are none (a missing or malformed file is a note in the report, not a failure). */
export function loadCard(path = defaultCardPath()): CardResult {
  const hit = cache.get(path);
  if (hit) return hit;
  const result = readCard(path);
  cache.set(path, result);
  return result;
}

function readCard(path: string): CardResult {
  if (!existsSync(path)) return { problem: `the card's published results were not found at ${path} (set MEDPSY_CARD to the card's results.json)` };
  let raw: Record<string, any>;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    return { problem: `the card's results at ${path} are not JSON (${(err as Error).message})` };
  }
  const names = raw.models;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string")) return { problem: `${path} has no "models" list` };
  const models: CardModel[] = names.map((name: string) => ({ name, scores: {} }));
  const put = (key: string, values: unknown) => {
    if (!Array.isArray(values) || values.length !== models.length) return;
    values.forEach((v, i) => {
      if (typeof v === "number" && Number.isFinite(v)) models[i]!.scores[key] = v / 100;
    });
  };
  const closed = (raw.closed_ended ?? {}) as Record<string, unknown>;
  for (const b of CLOSED) put(b, closed[b]);
  put("closed_average", closed.average);
  for (const b of ["healthbench", "healthbench_hard"]) {
    const block = (raw[b] ?? {}) as Record<string, unknown>;
    for (const [theme, values] of Object.entries(block)) put(theme === "overall" ? b : themeKey(b, theme), values);
  }
  // The 1.7B model's three published figures.
  const small = raw.medpsy_1_7b as Record<string, unknown> | undefined;
  if (small && typeof small === "object") {
    const scores: Record<string, number> = {};
    const take = (key: string, v: unknown) => typeof v === "number" && Number.isFinite(v) && (scores[key] = v / 100);
    take("closed_average", small.closed_ended_average);
    take("healthbench", small.healthbench);
    take("healthbench_hard", small.healthbench_hard);
    if (Object.keys(scores).length) models.push({ name: "MedPsy-1.7B", scores });
  }
  const lengths = raw.response_length_tokens as Record<string, unknown> | undefined;
  const medpsy = lengths?.["MedPsy-4B"];
  const base = lengths?.["Qwen3-4B-Thinking-2507"];
  const tokensPerResponse = typeof medpsy === "number" && typeof base === "number" ? { medpsy, base } : undefined;
  return { card: { path, models, tokensPerResponse } };
}
