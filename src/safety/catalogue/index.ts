/**
 * The triage catalogue: emergency presentations by body system and population, each with its
 * discriminators and the ways people say it, plus the urgent ones. See README.md beside this file.
 */
import type { Presentation } from "./types.ts";
import { CARDIOVASCULAR } from "./cardiovascular.ts";
import { RESPIRATORY } from "./respiratory.ts";
import { NEUROLOGICAL } from "./neurological.ts";
import { ALLERGY } from "./allergy.ts";
import { ABDOMINAL } from "./abdominal.ts";
import { INFECTION_PRESENTATIONS } from "./infection.ts";
import { EYE_ENT } from "./eye-ent.ts";
import { METABOLIC } from "./metabolic.ts";
import { BLEEDING } from "./bleeding.ts";
import { CHILD, INFANT_PRESENTATIONS } from "./children.ts";
import { PREGNANCY } from "./pregnancy.ts";
import { OLDER_ADULT } from "./older-adult.ts";
import { MENTAL_HEALTH } from "./mental-health.ts";
import { TOXICOLOGY } from "./toxicology.ts";
import { TRAUMA } from "./trauma.ts";
import { ENVIRONMENTAL } from "./environmental.ts";
import { URGENT } from "./urgent.ts";
import { CLINICAL } from "./clinical.ts";

export { CATEGORIES, type Category, type Presentation } from "./types.ts";
export { CLASSES } from "./classes.ts";

/** Every emergency presentation, in the order reasons are reported. */
export const EMERGENCY_CATALOGUE: readonly Presentation[] = [
  ...CARDIOVASCULAR, ...RESPIRATORY, ...NEUROLOGICAL, ...ALLERGY, ...ABDOMINAL, ...INFECTION_PRESENTATIONS, ...EYE_ENT,
  ...METABOLIC, ...BLEEDING, ...CHILD, ...INFANT_PRESENTATIONS, ...PREGNANCY, ...OLDER_ADULT, ...MENTAL_HEALTH,
  ...TOXICOLOGY, ...TRAUMA, ...ENVIRONMENTAL, ...CLINICAL,
];

export const URGENT_CATALOGUE: readonly Presentation[] = URGENT;
