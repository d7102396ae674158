/**
 * Renders a chat event stream on a terminal: reasoning dimmed (when a TTY), the answer plain,
 * safety notices highlighted, a summary line at the end; or collects one JSON object.
 */
import type { CliIO } from "./io.ts";
import { unfinishedReasoningHint } from "./generation-limits.ts";
import type { ChatStreamEvent, StopReason, TriageReason, Usage } from "../sdk/types.ts";

const DIM = "\x1b[2m";
const BOLD_RED = "\x1b[1;31m";
const RESET = "\x1b[0m";

export interface Renderer {
  event(ev: ChatStreamEvent): void;
  end(): void;
}

export interface RenderOptions {
  json: boolean;
  showReasoning: boolean;
  /** The limits the reply ran under, so the hint after an unfinished reasoning names the right one. */
  limits?: { maxTokens: number; reasoningBudget?: number; closeCost: number; bareCloseCost?: number };
}

export function createRenderer(io: CliIO, opts: RenderOptions): Renderer {
  const tty = Boolean(io.stdout.isTTY);
  let reasoning = "";
  let content = "";
  let stopReason: StopReason | undefined;
  let usage: Usage | undefined;
  let truncated = false;
  let triage: { level: string; reasons: TriageReason[] } | undefined;
  const notices: Array<{ kind: string; text: string }> = [];
  let mode: "none" | "reasoning" | "content" = "none";
  const started = Date.now();

  const write = (s: string) => io.stdout.write(s);
  return {
    event(ev) {
      switch (ev.type) {
        case "triage":
          triage = { level: ev.level, reasons: ev.reasons };
          break;
        case "notice":
          notices.push({ kind: ev.kind, text: ev.text });
          // The disclaimer goes with the model's text; a reply stopped before any has nothing to qualify.
          if (ev.kind === "disclaimer" && mode === "none") break;
          if (!opts.json) write(`${mode === "none" ? "" : "\n\n"}${tty && ev.kind === "referral" ? BOLD_RED : tty ? DIM : ""}${ev.text}${tty ? RESET : ""}\n\n`);
          break;
        case "reasoning":
          reasoning += ev.text;
          if (!opts.json && opts.showReasoning) {
            if (mode !== "reasoning") write(tty ? DIM : "<think>\n");
            else if (tty) write(DIM);
            write(ev.text);
            if (tty) write(RESET);
            mode = "reasoning";
          }
          break;
        case "content":
          content += ev.text;
          if (!opts.json) {
            if (mode === "reasoning") write(tty ? "\n\n" : "\n</think>\n\n");
            write(ev.text);
            mode = "content";
          }
          break;
        case "done":
          stopReason = ev.stopReason;
          usage = ev.usage;
          truncated = ev.reasoningTruncated;
          break;
      }
    },
    end() {
      if (opts.json) {
        write(JSON.stringify({ reasoning, content, stopReason, reasoningTruncated: truncated, usage, triage, notices }) + "\n");
        return;
      }
      if (mode !== "none") write("\n");
      if (truncated) {
        const limits = opts.limits ?? { maxTokens: usage ? usage.reasoningTokens + usage.contentTokens : 0, closeCost: 0 };
        io.stderr.write(`[${unfinishedReasoningHint({ stopReason: stopReason ?? "length", ...limits })}]\n`);
      } else if (stopReason === "abort") io.stderr.write("[stopped]\n");
      if (usage) {
        const secs = (Date.now() - started) / 1000;
        const gen = usage.reasoningTokens + usage.contentTokens;
        io.stderr.write(
          `${tty ? DIM : ""}[${stopReason}; prompt ${usage.promptTokens}, reasoning ${usage.reasoningTokens}, answer ${usage.contentTokens} tokens; ${(gen / Math.max(secs, 1e-3)).toFixed(1)} tok/s]${tty ? RESET : ""}\n`,
        );
      }
    },
  };
}
