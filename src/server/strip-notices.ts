/**
 * Clients echo earlier answers back as assistant messages; when the server put the referral or
 * the disclaimer into `content`, those texts must not reach the model's context. This removes
 * them as the server wrote them: referrals first, disclaimer last, blank-line separated.
 *
 * The texts are derived from the policy (so this also works for answers given before a restart):
 * the disclaimer exactly, and the referral as its fixed wording around the variable list of red
 * flags, obtained from the safety layer's own `referralMessage` so the two never drift apart.
 */
import type { SafetyPolicy } from "../safety/policy.ts";
import { disclaimerText, referralMessage } from "../safety/referral.ts";
import type { ChatMessage } from "../sdk/types.ts";

/** Stands for the red-flag labels inside a referral; never appears in real text. */
const HOLE = "\u0000medpsy-reasons\u0000";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Patterns matching every referral text the policy can produce (with and without the crisis line). */
function referralPatterns(policy: SafetyPolicy): RegExp[] {
  const reason = (id: string) => ({ id, label: HOLE, evidence: "", level: "emergency" as const });
  const variants = [
    referralMessage({ level: "emergency", reasons: [reason("x")], hypothetical: false }, policy),
    referralMessage({ level: "emergency", reasons: [reason("suicidal_ideation")], hypothetical: false }, policy),
  ];
  return variants
    .filter((t) => t.includes(HOLE))
    .sort((a, b) => b.length - a.length)
    .map((t) => new RegExp("^" + t.split(HOLE).map(escape).join("[^\\n]{1,2000}?") + "(?=\\s|$)"));
}

/**
 * @param policy the server's safety policy (undefined: the layer is off; only `extraTexts` apply)
 * @param extraTexts exact notice texts the server sent earlier (e.g. under another policy)
 */
export function stripSafetyNotices(messages: ChatMessage[], policy: SafetyPolicy | undefined, extraTexts: readonly string[] = []): ChatMessage[] {
  const exact = [...new Set([...(policy && policy.disclaimer !== "off" ? [disclaimerText(policy)] : []), ...extraTexts])].filter((t) => t.length > 0);
  const patterns = policy ? referralPatterns(policy) : [];
  if (exact.length === 0 && patterns.length === 0) return messages;
  return messages.map((m) => {
    if (m.role !== "assistant") return m;
    const c = stripOne(m.content, exact, patterns);
    return c === m.content ? m : { ...m, content: c };
  });
}

function stripOne(content: string, exact: string[], patterns: RegExp[]): string {
  let c = content;
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of exact) {
      // trimStart/trimEnd, not /\s+$/: that regex rescans a long inner run of spaces from each of its positions.
      if (c.startsWith(t)) [c, changed] = [c.slice(t.length).trimStart(), true];
      if (c.endsWith(t)) [c, changed] = [c.slice(0, c.length - t.length).trimEnd(), true];
    }
    for (const p of patterns) {
      const m = p.exec(c);
      if (m) [c, changed] = [c.slice(m[0].length).trimStart(), true];
    }
  }
  return c;
}
