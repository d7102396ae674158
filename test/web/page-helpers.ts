/** Playwright helpers for the chat page test: settings dialog, and a record of each turn's states. */
import type { Page } from "playwright-core";

/** One observed state of the newest assistant turn (text lengths, panel open, banner shown). */
export interface TurnState {
  turn: number;
  reasoning: number;
  open: boolean;
  answer: number;
  triage: boolean;
}

/** Fills the settings dialog the way a user does and closes it. */
export async function setSettings(page: Page, values: Record<string, string>): Promise<void> {
  await page.click("#open-settings");
  for (const [name, value] of Object.entries(values)) await page.fill(`#settings-form input[name=${name}]`, value);
  await page.dispatchEvent("#settings-form", "change");
  await page.click("#settings-form button[type=submit]");
}

/** Starts recording: after every batch of DOM changes, the state of the newest assistant turn. */
export async function recordTurns(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: TurnState[] = [];
    (window as any).__turnStates = log;
    const conversation = document.getElementById("conversation")!;
    new MutationObserver(() => {
      const turns = conversation.querySelectorAll(".turn.assistant");
      const t = turns[turns.length - 1];
      if (!t) return;
      log.push({
        turn: turns.length,
        reasoning: t.querySelector(".reasoning-text")!.textContent!.length,
        open: (t.querySelector(".reasoning") as HTMLDetailsElement).open,
        answer: t.querySelector(".answer")!.textContent!.length,
        triage: !(t.querySelector(".triage") as HTMLElement).hidden,
      });
    }).observe(conversation, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** The recorded states of the n-th assistant turn (1-based), in order. */
export async function turnStates(page: Page, n: number): Promise<TurnState[]> {
  return page.evaluate((n) => ((window as any).__turnStates as TurnState[]).filter((s) => s.turn === n), n);
}
