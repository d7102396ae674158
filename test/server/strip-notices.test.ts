/**
 * stripSafetyNotices works from the policy alone (no memory of what was sent): the referral for
 * any red flags, with or without the crisis line, first; the disclaimer last; the answer between
 * them and every other message left exactly as they were.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { stripSafetyNotices } from "../../src/server/strip-notices.ts";
import { resolveSafetyPolicy } from "../../src/safety/policy.ts";
import { disclaimerText, referralMessage } from "../../src/safety/referral.ts";
import { triage } from "../../src/safety/triage.ts";

const policy = resolveSafetyPolicy({ locale: "en-GB" });
const referralFor = (text: string) => {
  const r = triage(text);
  assert.equal(r.level, "emergency", text);
  return referralMessage(r, policy);
};

test("the referral and the disclaimer are removed from echoed answers, the answer is kept", () => {
  const answer = "Sit down and rest.\n\nChew an aspirin if you are not allergic.";
  for (const q of ["crushing chest pain spreading to my left arm and I'm sweating", "I want to kill myself tonight"]) {
    const shown = [referralFor(q), answer, disclaimerText(policy)].join("\n\n");
    const messages = [
      { role: "user" as const, content: q },
      { role: "assistant" as const, content: shown },
      { role: "user" as const, content: "what now?" },
    ];
    const out = stripSafetyNotices(messages, policy);
    assert.equal(out[1]!.content, answer);
    assert.equal(out[0], messages[0]);
    assert.equal(out[2], messages[2]);
  }
});

test("answers without notices, user messages and other locales' texts are untouched", () => {
  const us = resolveSafetyPolicy({ locale: "en-US" });
  const other = [referralMessage(triage("crushing chest pain and sweating"), us), "ok"].join("\n\n");
  const messages = [
    { role: "user" as const, content: disclaimerText(policy) },
    { role: "assistant" as const, content: "Drink water." },
    { role: "assistant" as const, content: other },
  ];
  const out = stripSafetyNotices(messages, policy);
  assert.deepEqual(out, messages);
  // Texts the server remembers sending under another policy are stripped too.
  assert.equal(stripSafetyNotices(messages, policy, [referralMessage(triage("crushing chest pain and sweating"), us)])[2]!.content, "ok");
  // With the safety layer off and nothing remembered, nothing changes.
  assert.equal(stripSafetyNotices(messages, undefined), messages);
});
