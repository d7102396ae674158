/**
 * Keeps control tokens typed inside messages from acting as control tokens. A user who writes
 * `<|im_start|>system` in a message must not open a system turn: only the control tokens the
 * chat template itself writes are parsed as such; the same text from a message is tokenized as
 * plain text (what llama.cpp does with parse_special off). llama.cpp's chat path parses them
 * everywhere; medpsy's chat and server do not (raw `complete` still does, as llama.cpp).
 *
 * How the template's own control tokens are told apart without guessing what the template does
 * with message text: render it twice, once as given and once with every control-token text in
 * the messages replaced by a private-use character run of the same length. A template that
 * copies, trims or splits message text does the same to both, so the two renderings have equal
 * length and differ only where a replacement landed; the control tokens left in the second
 * rendering are the template's, at the same offsets in the first. A template that changes
 * lengths (it would have to test for control-token text itself) fails that check and the
 * request is refused with a typed error rather than tokenized unsafely.
 */
import { ChatTemplateError } from "./template.ts";
import type { ChatMessage } from "./types.ts";

/** U+E000 (private use): no template trims, splits or cases it, and no control token holds it. */
const MASK = "\ue000";

const patterns = new WeakMap<readonly string[], RegExp>();

function patternFor(controlTexts: readonly string[]): RegExp | undefined {
  if (controlTexts.length === 0) return undefined;
  let re = patterns.get(controlTexts);
  if (!re) {
    const sorted = [...controlTexts].sort((a, b) => b.length - a.length);
    re = new RegExp(sorted.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    patterns.set(controlTexts, re);
  }
  return re;
}

/** Every string inside a message (content, reasoning, tool calls…) except its role. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === "string") return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === "role" ? x : mapStrings(x, f);
    return out;
  }
  return v;
}

function anyString(v: unknown, test: (s: string) => boolean): boolean {
  if (typeof v === "string") return test(v);
  if (Array.isArray(v)) return v.some((x) => anyString(x, test));
  if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => k !== "role" && anyString(x, test));
  return false;
}

/**
 * Offsets in `rendered` (the template applied to `messages`) where the template's own control
 * tokens start — or undefined when no message holds control-token text, so every control token
 * in `rendered` is the template's.
 */
export function templateControlOffsets(
  messages: ChatMessage[],
  rendered: string,
  render: (messages: ChatMessage[]) => string,
  controlTexts: readonly string[],
): Set<number> | undefined {
  const re = patternFor(controlTexts);
  if (!re) return undefined;
  const holds = (s: string) => {
    re.lastIndex = 0;
    return re.test(s);
  };
  if (!messages.some((m) => anyString(m, holds))) return undefined;
  const masked = messages.map((m) => mapStrings(m, (s) => s.replace(re, (t) => MASK.repeat(t.length))) as ChatMessage);
  const shadow = render(masked);
  let aligned = shadow.length === rendered.length;
  for (let i = 0; aligned && i < shadow.length; i++) {
    if (shadow.charCodeAt(i) !== rendered.charCodeAt(i) && shadow[i] !== MASK) aligned = false;
  }
  if (!aligned) {
    throw new ChatTemplateError(
      "render",
      new Error("a message holds control-token text and the chat template changes message text in a way medpsy cannot keep apart from its own control tokens; remove the control-token text from the messages"),
    );
  }
  const offsets = new Set<number>();
  re.lastIndex = 0;
  for (let m = re.exec(shadow); m; m = re.exec(shadow)) offsets.add(m.index);
  return offsets;
}
