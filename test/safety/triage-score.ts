/**
 * Scoring of triage on a labelled set: `emergency` against everything else. Recall per emergency
 * category, false alarms per routine category; shared by the tests and scripts/score-triage.ts.
 */
import type { TriageLevel } from "../../src/safety/types.ts";

export interface LabelledCase { id: string; text: string; level: TriageLevel; category: string; split: string; source: string }

export interface CategoryScore { category: string; emergencies: number; caught: number; others: number; falseAlarms: number }

export interface SetScore {
  messages: number;
  tp: number;
  fp: number;
  fn: number;
  recall: number;
  precision: number;
  categories: CategoryScore[];
  misses: string[];
}

export function scoreCases(cases: LabelledCase[], classify: (text: string) => TriageLevel): SetScore {
  let tp = 0, fp = 0, fn = 0;
  const misses: string[] = [];
  const byCategory = new Map<string, CategoryScore>();
  for (const c of cases) {
    const got = classify(c.text);
    const cat = byCategory.get(c.category) ?? { category: c.category, emergencies: 0, caught: 0, others: 0, falseAlarms: 0 };
    byCategory.set(c.category, cat);
    if (c.level === "emergency") {
      cat.emergencies++;
      if (got === "emergency") { tp++; cat.caught++; } else { fn++; misses.push(`missed ${c.id} (got ${got}): ${c.text}`); }
    } else {
      cat.others++;
      if (got === "emergency") { fp++; cat.falseAlarms++; misses.push(`false alarm ${c.id} (${c.level}): ${c.text}`); }
    }
  }
  return {
    messages: cases.length, tp, fp, fn,
    recall: tp + fn ? tp / (tp + fn) : 1,
    precision: tp + fp ? tp / (tp + fp) : 1,
    categories: [...byCategory.values()],
    misses,
  };
}

export function formatScore(s: SetScore): string {
  const lines = [`${s.messages} messages: emergency recall ${s.recall.toFixed(3)} (${s.tp}/${s.tp + s.fn}), precision ${s.precision.toFixed(3)} (${s.fp} false alarms)`];
  for (const c of s.categories) {
    if (c.emergencies) lines.push(`  ${c.category.padEnd(16)} recall ${(c.caught / c.emergencies).toFixed(2)} (${c.caught}/${c.emergencies})${c.others ? `, ${c.falseAlarms}/${c.others} false alarms` : ""}`);
    else lines.push(`  ${c.category.padEnd(16)} ${c.falseAlarms}/${c.others} false alarms`);
  }
  return lines.join("\n");
}
