/**
 * The text a client reads (`content`, or `text` on completions), built in the order it is sent:
 * the emergency referral first, the answer, the disclaimer last, a blank line between them.
 * A notice stays out of the text (it is still in the `medpsy` field) when the client asked for
 * notices as data only, or when it would bring one of the request's stop strings into the text:
 * a client that cut the answer at "\n" or at a word must not find that string in what it reads.
 */
import { partialSuffix } from "../chat/reasoning-parser.ts";

const SEPARATOR = "\n\n";

export class AnswerText {
  /** Everything written so far. */
  text = "";
  private answered = false;

  private readonly noticesInContent: boolean;
  private readonly stops: readonly string[];

  constructor(noticesInContent: boolean, stops: readonly string[] = []) {
    this.noticesInContent = noticesInContent;
    this.stops = stops;
  }

  /** The piece to write for a notice: "" when it stays out of the text. */
  notice(kind: "referral" | "disclaimer", notice: string): string {
    if (!this.noticesInContent) return "";
    const piece = (this.text ? SEPARATOR : "") + notice;
    const joined = this.text + piece;
    // The answer may still follow the referral after a blank line: a stop string must not start
    // in the referral and end in the answer either.
    const next = kind === "referral" && !this.answered ? joined + SEPARATOR : joined;
    if (this.stops.some((s) => next.includes(s) || (next !== joined && partialSuffix(next, s) > 0))) return "";
    this.text = joined;
    return piece;
  }

  /** The piece to write for answer text (a blank line before its first piece after a notice). */
  answer(text: string): string {
    if (!text) return "";
    const piece = (this.text && !this.answered ? SEPARATOR : "") + text;
    this.answered = true;
    this.text += piece;
    return piece;
  }
}
