/**
 * The spelling corrector's target vocabulary: red-flag words that people misspell and the
 * catalogue needs to see spelled right ("chesst" → "chest", "breth" → "breath"). Declared here,
 * one topic per line, not scraped from the catalogue; words of four letters or fewer are only
 * corrected by one edit, so short words are listed only when their misspellings are common.
 * After editing, regenerate the keep-list: `node scripts/make-triage-lexicon.ts`.
 */
export const VOCABULARY_LINES = [
  "chest pain pains pressure tightness crushing squeezing heaviness heavy radiating spreading sweating sweaty clammy", // cardiac
  "heart attack palpitations racing pounding pulse collapsed collapse unconscious unresponsive fainted fainting dizzy lightheaded", // circulation
  "breath breathe breathing breathless shortness wheezing wheezy gasping choking inhaler asthma lips blue", // breathing
  "stroke drooping droopy slurred slurring speech weakness numbness numb paralysed paralyzed tingling confused confusion", // neurological
  "seizure seizures fitting convulsing convulsions headache worst sudden suddenly thunderclap vision blind", // neurological
  "allergic allergy anaphylaxis anaphylactic swelling swollen throat tongue hives epipen peanut peanuts antibiotic", // allergy
  "vomiting vomited vomit throwing bleeding blood bleed haemorrhage hemorrhage stomach abdominal testicle", // abdominal, bleeding
  "fever temperature sepsis infection meningitis mottled blotchy rash glass drowsy", // infection
  "diabetic diabetes insulin ketones sugar hypo", // metabolic
  "pregnant pregnancy miscarriage contractions waters postpartum", // pregnancy
  "baby infant newborn toddler months weeks daughter husband", // people
  "suicidal suicide myself kill killing overdose overdosed hopeless pointless goodbye", // mental health
  "paracetamol acetaminophen ibuprofen codeine tramadol sertraline citalopram fluoxetine amitriptyline antidepressants", // medicines
  "tablets pills painkillers medication bleach antifreeze poison poisoned swallowed", // toxicology
  "stabbed accident fracture broken burns burned scalded electrocuted lightning drowning hypothermia heatstroke snake ambulance emergency", // trauma, environment
];

export const VOCABULARY: readonly string[] = [...new Set(VOCABULARY_LINES.join(" ").split(/\s+/))].sort();
