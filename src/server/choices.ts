/**
 * `n` choices on chat and completions: the slot's session and n - 1 more sessions holding a copy
 * of the prompt's KV cache (the prompt is evaluated once), run concurrently so the engine decodes
 * them in the same steps. Choice i samples with seed + i (the same seed would give n copies of
 * one answer); without a seed every choice draws its own. One choice failing ends the others.
 */
import type { ChatOptions, Usage } from "../sdk/types.ts";
import type { Backend } from "./backend.ts";
import { badRequest, HttpError } from "./errors.ts";

export interface Choices {
  /** One per choice; the first is the slot's own. */
  slots: unknown[];
  release(): void;
}

/** An upstream server gets one choice per request (it has no cache to fork). */
export function refuseUpstreamChoices(backend: Backend, n: number): void {
  if (n > 1 && !backend.fork) throw badRequest("'n' must be 1 in front of an upstream server", "n", "unsupported_value");
}

/** The sessions for `n` choices (call before the response starts: too little memory is a 503). */
export async function forkChoices(backend: Backend, slot: unknown, prepared: unknown, n: number): Promise<Choices> {
  if (n <= 1) return { slots: [slot], release: () => {} };
  try {
    const forked = await backend.fork!(slot, prepared, n - 1);
    return { slots: [slot, ...forked.states], release: () => forked.release() };
  } catch (err) {
    if ((err as { code?: string })?.code === "SLOTS_DO_NOT_FIT") throw new HttpError(503, `not enough free memory for ${n} choices' KV caches; ask for fewer`, { param: "n", code: "insufficient_memory" });
    throw err;
  }
}

/**
 * Runs every choice (`run` gets its slot, index and options: its seed and a signal that also
 * fires when another choice fails), then releases the forked sessions. Rejects with the first error.
 */
export async function runChoices<R>(
  choices: Choices, options: ChatOptions, signal: AbortSignal, run: (slot: unknown, index: number, options: ChatOptions) => Promise<R>,
): Promise<R[]> {
  const ac = new AbortController();
  const both = AbortSignal.any([signal, ac.signal]);
  const seed = options.seed;
  try {
    return await Promise.all(
      choices.slots.map((slot, i) =>
        run(slot, i, { ...options, signal: both, ...(seed !== undefined ? { seed: (seed + i) % 2 ** 32 } : {}) }).catch((err) => {
          ac.abort();
          throw err;
        }),
      ),
    );
  } finally {
    choices.release();
  }
}

/** Usage of all choices: the prompt once, every choice's reasoning and answer tokens. */
export function sumUsage(usages: Usage[]): Usage {
  const sum = (f: (u: Usage) => number) => usages.reduce((s, u) => s + f(u), 0);
  return { ...usages[0]!, reasoningTokens: sum((u) => u.reasoningTokens), contentTokens: sum((u) => u.contentTokens) };
}
