/**
 * What the safety layer knows per locale: the languages its triage rules read, and per region the
 * number to call for an ambulance and a crisis line for suicidal thoughts. Numbers from each
 * country's public emergency-services information (112 is the EU-wide number and works from mobile
 * phones in most other countries too, which is why it is the fallback).
 */

/** Languages the triage catalogue is written in. A policy with another language is refused (policy.ts). */
export const TRIAGE_LANGUAGES: readonly string[] = ["en"];

/** Region (ISO 3166-1 alpha-2) → the number that reaches an ambulance. */
const EMERGENCY: Readonly<Record<string, string>> = {
  US: "911", CA: "911", MX: "911", PH: "911", AR: "107", BR: "192", CL: "131", CO: "123", PE: "106",
  GB: "999", IE: "112 or 999", AU: "000", NZ: "111",
  // The EU, EEA and Switzerland: 112 everywhere.
  AT: "112", BE: "112", BG: "112", HR: "112", CY: "112", CZ: "112", DK: "112", EE: "112", FI: "112", FR: "112 (or 15)", DE: "112",
  GR: "112", HU: "112", IT: "112", LV: "112", LT: "112", LU: "112", MT: "112", NL: "112", PL: "112", PT: "112", RO: "112",
  SK: "112", SI: "112", ES: "112", SE: "112", IS: "112", NO: "113", CH: "144", LI: "144",
  IN: "112", PK: "1122", ZA: "10177 (or 112 from a mobile)", NG: "112", KE: "999 or 112", EG: "123",
  JP: "119", KR: "119", CN: "120", HK: "999", TW: "119", SG: "995", MY: "999", ID: "119", TH: "1669", VN: "115",
  IL: "101", SA: "997", AE: "998", TR: "112", RU: "112 (or 103)", UA: "103 (or 112)",
};

/** Region → a crisis line for suicidal thoughts, where one is well known nationally. */
const CRISIS: Readonly<Record<string, string>> = {
  US: "the 988 Suicide & Crisis Lifeline (call or text 988)",
  CA: "the 9-8-8 Suicide Crisis Helpline (call or text 988)",
  GB: "Samaritans on 116 123",
  IE: "Samaritans on 116 123",
  AU: "Lifeline on 13 11 14",
  NZ: "the 1737 helpline (call or text 1737)",
};

/** The language subtag of a BCP 47 tag, lower case ("en" of "en-GB"). */
export function languageOf(locale: string): string {
  return locale.split("-")[0]!.toLowerCase();
}

/** The region subtag of a BCP 47 tag, upper case ("GB" of "en-GB", "" when there is none). */
export function regionOf(locale: string): string {
  return (locale.split("-").find((p, i) => i > 0 && /^[A-Za-z]{2}$/.test(p)) ?? "").toUpperCase();
}

/** The emergency number of a locale's region; undefined when the region is not known here. */
export function emergencyNumberOf(locale: string): string | undefined {
  return EMERGENCY[regionOf(locale)];
}

export function crisisLineOf(locale: string): string | undefined {
  return CRISIS[regionOf(locale)];
}
