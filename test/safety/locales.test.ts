/**
 * Locales: a locale whose language the triage rules cannot read is refused with a typed error
 * (never English rules run silently on French text), English with any region works and gets that
 * region's numbers, an unknown region says 112 is only a fallback, and the CLI reports the refusal.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidArgumentError } from "../../src/errors.ts";
import { disclaimerText, emergencyNumber, referralMessage, resolveSafetyPolicy, triage } from "../../src/safety/index.ts";

test("a language the rules do not read is refused, unless triage is off", () => {
  for (const locale of ["fr-FR", "de", "es-MX", "zh-Hans-CN"]) {
    assert.throws(() => resolveSafetyPolicy({ locale }), (e: unknown) => e instanceof InvalidArgumentError && /triage cannot read/.test(e.message), locale);
  }
  const off = resolveSafetyPolicy({ locale: "fr-FR", triage: false });
  assert.equal(emergencyNumber(off), "112 (or 15)");
});

test("English with any region: that region's emergency number and crisis line", () => {
  const number = (locale: string) => emergencyNumber(resolveSafetyPolicy({ locale }));
  assert.equal(number("en-US"), "911");
  assert.equal(number("en-GB"), "999");
  assert.equal(number("en-AU"), "000");
  assert.equal(number("en-NZ"), "111");
  assert.equal(number("en-IN"), "112");
  assert.equal(number("en-JP"), "119");
  assert.equal(number("en-CH"), "144");
  assert.equal(number("en-FR"), "112 (or 15)");
  const suicidal = triage("I have written my goodbye letters and I am going to end my life tonight");
  assert.equal(suicidal.level, "emergency");
  assert.match(referralMessage(suicidal, resolveSafetyPolicy({ locale: "en-GB" })), /Call 999.*Samaritans on 116 123/);
  assert.match(referralMessage(suicidal, resolveSafetyPolicy({ locale: "en-US" })), /Call 911.*988/);
  assert.match(referralMessage(suicidal, resolveSafetyPolicy({ locale: "en-AU" })), /Call 000.*13 11 14/);
});

test("an unknown region says its number is only the fallback; an override is used as given", () => {
  const unknown = resolveSafetyPolicy({ locale: "en" });
  const chest = triage("crushing chest pain and sweating");
  assert.match(referralMessage(chest, unknown), /Call 112 \(or your local emergency number\)/);
  assert.match(disclaimerText(unknown), /112 \(or your local emergency number\)/);
  assert.match(referralMessage(chest, resolveSafetyPolicy({ locale: "en-XX", emergencyNumber: "2222" })), /Call 2222 or go/);
});
