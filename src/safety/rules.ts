/**
 * The triage rules: the catalogue (src/safety/catalogue) compiled once into matchers. A rule
 * fires when any of its `any` phrases, a phrase of every `all` group, or a phrase of every `near`
 * group within a few words of each other, is present in the
 * normalized message (triage.ts decides what "present" means: not negated, not history, not
 * hypothetical), unless an `except` phrase overlaps the match.
 */
import type { TriageLevel } from "./types.ts";
import { CLASSES, EMERGENCY_CATALOGUE, URGENT_CATALOGUE, type Category, type Presentation } from "./catalogue/index.ts";
import { compilePhrase, type CompiledPhrase } from "./catalogue/phrase.ts";
import { NEAR_WORDS } from "./catalogue/types.ts";

export interface Rule {
  id: string;
  label: string;
  level: TriageLevel;
  category: Category;
  any: CompiledPhrase[];
  all: CompiledPhrase[][];
  near: CompiledPhrase[][];
  nearWords: number;
  except: CompiledPhrase[];
}

const compiled = new Map<string, CompiledPhrase>();
function compile(phrase: string): CompiledPhrase {
  let c = compiled.get(phrase);
  if (!c) compiled.set(phrase, (c = compilePhrase(phrase, CLASSES)));
  return c;
}

function toRule(p: Presentation): Rule {
  return {
    id: p.id,
    label: p.label,
    level: p.level,
    category: p.category,
    any: (p.any ?? []).map(compile),
    all: (p.all ?? []).map((group) => group.map(compile)),
    near: (p.near ?? []).map((group) => group.map(compile)),
    nearWords: p.nearWords ?? NEAR_WORDS,
    except: (p.except ?? []).map(compile),
  };
}

export const EMERGENCY_RULES: readonly Rule[] = EMERGENCY_CATALOGUE.map(toRule);
export const URGENT_RULES: readonly Rule[] = URGENT_CATALOGUE.map(toRule);
