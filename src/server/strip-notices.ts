/**
 * Clients echo earlier answers back as assistant messages; when the server put the referral or
 * the disclaimer into `content`, those texts must not reach the model's context. This removes
 * them (as the server wrote them: referral first, disclaimer last, blank-line separated).
 */
import type { ChatMessage } from "../sdk/types.ts";

export function stripSafetyNotices(messages: ChatMessage[], noticeTexts: readonly string[]): ChatMessage[] {
  if (noticeTexts.length === 0) return messages;
  return messages.map((m) => {
    if (m.role !== "assistant") return m;
    let c = m.content;
    for (const t of noticeTexts) {
      if (!t) continue;
      if (c.startsWith(t)) c = c.slice(t.length).replace(/^\s+/, "");
      if (c.endsWith(t)) c = c.slice(0, c.length - t.length).replace(/\s+$/, "");
    }
    return c === m.content ? m : { ...m, content: c };
  });
}
