/** The shape of the triage catalogue: presentations grouped by body system and population. */

/** Catalogue categories: body systems, then populations and situations (as triage systems group them). */
export const CATEGORIES = [
  "cardiovascular", "respiratory", "neurological", "allergy", "abdominal", "infection", "eye-ent", "metabolic", "bleeding",
  "child", "infant", "pregnancy", "older-adult", "mental-health", "toxicology", "trauma", "environmental",
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * One presentation: what a person might describe, when it is an emergency (or urgent), and the
 * words people use for it. It is flagged when any `any` phrase is present, or when every group of
 * `all` has a phrase present (anywhere in the message, not negated, not history or hypothetical),
 * or when every group of `near` has a phrase present within a few words of the others.
 */
export interface Presentation {
  /** Stable id, reported as the triage reason's id. */
  id: string;
  /** Shown to the user in the referral ("possible heart attack"). */
  label: string;
  category: Category;
  level: "emergency" | "urgent";
  /** The discriminator this follows and where it comes from, in our own words. */
  basis: string;
  /** Phrases (phrase.ts notation) any one of which is enough. */
  any?: readonly string[];
  /** Groups of phrases that must all be present: e.g. chest pain AND (sweating OR spreading to the arm). */
  all?: readonly (readonly string[])[];
  /**
   * Concepts that must all be present close together, in any order: a phrase of every group within
   * NEAR_WORDS words of each other ("blood" near "spurting": "blood is coming out in spurts",
   * "spurting blood", "the blood spurts"). Each group is usually a list of single words, so the
   * word order and the words in between do not matter.
   */
  near?: readonly (readonly string[])[];
  /** How close the `near` groups must be, in words (default NEAR_WORDS). With `all` too, both must hold. */
  nearWords?: number;
  /** Phrases that, overlapping a match, cancel it ("cannot breathe through my nose"). */
  except?: readonly string[];
}

/** How close (in words, from the start of one concept's match to the start of another's) the groups of `near` must be. */
export const NEAR_WORDS = 8;
